package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Mac;

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
          return verifyMac(key.mac(algorithm), input, offset, length, signature);
        case RSA:
          if (signature.length != key.sizeBytes()) {
            return false;
          }
          if (algorithm.name().startsWith("RS")) {
            return verifyPkcs1(
                algorithm, (RSAPublicKey) key.key(), input, offset, length, signature);
          }
          return verifySignature(
              engine(algorithm), (PublicKey) key.key(), input, offset, length, signature);
        case EC:
          Curves curve = Curves.byJwkName(key.curve());
          if (!validEcdsaSignature(curve, signature)) {
            return false;
          }
          return verifySignature(
              engine(algorithm), (PublicKey) key.key(), input, offset, length, signature);
        case OKP:
          int expected = "Ed25519".equals(key.curve()) ? 64 : 114;
          if (signature.length != expected) {
            return false;
          }
          return verifySignature(
              engine("Ed25519".equals(key.curve()) ? Algorithm.Ed25519 : Algorithm.Ed448),
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

  private static boolean verifyMac(Mac mac, byte[] input, int offset, int length, byte[] tag) {
    mac.reset();
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

  /** Returns the JCA name of an HMAC algorithm. */
  static String macName(Algorithm algorithm) {
    switch (algorithm) {
      case HS256:
        return "HmacSHA256";
      case HS384:
        return "HmacSHA384";
      default:
        return "HmacSHA512";
    }
  }

  private static final ThreadLocal<Signature[]> ENGINES =
      ThreadLocal.withInitial(() -> new Signature[Algorithm.values().length]);
  private static final ThreadLocal<MessageDigest[]> DIGESTS =
      ThreadLocal.withInitial(() -> new MessageDigest[3]);

  /** This thread's {@code Signature} for a PS*, ES* or Ed* algorithm, made on first use. */
  private static Signature engine(Algorithm algorithm) throws GeneralSecurityException {
    Signature[] engines = ENGINES.get();
    Signature engine = engines[algorithm.ordinal()];
    if (engine == null) {
      engine = newEngine(algorithm);
      engines[algorithm.ordinal()] = engine;
    }
    return engine;
  }

  private static Signature newEngine(Algorithm algorithm) throws GeneralSecurityException {
    switch (algorithm) {
      case ES256:
        return Signature.getInstance("SHA256withECDSAinP1363Format");
      case ES384:
        return Signature.getInstance("SHA384withECDSAinP1363Format");
      case ES512:
        return Signature.getInstance("SHA512withECDSAinP1363Format");
      case Ed25519:
      case Ed448:
        return Signature.getInstance(algorithm.jwaName());
      default:
        return pssSignature(algorithm);
    }
  }

  /** This thread's digest for a hash length of 32, 48 or 64 bytes. */
  private static MessageDigest digest(int hashBytes) throws GeneralSecurityException {
    MessageDigest[] digests = DIGESTS.get();
    int index = hashBytes == 32 ? 0 : hashBytes == 48 ? 1 : 2;
    MessageDigest digest = digests[index];
    if (digest == null) {
      digest =
          MessageDigest.getInstance(index == 0 ? "SHA-256" : index == 1 ? "SHA-384" : "SHA-512");
      digests[index] = digest;
    }
    digest.reset();
    return digest;
  }

  private static Signature pssSignature(Algorithm algorithm) throws GeneralSecurityException {
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(
        algorithm == Algorithm.PS256 ? PSS256 : algorithm == Algorithm.PS384 ? PSS384 : PSS512);
    return pss;
  }

  /**
   * RSASSA-PKCS1-v1_5 verification by re-encoding (RFC 8017 §8.2.2 step 3-4): the signature is
   * opened with raw RSA and compared, in constant time, with the one encoding EMSA-PKCS1-v1_5
   * allows, DigestInfo with its NULL parameters included. The JDK's {@code SHA256withRSA} also
   * accepts the encoding without NULL, which Wycheproof rates only "acceptable" and Verity refuses
   * (THREATS.md case 54).
   */
  private static boolean verifyPkcs1(
      Algorithm algorithm, RSAPublicKey key, byte[] input, int offset, int length, byte[] signature)
      throws GeneralSecurityException {
    // RFC 8017 §8.2.2 step 2: s must lie in [0, n-1]; then m = s^e mod n (RSAVP1), which is
    // exactly what the JDK's own RSA verification computes, without a Cipher lookup per call.
    BigInteger s = new BigInteger(1, signature);
    if (s.compareTo(key.getModulus()) >= 0) {
      return false;
    }
    byte[] encoded =
        toFixedLength(s.modPow(key.getPublicExponent(), key.getModulus()), length(key));
    MessageDigest digest = digest(algorithm.hashBytes());
    digest.update(input, offset, length);
    return MessageDigest.isEqual(
        encoded, pkcs1Encoding(algorithm, digest.digest(), encoded.length));
  }

  private static int length(RSAPublicKey key) {
    return (key.getModulus().bitLength() + 7) / 8;
  }

  /** I2OSP (RFC 8017 §4.1): the value as exactly {@code length} big-endian bytes. */
  private static byte[] toFixedLength(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    if (raw.length == length) {
      return raw;
    }
    byte[] out = new byte[length];
    if (raw.length > length) {
      // Only a leading sign byte can make it longer, since value < n.
      System.arraycopy(raw, raw.length - length, out, 0, length);
    } else {
      System.arraycopy(raw, 0, out, length - raw.length, raw.length);
    }
    return out;
  }

  // RFC 8017 §9.2 note 1: DER of DigestInfo up to the hash, for SHA-256, SHA-384 and SHA-512.
  private static final byte[] SHA256_PREFIX =
      KeyFactories.hex("3031300d060960864801650304020105000420");
  private static final byte[] SHA384_PREFIX =
      KeyFactories.hex("3041300d060960864801650304020205000430");
  private static final byte[] SHA512_PREFIX =
      KeyFactories.hex("3051300d060960864801650304020305000440");

  /** EM = 0x00 || 0x01 || PS (0xFF...) || 0x00 || DigestInfo, exactly {@code length} bytes. */
  private static byte[] pkcs1Encoding(Algorithm algorithm, byte[] hash, int length) {
    byte[] prefix =
        algorithm.hashBytes() == 32
            ? SHA256_PREFIX
            : algorithm.hashBytes() == 48 ? SHA384_PREFIX : SHA512_PREFIX;
    byte[] em = new byte[length];
    int digestInfoStart = length - prefix.length - hash.length;
    em[1] = 0x01;
    java.util.Arrays.fill(em, 2, digestInfoStart - 1, (byte) 0xFF);
    System.arraycopy(prefix, 0, em, digestInfoStart, prefix.length);
    System.arraycopy(hash, 0, em, digestInfoStart + prefix.length, hash.length);
    return em;
  }
}
