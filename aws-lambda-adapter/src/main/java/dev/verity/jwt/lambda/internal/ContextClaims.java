package dev.verity.jwt.lambda.internal;

import dev.verity.jwt.VerifiedJwt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code context} an authorizer passes to the integration: each configured claim the token has
 * (a name or a dotted path, keyed as configured), strings, numbers and booleans with their JSON
 * type, arrays of those joined with {@code ,}, objects and other arrays left out (API Gateway takes
 * no object or array values); then {@code scope}, the token's scopes space-separated. Bounded: a
 * value longer than {@link #MAX_VALUE_CHARS} is left out, and values stop once {@link
 * #MAX_TOTAL_CHARS} are used, so a token cannot inflate every cached answer.
 */
public final class ContextClaims {
  /** Longest value passed on. */
  public static final int MAX_VALUE_CHARS = 1024;

  /** Most characters of values in one context. */
  public static final int MAX_TOTAL_CHARS = 8192;

  private ContextClaims() {}

  /** Returns the context for a verified token. */
  public static Map<String, Object> of(VerifiedJwt jwt, List<String> claims) {
    Map<String, Object> context = new LinkedHashMap<>();
    int total = 0;
    for (String name : claims) {
      Object value = render(jwt.claimAt(name).orElse(null));
      if (value == null) {
        continue;
      }
      int length = String.valueOf(value).length();
      if (length > MAX_VALUE_CHARS || total + length > MAX_TOTAL_CHARS) {
        continue;
      }
      total += length;
      context.put(name, value);
    }
    if (!jwt.scopes().isEmpty()) {
      String scopes = String.join(" ", jwt.scopes());
      if (scopes.length() <= MAX_TOTAL_CHARS) {
        context.put("scope", scopes);
      }
    }
    return context;
  }

  private static Object render(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (!(value instanceof List)) {
      return null;
    }
    StringJoiner joined = new StringJoiner(",");
    for (Object item : (List<?>) value) {
      if (item instanceof String || item instanceof Number || item instanceof Boolean) {
        joined.add(String.valueOf(item));
      } else {
        return null;
      }
    }
    return joined.toString();
  }
}
