package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;

/**
 * The members of a JWS protected header that Verity acts on, type-checked (RFC 7515 §4.1).
 *
 * @param utf8 the header exactly as received: strict UTF-8, never modified
 * @param alg the {@code alg} value (required)
 * @param algorithm the algorithm {@code alg} names, or null when Verity knows none by that name
 * @param kid the {@code kid} value, or null
 * @param typ the {@code typ} value, or null
 * @param cty the {@code cty} value, or null
 * @param hasCrit whether a well-formed {@code crit} member is present
 * @param hasB64 whether a {@code b64} member is present (RFC 7797)
 * @param hasJweMember whether {@code enc} or {@code zip} is present (a JWE header in disguise)
 */
public record JoseHeader(
    byte[] utf8,
    String alg,
    Algorithm algorithm,
    String kid,
    String typ,
    String cty,
    boolean hasCrit,
    boolean hasB64,
    boolean hasJweMember) {
  /** Returns the JSON text exactly as received (built on each call; cache it if needed). */
  public String json() {
    return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }
}
