package dev.verity.jwt;

import dev.verity.jwt.internal.Claims;
import dev.verity.jwt.internal.JoseHeader;
import dev.verity.jwt.internal.Json;
import dev.verity.jwt.internal.VerificationKey;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A token whose signature and claims a {@link JwtVerifier} has accepted. Immutable and thread-safe.
 *
 * <p>Registered claims were type-checked during verification and are available without further
 * parsing. Other claims are read from a map that is built on first use; the raw header and claims
 * JSON are available exactly as they were signed. Absent values are {@link Optional#empty()} or
 * empty collections, never null.
 */
public final class VerifiedJwt {
  private final Algorithm algorithm;
  private final JoseHeader header;
  private final Claims claims;
  private final VerificationKey verifiedBy;
  private volatile Map<String, Object> headerMap;
  private volatile Map<String, Object> claimsMap;
  private volatile Set<String> scopes;

  VerifiedJwt(Algorithm algorithm, JoseHeader header, Claims claims, VerificationKey verifiedBy) {
    this.algorithm = algorithm;
    this.header = header;
    this.claims = claims;
    this.verifiedBy = verifiedBy;
  }

  /** The same token, now bound to an identical key object re-fetched by the key source. */
  VerifiedJwt(VerifiedJwt jwt, VerificationKey verifiedBy) {
    this(jwt.algorithm, jwt.header, jwt.claims, verifiedBy);
  }

  /** The key that verified the signature (for the token cache's check on every hit). */
  VerificationKey verifiedBy() {
    return verifiedBy;
  }

  /** The parsed claims (for the token cache's time re-check). */
  Claims claimSet() {
    return claims;
  }

  /** The {@code kid} header, or null (without the {@link Optional} of {@link #keyId()}). */
  String headerKid() {
    return header.kid();
  }

  /** Returns the algorithm the signature was verified with. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** Returns the {@code kid} header. */
  public Optional<String> keyId() {
    return Optional.ofNullable(header.kid());
  }

  /** Returns the {@code typ} header. */
  public Optional<String> type() {
    return Optional.ofNullable(header.typ());
  }

  /** Returns the protected header JSON exactly as signed. */
  public String headerJson() {
    return header.json();
  }

  /** Returns the claims set JSON exactly as signed. */
  public String claimsJson() {
    return claims.json();
  }

  /** Returns {@code iss}. */
  public Optional<String> issuer() {
    return Optional.ofNullable(claims.issuer());
  }

  /** Returns {@code sub}. */
  public Optional<String> subject() {
    return Optional.ofNullable(claims.subject());
  }

  /** Returns {@code aud} as a list; a single string is a list of one. */
  public List<String> audience() {
    return claims.audience() == null ? List.of() : claims.audience();
  }

  /** Returns {@code exp}. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(claims.expiresAt());
  }

  /** Returns {@code nbf}. */
  public Optional<Instant> notBefore() {
    return Optional.ofNullable(claims.notBefore());
  }

  /** Returns {@code iat}. */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(claims.issuedAt());
  }

  /** Returns {@code jti}. */
  public Optional<String> jwtId() {
    return Optional.ofNullable(claims.jwtId());
  }

  /** Returns the scopes: the union of {@code scope} (space-separated) and {@code scp}. */
  public Set<String> scopes() {
    Set<String> set = scopes;
    if (set == null) {
      set = claims.scopes();
      scopes = set;
    }
    return set;
  }

  /** Returns {@code client_id} (OAuth 2.0 access tokens, RFC 9068; Amazon Cognito). */
  public Optional<String> clientId() {
    return Optional.ofNullable(claims.clientId());
  }

  /** Returns Amazon Cognito's {@code token_use}. */
  public Optional<String> tokenUse() {
    return Optional.ofNullable(claims.tokenUse());
  }

  /**
   * Returns the claim named {@code nameOrPath}, or, when there is no top-level claim of that exact
   * name, the value at that dotted path through nested objects ({@code realm_access.roles}, {@code
   * resource_access.orders-api.roles}): a claim whose name is the whole value wins over a path, so
   * {@code cognito:groups} or a name with dots is read as it is. Empty when absent, JSON {@code
   * null}, or when a step of the path is not an object. Reads the claims map built once.
   */
  public Optional<Object> claimAt(String nameOrPath) {
    Map<String, Object> map = claims();
    if (map.containsKey(nameOrPath) || nameOrPath.indexOf('.') < 0) {
      return Optional.ofNullable(map.get(nameOrPath));
    }
    Object value = map;
    int start = 0;
    while (start <= nameOrPath.length()) {
      int dot = nameOrPath.indexOf('.', start);
      int end = dot < 0 ? nameOrPath.length() : dot;
      if (!(value instanceof Map)) {
        return Optional.empty();
      }
      value = ((Map<?, ?>) value).get(nameOrPath.substring(start, end));
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return Optional.ofNullable(value);
  }

  /**
   * Returns the caller's roles from {@code rolesClaim} (a claim name or a dotted path, as {@link
   * #claimAt}): an array of strings, or one string as one role; empty for any other value. With a
   * null {@code rolesClaim}: {@code cognito:groups} where the token has it, else {@code groups}.
   */
  public List<String> roles(String rolesClaim) {
    if (rolesClaim == null) {
      return hasClaim("cognito:groups") ? roles("cognito:groups") : roles("groups");
    }
    Object value = claimAt(rolesClaim).orElse(null);
    if (value instanceof String) {
      return List.of((String) value);
    }
    if (value instanceof List && ((List<?>) value).stream().allMatch(String.class::isInstance)) {
      @SuppressWarnings("unchecked")
      List<String> strings = (List<String>) value;
      return strings;
    }
    return List.of();
  }

  /** Returns Amazon Cognito's {@code cognito:groups}. */
  public List<String> groups() {
    return claims.groups() == null ? List.of() : claims.groups();
  }

  /**
   * Returns the header as a map of plain Java values ({@code String}, {@code Number}, {@code
   * Boolean}, {@code List}, {@code Map}, null), unmodifiable, built on first call.
   */
  public Map<String, Object> header() {
    Map<String, Object> map = headerMap;
    if (map == null) {
      map = toMap(header.json());
      headerMap = map;
    }
    return map;
  }

  /**
   * Returns all claims as a map of plain Java values ({@code String}, {@code Number}, {@code
   * Boolean}, {@code List}, {@code Map}, null), unmodifiable, built on first call.
   */
  public Map<String, Object> claims() {
    Map<String, Object> map = claimsMap;
    if (map == null) {
      map = toMap(claims.json());
      claimsMap = map;
    }
    return map;
  }

  /** Returns whether the claim is present (even with a JSON {@code null} value). */
  public boolean hasClaim(String name) {
    return claims().containsKey(name);
  }

  /** Returns a claim's value as a plain Java value; empty when absent or JSON {@code null}. */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims().get(name));
  }

  /** Returns a string claim; empty when absent or not a string. */
  public Optional<String> stringClaim(String name) {
    Object value = claims().get(name);
    return value instanceof String ? Optional.of((String) value) : Optional.empty();
  }

  /** Returns a number claim; empty when absent or not a number. */
  public Optional<Number> numberClaim(String name) {
    Object value = claims().get(name);
    return value instanceof Number ? Optional.of((Number) value) : Optional.empty();
  }

  /** Returns a boolean claim; empty when absent or not a boolean. */
  public Optional<Boolean> booleanClaim(String name) {
    Object value = claims().get(name);
    return value instanceof Boolean ? Optional.of((Boolean) value) : Optional.empty();
  }

  /**
   * Returns a claim that is an array of strings, or a single string as a list of one; empty when
   * absent or of another type (including an array holding a non-string).
   */
  public Optional<List<String>> stringListClaim(String name) {
    Object value = claims().get(name);
    if (value instanceof String) {
      return Optional.of(List.of((String) value));
    }
    if (value instanceof List && ((List<?>) value).stream().allMatch(String.class::isInstance)) {
      @SuppressWarnings("unchecked")
      List<String> strings = (List<String>) value;
      return Optional.of(strings);
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(String json) {
    try {
      return (Map<String, Object>) Json.parseValue(json);
    } catch (IOException e) {
      // Unreachable: the same text already passed the same parser during verification.
      throw new IllegalStateException("verified JSON no longer parses", e);
    }
  }

  /** Returns a summary without claim values, safe to log. */
  @Override
  public String toString() {
    return "VerifiedJwt[alg=" + algorithm + ", claims=" + claims().keySet() + "]";
  }
}
