package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.spi.SignatureEngine;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * Verifies one JWS signature with one key that {@link VerificationKey#checkUsableFor} has already
 * admitted for the algorithm.
 *
 * <p>Every length rule of RFC 7518 is enforced here, before the JCA sees the bytes: an RSA
 * signature is exactly the modulus length (RFC 8017 §8.2.2), an ECDSA signature is exactly R‖S of
 * the curve's size with 1 ≤ r, s ≤ n−1 on every JDK (RFC 7518 §3.4, CVE-2022-21449), an EdDSA
 * signature is exactly 64 or 114 bytes, and an HMAC tag is compared whole and in constant time (RFC
 * 7518 §3.2). Engines are per thread and per key ({@link VerificationKey}), so verification shares
 * no mutable state between threads.
 */
public final class SignatureVerifier {
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
    return verify(algorithm, key, input, offset, length, signature, 0, signature.length, null);
  }

  /**
   * Returns whether {@code signature[sigOffset, sigOffset+sigLength)} is a valid signature of
   * {@code input[offset, offset+length)}; the two ranges may lie in one array (a decoded token).
   *
   * @param engine the engine for ECDSA and EdDSA, or null for the JDK's
   */
  public static boolean verify(
      Algorithm algorithm,
      VerificationKey key,
      byte[] input,
      int offset,
      int length,
      byte[] signature,
      int sigOffset,
      int sigLength,
      SignatureEngine engine) {
    try {
      switch (algorithm.keyFamily()) {
        case OCT:
          return verifyMac(
              key.mac(algorithm), input, offset, length, signature, sigOffset, sigLength);
        case RSA:
          if (sigLength != key.sizeBytes()) {
            return false;
          }
          RSAPublicKey rsa = (RSAPublicKey) key.key();
          BigInteger s = new BigInteger(1, signature, sigOffset, sigLength);
          if (algorithm.name().startsWith("RS")) {
            return verifyPkcs1(algorithm, rsa, input, offset, length, s);
          }
          return verifyPss(algorithm, rsa, input, offset, length, s);
        case EC:
          if (!validEcdsaSignature(
              Curves.byJwkName(key.curve()), signature, sigOffset, sigLength)) {
            return false;
          }
          return verifySignature(
              algorithm, key, input, offset, length, signature, sigOffset, sigLength, engine);
        case OKP:
          // EdDSA names no curve; the key's does (RFC 8037 §3.1): Ed25519 or Ed448.
          Algorithm curveAlgorithm =
              "Ed25519".equals(key.curve()) ? Algorithm.Ed25519 : Algorithm.Ed448;
          if (sigLength != (curveAlgorithm == Algorithm.Ed25519 ? 64 : 114)) {
            return false;
          }
          return verifySignature(
              curveAlgorithm, key, input, offset, length, signature, sigOffset, sigLength, engine);
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
    return validEcdsaSignature(curve, signature, 0, signature.length);
  }

  private static boolean validEcdsaSignature(
      Curves curve, byte[] signature, int offset, int length) {
    int size = curve.coordinateBytes();
    return length == 2 * size
        && curve.isScalarInRange(signature, offset)
        && curve.isScalarInRange(signature, offset + size);
  }

  private static boolean verifyMac(
      Mac mac, byte[] input, int offset, int length, byte[] tag, int tagOffset, int tagLength) {
    mac.reset();
    mac.update(input, offset, length);
    // MessageDigest.isEqual is constant-time in the content (RFC 7518 §3.2, RFC 7515 §10.9); a
    // truncated tag is never accepted (RFC 7518 §3.2). The tag is copied out of the token: 32 to 64
    // bytes.
    return MessageDigest.isEqual(
        mac.doFinal(), java.util.Arrays.copyOfRange(tag, tagOffset, tagOffset + tagLength));
  }

  private static boolean verifySignature(
      Algorithm algorithm,
      VerificationKey key,
      byte[] input,
      int offset,
      int length,
      byte[] signature,
      int sigOffset,
      int sigLength,
      SignatureEngine engine)
      throws GeneralSecurityException {
    SignatureEngine.Verifier delegate =
        engine == null ? null : key.engineVerifier(engine, algorithm);
    if (delegate != null) {
      return delegate.verify(input, offset, length, signature, sigOffset, sigLength);
    }
    Signature verifier = key.signature(algorithm);
    try {
      verifier.update(input, offset, length);
      return verifier.verify(signature, sigOffset, sigLength);
    } catch (GeneralSecurityException | RuntimeException e) {
      key.discardEngine(algorithm);
      throw e;
    }
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

  private static final ThreadLocal<MessageDigest[]> DIGESTS =
      ThreadLocal.withInitial(() -> new MessageDigest[3]);

  /** A new {@code Signature} for a PS*, ES*, Ed25519 or Ed448 algorithm. */
  static Signature newEngine(Algorithm algorithm) throws GeneralSecurityException {
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
        throw new NoSuchAlgorithmException("no engine for " + algorithm);
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

  /**
   * RSASSA-PKCS1-v1_5 verification by re-encoding (RFC 8017 §8.2.2 step 3-4): the signature is
   * opened with raw RSA and compared, in constant time, with the one encoding EMSA-PKCS1-v1_5
   * allows, DigestInfo with its NULL parameters included. The JDK's {@code SHA256withRSA} also
   * accepts the encoding without NULL, which Wycheproof rates only "acceptable" and Verity refuses
   * (a policy: docs/security-model.md, "Policies where the standards leave room").
   */
  private static boolean verifyPkcs1(
      Algorithm algorithm, RSAPublicKey key, byte[] input, int offset, int length, BigInteger s)
      throws GeneralSecurityException {
    // RFC 8017 §8.2.2 step 2: s must lie in [0, n-1]; then m = s^e mod n (RSAVP1), which is
    // exactly what the JDK's own RSA verification computes, without a Cipher lookup per call.
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

  /**
   * RSASSA-PSS verification (RFC 8017 §8.1.2 and EMSA-PSS-VERIFY, §9.1.2) with MGF1 over the same
   * hash and a salt as long as the hash, the only parameters RFC 7518 §3.5 allows. Done here, like
   * PKCS#1 v1.5, on the raw RSA result: the JDK's {@code RSASSA-PSS} engine costs an initialisation
   * per key and allocates its mask and message copies on every call. The mask is applied in place
   * and the final comparison is constant-time.
   */
  private static boolean verifyPss(
      Algorithm algorithm, RSAPublicKey key, byte[] input, int offset, int length, BigInteger s)
      throws GeneralSecurityException {
    BigInteger n = key.getModulus();
    if (s.compareTo(n) >= 0) {
      return false; // §8.1.2 step 2a (RSAVP1): s must lie in [0, n-1]
    }
    int emBits = n.bitLength() - 1;
    int emLen = (emBits + 7) / 8;
    int hLen = algorithm.hashBytes();
    int sLen = hLen;
    BigInteger m = s.modPow(key.getPublicExponent(), n);
    // §8.1.2 step 2c (I2OSP into emLen octets) and §9.1.2 step 6 (the bits above emBits are zero).
    if (m.bitLength() > emBits || emLen < hLen + sLen + 2) {
      return false;
    }
    byte[] em = toFixedLength(m, emLen);
    if (em[emLen - 1] != (byte) 0xBC) {
      return false; // step 4
    }
    int dbLen = emLen - hLen - 1; // em = maskedDB (dbLen) || H (hLen) || 0xBC
    MessageDigest digest = digest(hLen);
    byte[] block = new byte[hLen];
    // Steps 7-8: DB = maskedDB XOR MGF1(H, dbLen) (RFC 8017 §B.2.1), computed in place. H and the
    // counter sit side by side in one array so each block is one update (the JDK's MGF1 makes two).
    byte[] seed = Arrays.copyOfRange(em, dbLen, dbLen + hLen + 4);
    for (int counter = 0, done = 0; done < dbLen; counter++) {
      seed[hLen] = (byte) (counter >>> 24);
      seed[hLen + 1] = (byte) (counter >>> 16);
      seed[hLen + 2] = (byte) (counter >>> 8);
      seed[hLen + 3] = (byte) counter;
      digest.update(seed);
      digest.digest(block, 0, hLen);
      int take = Math.min(hLen, dbLen - done);
      for (int i = 0; i < take; i++) {
        em[done + i] ^= block[i];
      }
      done += take;
    }
    em[0] &= (byte) (0xFF >>> (8 * emLen - emBits)); // step 9
    // Step 10: DB = PS (zeros) || 0x01 || salt.
    int separator = dbLen - sLen - 1;
    for (int i = 0; i < separator; i++) {
      if (em[i] != 0) {
        return false;
      }
    }
    if (em[separator] != 0x01) {
      return false;
    }
    // Steps 2 and 12-14: H' = Hash(0x00 * 8 || Hash(M) || salt), compared with H.
    digest.update(input, offset, length);
    digest.digest(block, 0, hLen);
    digest.update(PSS_PREFIX);
    digest.update(block);
    digest.update(em, dbLen - sLen, sLen);
    digest.digest(block, 0, hLen);
    int difference = 0;
    for (int i = 0; i < hLen; i++) {
      difference |= block[i] ^ em[dbLen + i];
    }
    return difference == 0;
  }

  private static final byte[] PSS_PREFIX = new byte[8];

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
