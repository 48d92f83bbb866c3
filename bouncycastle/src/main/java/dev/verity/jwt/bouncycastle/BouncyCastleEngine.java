package dev.verity.jwt.bouncycastle;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.spi.SignatureEngine;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.math.ec.rfc8032.Ed448;

/**
 * A {@link SignatureEngine} on Bouncy Castle's lightweight API: ECDSA on its dedicated P-256, P-384
 * and P-521 implementations ({@code CustomNamedCurves}), EdDSA with RFC 8032's Ed25519 and Ed448.
 * On this project's machine (JMH, docs/performance.md) it verifies P-256 and Ed25519 about eight
 * times faster than the JDK 17 and JDK 25 providers, and allocates a fraction of what they do.
 * Immutable and thread-safe; one instance serves any number of verifiers.
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder()
 *     .issuer("https://issuer.example.com")
 *     .audience("orders-api")
 *     .algorithms(Algorithm.ES256, Algorithm.EdDSA)
 *     .keys(KeySources.remoteJwks(URI.create("https://issuer.example.com/jwks.json")))
 *     .signatureEngine(BouncyCastleEngine.create())
 *     .build();
 * }</pre>
 *
 * <p>Public keys get Bouncy Castle's full validation once, when a key is first used: an EC point
 * must be on the curve and of the right order, an Ed25519/Ed448 key a canonical encoding of a point
 * outside the small-order subgroup. A key that fails it verifies nothing. Verity's own checks
 * (lengths, ECDSA r and s in [1, n−1], algorithm binding) run before this engine is called.
 */
public final class BouncyCastleEngine implements SignatureEngine {
  private static final BouncyCastleEngine INSTANCE = new BouncyCastleEngine();
  private static final byte[] NO_CONTEXT = new byte[0];
  private static final Verifier REFUSES_ALL = (data, off, len, sig, sigOff, sigLen) -> false;

  private BouncyCastleEngine() {}

  /** Returns the engine (one shared, stateless instance). */
  public static BouncyCastleEngine create() {
    return INSTANCE;
  }

  @Override
  public Verifier verifier(Algorithm algorithm, PublicKey key) {
    switch (algorithm) {
      case ES256:
        return ecdsa(key, "secp256r1", 32);
      case ES384:
        return ecdsa(key, "secp384r1", 48);
      case ES512:
        return ecdsa(key, "secp521r1", 64);
      case Ed25519:
        return ed25519(key);
      case Ed448:
        return ed448(key);
      default:
        return null; // not ours: the JDK (or Verity itself) verifies it
    }
  }

  private static Verifier ecdsa(PublicKey key, String curveName, int hashBytes) {
    if (!(key instanceof ECPublicKey)) {
      return REFUSES_ALL;
    }
    X9ECParameters curve = CustomNamedCurves.getByName(curveName);
    ECPoint point;
    try {
      ECPublicKey ec = (ECPublicKey) key;
      point =
          curve
              .getCurve()
              .validatePoint(ec.getW().getAffineX(), ec.getW().getAffineY())
              .normalize();
    } catch (IllegalArgumentException e) {
      return REFUSES_ALL; // not on this curve
    }
    ECPublicKeyParameters parameters =
        new ECPublicKeyParameters(
            point,
            new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()));
    int size = (curve.getN().bitLength() + 7) / 8;
    return (data, offset, length, signature, sigOffset, sigLength) -> {
      if (sigLength != 2 * size) {
        return false;
      }
      Digest digest = newDigest(hashBytes);
      digest.update(data, offset, length);
      byte[] hash = new byte[hashBytes];
      digest.doFinal(hash, 0);
      // ECDSASigner keeps the key it was initialised with: one per call, which is cheap.
      ECDSASigner signer = new ECDSASigner();
      signer.init(false, parameters);
      return signer.verifySignature(
          hash,
          new BigInteger(1, Arrays.copyOfRange(signature, sigOffset, sigOffset + size)),
          new BigInteger(1, Arrays.copyOfRange(signature, sigOffset + size, sigOffset + 2 * size)));
    };
  }

  private static Digest newDigest(int hashBytes) {
    return hashBytes == 32
        ? new SHA256Digest()
        : hashBytes == 48 ? new SHA384Digest() : new SHA512Digest();
  }

  private static Verifier ed25519(PublicKey key) {
    byte[] encoded = rawKey(key, Ed25519.PUBLIC_KEY_SIZE);
    Ed25519.PublicPoint point =
        encoded == null ? null : Ed25519.validatePublicKeyFullExport(encoded, 0);
    if (point == null) {
      return REFUSES_ALL;
    }
    return (data, offset, length, signature, sigOffset, sigLength) ->
        sigLength == Ed25519.SIGNATURE_SIZE
            && Ed25519.verify(signature, sigOffset, point, data, offset, length);
  }

  private static Verifier ed448(PublicKey key) {
    byte[] encoded = rawKey(key, Ed448.PUBLIC_KEY_SIZE);
    Ed448.PublicPoint point =
        encoded == null ? null : Ed448.validatePublicKeyFullExport(encoded, 0);
    if (point == null) {
      return REFUSES_ALL;
    }
    return (data, offset, length, signature, sigOffset, sigLength) ->
        sigLength == Ed448.SIGNATURE_SIZE
            && Ed448.verify(signature, sigOffset, point, NO_CONTEXT, data, offset, length);
  }

  /**
   * The RFC 8032 encoding of an EdDSA public key: the last bytes of its X.509 form, whose prefix
   * (the algorithm identifier) has a fixed length for each curve.
   */
  private static byte[] rawKey(PublicKey key, int size) {
    if (!(key instanceof EdECPublicKey)) {
      return null;
    }
    byte[] x509 = key.getEncoded();
    return x509 == null || x509.length < size
        ? null
        : Arrays.copyOfRange(x509, x509.length - size, x509.length);
  }
}
