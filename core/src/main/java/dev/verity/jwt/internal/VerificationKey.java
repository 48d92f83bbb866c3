package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.spi.SignatureEngine;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * One trusted key, parsed once, with everything needed to decide whether it may verify a token.
 *
 * <p>A key that could not be parsed or may never verify (bad JWK, {@code use: enc}, RSA under 2048
 * bits, off-curve point, unknown {@code kty}, ...) is still kept with a {@link #problem()}, so that
 * a token naming it by {@code kid} is told {@link ErrorCode#INVALID_KEY} rather than {@link
 * ErrorCode#KEY_NOT_FOUND}. Instances are immutable and thread-safe.
 */
public final class VerificationKey {
  private final String kid;
  private final KeyFamily family;
  private final String curve;
  private final Algorithm boundAlgorithm;
  private final Key key;
  private final int sizeBytes;
  private final String problem;

  /**
   * This thread's engines for this key, one per hash length: a keyed {@code Mac} for an HMAC
   * secret, a {@code Signature} initialised for verification otherwise (an engine returns to that
   * state after each verification). The key is not looked up, decoded and initialised again for
   * every token; for Ed25519 that decoding (a point decompression) cost as much as 25 KB and a
   * quarter of the verification. Null for RSA keys, which RS* and PS* verify without an engine.
   */
  private final ThreadLocal<Object[]> engines;

  /** The last {@link SignatureEngine} asked for this key, and its verifier (possibly null). */
  private volatile EngineVerifier engineVerifier;

  private record EngineVerifier(SignatureEngine engine, SignatureEngine.Verifier verifier) {}

  private VerificationKey(
      String kid,
      KeyFamily family,
      String curve,
      Algorithm boundAlgorithm,
      Key key,
      int sizeBytes,
      String problem) {
    this.kid = kid;
    this.family = family;
    this.curve = curve;
    this.boundAlgorithm = boundAlgorithm;
    this.key = key;
    this.sizeBytes = sizeBytes;
    this.problem = problem;
    this.engines =
        key == null || family == KeyFamily.RSA
            ? null
            : ThreadLocal.withInitial(() -> new Object[3]);
  }

  /**
   * Returns this thread's {@code Mac} for an HS* algorithm, initialised with this secret.
   *
   * @throws GeneralSecurityException when the JDK cannot provide it
   */
  public Mac mac(Algorithm algorithm) throws GeneralSecurityException {
    Object[] perHash = engines.get();
    int index = engineIndex(algorithm);
    Mac mac = (Mac) perHash[index];
    if (mac == null) {
      mac = Mac.getInstance(SignatureVerifier.macName(algorithm));
      mac.init(key);
      perHash[index] = mac;
    }
    return mac;
  }

  /**
   * Returns this thread's {@code Signature} for a PS*, ES*, Ed25519 or Ed448 algorithm, initialised
   * for verification with this key.
   *
   * @throws GeneralSecurityException when the JDK cannot provide it or refuses the key
   */
  public Signature signature(Algorithm algorithm) throws GeneralSecurityException {
    Object[] perHash = engines.get();
    int index = engineIndex(algorithm);
    Signature signature = (Signature) perHash[index];
    if (signature == null) {
      signature = SignatureVerifier.newEngine(algorithm);
      signature.initVerify((PublicKey) key);
      perHash[index] = signature;
    }
    return signature;
  }

  /**
   * Returns {@code engine}'s verifier for this key, asked once and kept (an EC or OKP key serves
   * one algorithm); null when the engine leaves this key to the JDK. A key shared by verifiers with
   * different engines asks again when the engine changes.
   */
  public SignatureEngine.Verifier engineVerifier(SignatureEngine engine, Algorithm algorithm) {
    EngineVerifier cached = engineVerifier;
    if (cached == null || cached.engine() != engine) {
      cached = new EngineVerifier(engine, engine.verifier(algorithm, (PublicKey) key));
      engineVerifier = cached;
    }
    return cached.verifier();
  }

  /**
   * Forgets this thread's engine for an algorithm after it threw: the JCA does not promise the
   * state it is left in, so the next token gets a fresh one.
   */
  public void discardEngine(Algorithm algorithm) {
    engines.get()[engineIndex(algorithm)] = null;
  }

  // One engine per hash length; an EC or OKP key has one curve, so one algorithm (index 0).
  private static int engineIndex(Algorithm algorithm) {
    return algorithm.hashBytes() == 48 ? 1 : algorithm.hashBytes() == 64 ? 2 : 0;
  }

  /**
   * A key that may verify tokens of its family.
   *
   * @param kid the key id, or null
   * @param family the key family
   * @param curve the curve name for EC and OKP keys ({@code P-256}, {@code Ed25519}, ...), else
   *     null
   * @param boundAlgorithm the only algorithm this key verifies, or null for "any of its family"
   * @param key the JCA key
   * @param sizeBytes the modulus length for RSA, the secret length for oct, else 0
   */
  public static VerificationKey usable(
      String kid,
      KeyFamily family,
      String curve,
      Algorithm boundAlgorithm,
      Key key,
      int sizeBytes) {
    return new VerificationKey(
        kid,
        Objects.requireNonNull(family),
        curve,
        boundAlgorithm,
        Objects.requireNonNull(key),
        sizeBytes,
        null);
  }

  /** A key that is published but may never verify; {@code problem} is a fixed description. */
  public static VerificationKey unusable(String kid, String problem) {
    return new VerificationKey(kid, null, null, null, null, 0, Objects.requireNonNull(problem));
  }

  /** Returns the key id, or null when the key has none. */
  public String kid() {
    return kid;
  }

  /** Returns the JCA key; null for an unusable key. */
  public Key key() {
    return key;
  }

  /** Returns the key family, or null for an unusable key. */
  public KeyFamily family() {
    return family;
  }

  /** Returns the curve name of an EC or OKP key, else null. */
  public String curve() {
    return curve;
  }

  /** Returns the RSA modulus length or the HMAC secret length in bytes, else 0. */
  public int sizeBytes() {
    return sizeBytes;
  }

  /** Returns why this key may never verify, or null when it is usable. */
  public String problem() {
    return problem;
  }

  /** Returns the algorithm the key is bound to, or null when bound only to its family. */
  public Algorithm boundAlgorithm() {
    return boundAlgorithm;
  }

  /**
   * Returns whether this key has the type and curve the algorithm needs (RFC 7518 §3: ES256 only
   * with P-256, and so on), ignoring its {@code alg} binding and size.
   */
  public boolean fitsFamily(Algorithm algorithm) {
    if (problem != null || family != algorithm.keyFamily()) {
      return false;
    }
    switch (algorithm) {
      case ES256:
        return "P-256".equals(curve);
      case ES384:
        return "P-384".equals(curve);
      case ES512:
        return "P-521".equals(curve);
      case Ed25519:
        return "Ed25519".equals(curve);
      case Ed448:
        return "Ed448".equals(curve);
      default:
        return true;
    }
  }

  /**
   * Checks that this key may verify a token signed with {@code algorithm}.
   *
   * @throws JwtVerificationException {@code INVALID_KEY} when the key is of the wrong type, curve
   *     or size or unusable; {@code ALGORITHM_NOT_ALLOWED} when the key is bound to another
   *     algorithm
   */
  public void checkUsableFor(Algorithm algorithm) {
    if (problem != null) {
      throw Rejection.of(ErrorCode.INVALID_KEY, "the key named by kid may not verify: " + problem);
    }
    // The key's own "alg" is checked before its type: a token whose algorithm differs from the
    // one the key is bound to is an algorithm problem (RFC 8725 §3.1), e.g. HS256 against an
    // ES256 key (Wycheproof JWS tc 31, CVE-2015-9235 class).
    if (boundAlgorithm != null && !sameAlgorithm(boundAlgorithm, algorithm)) {
      throw Rejection.of(
          ErrorCode.ALGORITHM_NOT_ALLOWED, "the key is bound to a different algorithm");
    }
    if (!fitsFamily(algorithm)) {
      throw Rejection.of(
          ErrorCode.INVALID_KEY, "the key's type or curve does not match the token's algorithm");
    }
    if (family == KeyFamily.OCT && sizeBytes < algorithm.hashBytes()) {
      throw Rejection.of(
          ErrorCode.INVALID_KEY, "the HMAC secret is shorter than the algorithm's hash");
    }
  }

  /** Returns whether {@link #checkUsableFor(Algorithm)} would pass. */
  public boolean isUsableFor(Algorithm algorithm) {
    return problem == null
        && fitsFamily(algorithm)
        && (boundAlgorithm == null || sameAlgorithm(boundAlgorithm, algorithm))
        && (family != KeyFamily.OCT || sizeBytes >= algorithm.hashBytes());
  }

  /**
   * RFC 9864 deprecates the polymorphic {@code EdDSA} in favour of {@code Ed25519} and {@code
   * Ed448}; a key bound to one name accepts the other as long as the curve agrees, which {@link
   * #fitsFamily} has already checked.
   */
  private static boolean sameAlgorithm(Algorithm bound, Algorithm token) {
    if (bound == token) {
      return true;
    }
    return bound.keyFamily() == KeyFamily.OKP
        && token.keyFamily() == KeyFamily.OKP
        && (bound == Algorithm.EdDSA || token == Algorithm.EdDSA);
  }
}
