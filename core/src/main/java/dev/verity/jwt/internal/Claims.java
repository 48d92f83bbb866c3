package dev.verity.jwt.internal;

import java.time.Instant;
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
 * @param scopes the union of {@code scope} (space-separated) and {@code scp}, or null when neither
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
    Set<String> scopes,
    String clientId,
    String tokenUse,
    List<String> groups,
    long requiredPresent) {
  /** Returns the JSON text exactly as received (built on each call; cache it if needed). */
  public String json() {
    return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }
}
