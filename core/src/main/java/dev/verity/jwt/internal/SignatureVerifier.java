package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Verifies one JWS signature with one key that {@link VerificationKey#checkUsableFor} has already
 * admitted for the algorithm.
 *
 * <p>Every length rule of RFC 7518 is enforced here, before the JCA sees the bytes: an RSA
 * signature is exactly the modulus length (RFC 8017 §8.2.2), an ECDSA signature is exactly R‖S of
 * the curve's size with 1 ≤ r, s ≤ n−1 on every JDK (RFC 7518 §3.4, CVE-2022-21449), an EdDSA
 * signature is exactly 64 or 114 bytes, and an HMAC tag is compared whole and in constant time (RFC
 * 7518 §3.2). A fresh {@code Signature}/{@code Mac} per call keeps verification free of shared
 * mutable state.
 */
public final class SignatureVerifier {
  private static final PSSParameterSpec PSS256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
  private static final PSSParameterSpec PSS384 =
      new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
  private static final PSSParameterSpec PSS512 =
      new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);

  private SignatureVerifier() {}

  /**
   * Returns whether {@code signature} is a valid signature of {@code input[offset, offset+length)}.
   * Any malformed signature returns false; nothing here throws for attacker-controlled bytes.
   */
  public static boolean verify(
      Algorithm algorithm,
      VerificationKey key,
      byte[] input,
      int offset,
      int length,
      byte[] signature) {
    try {
      switch (algorithm.keyFamily()) {
        case OCT:
          return verifyMac(algorithm, (SecretKey) key.key(), input, offset, length, signature);
        case RSA:
          if (signature.length != key.sizeBytes()) {
            return false;
          }
          return verifySignature(
              rsaSignature(algorithm), (PublicKey) key.key(), input, offset, length, signature);
        case EC:
          Curves curve = Curves.byJwkName(key.curve());
          if (!validEcdsaSignature(curve, signature)) {
            return false;
          }
          return verifySignature(
              ecdsaSignature(algorithm), (PublicKey) key.key(), input, offset, length, signature);
        case OKP:
          int expected = "Ed25519".equals(key.curve()) ? 64 : 114;
          if (signature.length != expected) {
            return false;
          }
          return verifySignature(
              Signature.getInstance(key.curve()),
              (PublicKey) key.key(),
              input,
              offset,
              length,
              signature);
        default:
          return false;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // A provider that throws on odd bytes has said "not valid"; never let it escape as a crash.
      return false;
    }
  }

  /**
   * Returns whether an IEEE P1363 ECDSA signature has exactly the curve's length and 1 ≤ r, s ≤ n−1
   * (the "psychic signature" check, CVE-2022-21449, done here so no JDK version matters).
   */
  public static boolean validEcdsaSignature(Curves curve, byte[] signature) {
    int size = curve.coordinateBytes();
    if (signature.length != 2 * size) {
      return false;
    }
    BigInteger n = curve.order();
    BigInteger r = new BigInteger(1, signature, 0, size);
    BigInteger s = new BigInteger(1, signature, size, size);
    return r.signum() > 0 && r.compareTo(n) < 0 && s.signum() > 0 && s.compareTo(n) < 0;
  }

  private static boolean verifyMac(
      Algorithm algorithm, SecretKey key, byte[] input, int offset, int length, byte[] tag)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance(macName(algorithm));
    mac.init(key);
    mac.update(input, offset, length);
    // MessageDigest.isEqual is constant-time in the content; a truncated tag simply differs.
    return MessageDigest.isEqual(mac.doFinal(), tag);
  }

  private static boolean verifySignature(
      Signature verifier, PublicKey key, byte[] input, int offset, int length, byte[] signature)
      throws GeneralSecurityException {
    verifier.initVerify(key);
    verifier.update(input, offset, length);
    return verifier.verify(signature);
  }

  private static String macName(Algorithm algorithm) {
    switch (algorithm) {
      case HS256:
        return "HmacSHA256";
      case HS384:
        return "HmacSHA384";
      default:
        return "HmacSHA512";
    }
  }

  private static Signature rsaSignature(Algorithm algorithm) throws GeneralSecurityException {
    switch (algorithm) {
      case RS256:
        return Signature.getInstance("SHA256withRSA");
      case RS384:
        return Signature.getInstance("SHA384withRSA");
      case RS512:
        return Signature.getInstance("SHA512withRSA");
      default:
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(
            algorithm == Algorithm.PS256 ? PSS256 : algorithm == Algorithm.PS384 ? PSS384 : PSS512);
        return pss;
    }
  }

  private static Signature ecdsaSignature(Algorithm algorithm) throws GeneralSecurityException {
    switch (algorithm) {
      case ES256:
        return Signature.getInstance("SHA256withECDSAinP1363Format");
      case ES384:
        return Signature.getInstance("SHA384withECDSAinP1363Format");
      default:
        return Signature.getInstance("SHA512withECDSAinP1363Format");
    }
  }
}
