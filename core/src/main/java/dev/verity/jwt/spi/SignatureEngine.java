package dev.verity.jwt.spi;

import dev.verity.jwt.Algorithm;
import java.security.PublicKey;

/**
 * An implementation of ECDSA and EdDSA verification to use instead of the JDK's, set with {@code
 * JwtVerifierBuilder.signatureEngine}. Implementations must be thread-safe. The optional module
 * {@code verity-jwt-bouncycastle} provides one, several times faster than the JDK 17 and 25
 * providers for P-256 and Ed25519.
 *
 * <p>An engine replaces only the arithmetic. Verity keeps every check of its own around it: the
 * algorithm allow-list, key selection and the key's binding to its algorithm, the public key's
 * validation when it was parsed (on-curve points, known curves), the exact signature length, and
 * ECDSA's 1 ≤ r, s ≤ n−1 range. RSA and HMAC are not delegated: Verity verifies RSA itself on the
 * raw RSA result and HMAC with the JDK's {@code Mac}.
 */
public interface SignatureEngine {
  /**
   * Returns the verifier of signatures made with {@code key} under {@code algorithm}, or null to
   * leave that pair to the JDK. Called once per key and thread-safe engine, not per token; the
   * result is kept with the key.
   *
   * @param algorithm {@code ES256}, {@code ES384}, {@code ES512}, {@code Ed25519} or {@code Ed448}
   *     ({@code EdDSA} tokens are passed as the curve's algorithm)
   * @param key the validated public key: a {@link java.security.interfaces.ECPublicKey} on the
   *     algorithm's curve, or a {@link java.security.interfaces.EdECPublicKey}
   */
  Verifier verifier(Algorithm algorithm, PublicKey key);

  /** Verifies signatures made with one key; thread-safe. */
  @FunctionalInterface
  interface Verifier {
    /**
     * Returns whether {@code signature[sigOffset, sigOffset + sigLength)} is a valid signature of
     * {@code data[offset, offset + length)}: for ECDSA in the JWS form R‖S (IEEE P1363), for EdDSA
     * as RFC 8032 defines it. Returns false, never throws, for any signature bytes.
     */
    boolean verify(
        byte[] data, int offset, int length, byte[] signature, int sigOffset, int sigLength);
  }
}
