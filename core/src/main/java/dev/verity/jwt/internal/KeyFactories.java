package dev.verity.jwt.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Builds JCA public keys and enforces the key rules every source shares: RSA of at least 2048 bits
 * with an odd exponent of at least 3 (RFC 7518 §3.3), EC points on their named curve, Edwards keys
 * of the exact length.
 */
public final class KeyFactories {
  /** Minimum RSA modulus size in bits (RFC 7518 §3.3). */
  public static final int MIN_RSA_BITS = 2048;

  /** Maximum RSA modulus size in bits; larger keys only cost time. */
  public static final int MAX_RSA_BITS = 16384;

  // SubjectPublicKeyInfo prefixes for the two Edwards curves (RFC 8410 §4).
  private static final byte[] ED25519_SPKI_PREFIX = hex("302a300506032b6570032100");
  private static final byte[] ED448_SPKI_PREFIX = hex("3043300506032b6571033a00");

  private KeyFactories() {}

  /**
   * Returns a problem description when the RSA parameters may not verify, or null when they may.
   */
  public static String rsaProblem(BigInteger modulus, BigInteger exponent) {
    int bits = modulus.bitLength();
    if (modulus.signum() <= 0 || bits < MIN_RSA_BITS) {
      return "RSA modulus shorter than 2048 bits";
    }
    if (bits > MAX_RSA_BITS) {
      return "RSA modulus longer than 16384 bits";
    }
    if (exponent.signum() <= 0 || exponent.compareTo(BigInteger.valueOf(3)) < 0) {
      return "RSA exponent smaller than 3";
    }
    if (!exponent.testBit(0)) {
      return "RSA exponent is even";
    }
    if (exponent.compareTo(modulus) >= 0) {
      return "RSA exponent not smaller than the modulus";
    }
    return null;
  }

  /** Builds an RSA public key; callers have checked {@link #rsaProblem} first. */
  public static RSAPublicKey rsa(BigInteger modulus, BigInteger exponent)
      throws GeneralSecurityException {
    return (RSAPublicKey)
        KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
  }

  /** Builds an EC public key; callers have checked {@link Curves#contains} first. */
  public static ECPublicKey ec(Curves curve, BigInteger x, BigInteger y)
      throws GeneralSecurityException {
    return (ECPublicKey)
        KeyFactory.getInstance("EC")
            .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve.spec()));
  }

  /** Returns the public-key length of an Edwards curve, or -1 for another curve name. */
  public static int edwardsKeyLength(String curve) {
    if ("Ed25519".equals(curve)) {
      return 32;
    }
    if ("Ed448".equals(curve)) {
      return 57;
    }
    return -1;
  }

  /** Builds an Ed25519 or Ed448 public key from its raw encoding (RFC 8037 §2). */
  public static PublicKey edwards(String curve, byte[] x) throws GeneralSecurityException {
    byte[] prefix = "Ed25519".equals(curve) ? ED25519_SPKI_PREFIX : ED448_SPKI_PREFIX;
    byte[] spki = new byte[prefix.length + x.length];
    System.arraycopy(prefix, 0, spki, 0, prefix.length);
    System.arraycopy(x, 0, spki, prefix.length, x.length);
    return KeyFactory.getInstance(curve).generatePublic(new X509EncodedKeySpec(spki));
  }

  /** Decodes a hex constant (used for fixed DER prefixes). */
  static byte[] hex(String text) {
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
