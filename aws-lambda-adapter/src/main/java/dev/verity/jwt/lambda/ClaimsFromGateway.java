package dev.verity.jwt.lambda;

import dev.verity.jwt.lambda.internal.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims API Gateway's own authorizer verified and passed to a backend in the proxy event:
 * {@code requestContext.authorizer.jwt} (an HTTP API JWT authorizer, payload 2.0) or {@code
 * requestContext.authorizer.claims} (a REST API Cognito authorizer, payload 1.0). Trusted because
 * the gateway checked the token, and only as far as the function cannot be invoked any other way:
 * nothing here is verified by Verity. Values are the strings the gateway wrote. Immutable.
 */
public final class ClaimsFromGateway {
  private final Map<String, String> claims;
  private final Set<String> scopes;

  private ClaimsFromGateway(Map<String, String> claims, Set<String> scopes) {
    this.claims = Collections.unmodifiableMap(claims);
    this.scopes = Collections.unmodifiableSet(scopes);
  }

  /**
   * Reads the gateway's claims from a proxy event already parsed into plain values.
   *
   * @return empty when the event carries no authorizer claims
   */
  public static Optional<ClaimsFromGateway> of(Map<String, Object> proxyEvent) {
    Object context = proxyEvent.get("requestContext");
    if (!(context instanceof Map)) {
      return Optional.empty();
    }
    Object authorizer = ((Map<?, ?>) context).get("authorizer");
    if (!(authorizer instanceof Map)) {
      return Optional.empty();
    }
    Object jwt = ((Map<?, ?>) authorizer).get("jwt");
    Object claims =
        jwt instanceof Map
            ? ((Map<?, ?>) jwt).get("claims")
            : ((Map<?, ?>) authorizer).get("claims");
    if (!(claims instanceof Map)) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) claims).entrySet()) {
      if (entry.getValue() != null) {
        values.put(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
      }
    }
    Set<String> scopes = new LinkedHashSet<>();
    Object listed = jwt instanceof Map ? ((Map<?, ?>) jwt).get("scopes") : null;
    if (listed instanceof List) {
      for (Object scope : (List<?>) listed) {
        if (scope instanceof String) {
          scopes.add((String) scope);
        }
      }
    } else if (values.containsKey("scope")) {
      for (String scope : values.get("scope").split(" ")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
    }
    return Optional.of(new ClaimsFromGateway(values, scopes));
  }

  /**
   * Reads the gateway's claims from a proxy event's JSON.
   *
   * @throws IOException when the input is not a JSON object within the event limits
   */
  public static Optional<ClaimsFromGateway> read(InputStream proxyEvent) throws IOException {
    return of(JsonTree.readObject(proxyEvent));
  }

  /** Returns every claim as the gateway wrote it. */
  public Map<String, String> claims() {
    return claims;
  }

  /** Returns one claim as the gateway wrote it. */
  public Optional<String> claim(String name) {
    return Optional.ofNullable(claims.get(name));
  }

  /** Returns {@code sub}. */
  public Optional<String> subject() {
    return claim("sub");
  }

  /**
   * Returns the scopes: the JWT authorizer's list, else the {@code scope} claim split on spaces.
   */
  public Set<String> scopes() {
    return scopes;
  }

  /** Says what this is, without values. */
  @Override
  public String toString() {
    return "ClaimsFromGateway["
        + claims.size()
        + " claims, trusted from API Gateway, not verified here]";
  }
}
