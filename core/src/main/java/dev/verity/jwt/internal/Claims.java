package dev.verity.jwt.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registered and well-known claims of a JWT, type-checked while parsing (RFC 7519 §4.1).
 *
 * @param utf8 the claims set exactly as received: strict UTF-8, never modified
 * @param issuer {@code iss}, or null
 * @param subject {@code sub}, or null
 * @param audience {@code aud} as a list (a single string becomes one element), or null
 * @param expiresAt {@code exp}, or null
 * @param notBefore {@code nbf}, or null
 * @param issuedAt {@code iat}, or null
 * @param jwtId {@code jti}, or null
 * @param scope {@code scope} (space-separated), or null
 * @param scp {@code scp} (an array of strings, or a single string as a list of one), or null
 * @param clientId {@code client_id}, or null
 * @param tokenUse {@code token_use} (Amazon Cognito), or null
 * @param groups {@code cognito:groups}, or null
 * @param requiredPresent bit i set when the i-th required claim name was present and not null
 */
public record Claims(
    byte[] utf8,
    String issuer,
    String subject,
    List<String> audience,
    Instant expiresAt,
    Instant notBefore,
    Instant issuedAt,
    String jwtId,
    String scope,
    List<String> scp,
    String clientId,
    String tokenUse,
    List<String> groups,
    long requiredPresent) {
  /**
   * Returns whether the token grants {@code wanted}: a space-separated word of {@code scope} or of
   * an {@code scp} element. Reads in place, allocating nothing, since it runs for every token
   * checked against required scopes.
   */
  public boolean hasScope(String wanted) {
    if (scope != null && containsWord(scope, wanted)) {
      return true;
    }
    if (scp != null) {
      for (String element : scp) {
        if (containsWord(element, wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the union of {@code scope} and {@code scp} in order of appearance; empty if neither.
   */
  public Set<String> scopes() {
    Set<String> all = new LinkedHashSet<>();
    if (scope != null) {
      addWords(all, scope);
    }
    if (scp != null) {
      for (String element : scp) {
        addWords(all, element);
      }
    }
    return Collections.unmodifiableSet(all);
  }

  private static boolean containsWord(String text, String word) {
    int from = 0;
    while (true) {
      int at = text.indexOf(word, from);
      if (at < 0) {
        return false;
      }
      int end = at + word.length();
      if ((at == 0 || text.charAt(at - 1) == ' ')
          && (end == text.length() || text.charAt(end) == ' ')) {
        return true;
      }
      from = at + 1;
    }
  }

  private static void addWords(Set<String> into, String text) {
    for (String word : text.split(" ")) {
      if (!word.isEmpty()) {
        into.add(word);
      }
    }
  }

  /** Returns the JSON text exactly as received (built on each call; cache it if needed). */
  public String json() {
    return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }
}
