package dev.verity.jwt;

import java.util.Optional;

/**
 * A JWS signature algorithm Verity can verify (RFC 7518 §3, RFC 8037, RFC 9864).
 *
 * <p>Each algorithm belongs to exactly one key family, so a key can never be used with an algorithm
 * of another family (RFC 8725 §3.1). {@code none} is deliberately absent.
 */
public enum Algorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256("RS256", KeyFamily.RSA, 32),
  /** RSASSA-PKCS1-v1_5 with SHA-384. */
  RS384("RS384", KeyFamily.RSA, 48),
  /** RSASSA-PKCS1-v1_5 with SHA-512. */
  RS512("RS512", KeyFamily.RSA, 64),
  /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt. */
  PS256("PS256", KeyFamily.RSA, 32),
  /** RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt. */
  PS384("PS384", KeyFamily.RSA, 48),
  /** RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt. */
  PS512("PS512", KeyFamily.RSA, 64),
  /** ECDSA on P-256 with SHA-256. */
  ES256("ES256", KeyFamily.EC, 32),
  /** ECDSA on P-384 with SHA-384. */
  ES384("ES384", KeyFamily.EC, 48),
  /** ECDSA on P-521 with SHA-512. */
  ES512("ES512", KeyFamily.EC, 64),
  /** EdDSA on the key's curve, Ed25519 or Ed448 (RFC 8037; deprecated by RFC 9864). */
  EdDSA("EdDSA", KeyFamily.OKP, 0),
  /** EdDSA on Ed25519 (RFC 9864). */
  Ed25519("Ed25519", KeyFamily.OKP, 0),
  /** EdDSA on Ed448 (RFC 9864). */
  Ed448("Ed448", KeyFamily.OKP, 0),
  /** HMAC with SHA-256; the secret must be at least 32 bytes. */
  HS256("HS256", KeyFamily.OCT, 32),
  /** HMAC with SHA-384; the secret must be at least 48 bytes. */
  HS384("HS384", KeyFamily.OCT, 48),
  /** HMAC with SHA-512; the secret must be at least 64 bytes. */
  HS512("HS512", KeyFamily.OCT, 64);

  /** The JWK key type ({@code kty}) an algorithm needs. */
  public enum KeyFamily {
    /** {@code kty: RSA}. */
    RSA,
    /** {@code kty: EC}. */
    EC,
    /** {@code kty: OKP} (Edwards curves). */
    OKP,
    /** {@code kty: oct} (a shared secret). */
    OCT
  }

  private final String jwaName;
  private final KeyFamily family;
  private final int hashBytes;

  Algorithm(String jwaName, KeyFamily family, int hashBytes) {
    this.jwaName = jwaName;
    this.family = family;
    this.hashBytes = hashBytes;
  }

  /** Returns the name used in the {@code alg} header, for example {@code "RS256"}. */
  public String jwaName() {
    return jwaName;
  }

  /** Returns the key family this algorithm is bound to. */
  public KeyFamily keyFamily() {
    return family;
  }

  /**
   * Returns the output length of the algorithm's hash in bytes, which is also the minimum HMAC
   * secret length for {@code HS*} (RFC 7518 §3.2); 0 for the EdDSA algorithms.
   */
  public int hashBytes() {
    return hashBytes;
  }

  /**
   * Looks up an algorithm by its exact, case-sensitive JWA name (RFC 7515 §5.3: {@code "rs256"} and
   * {@code "none"} are not algorithms here).
   *
   * @param jwaName the {@code alg} value
   * @return the algorithm, or empty when Verity does not support that name
   */
  public static Optional<Algorithm> fromJwaName(String jwaName) {
    if (jwaName == null) {
      return Optional.empty();
    }
    for (Algorithm algorithm : values()) {
      if (algorithm.jwaName.equals(jwaName)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return jwaName;
  }
}
