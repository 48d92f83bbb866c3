package dev.verity.jwt.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Builds JCA public keys and enforces the key rules every source shares: RSA of at least 2048 bits,
 * an odd modulus with no small factor, an odd exponent in [3, 2^32) (RFC 7518 §3.3), EC points on
 * their named curve, Edwards keys of the exact length that decode canonically to a point of large
 * order (RFC 8032 §5.1.3).
 */
public final class KeyFactories {
  /** Minimum RSA modulus size in bits (RFC 7518 §3.3). */
  public static final int MIN_RSA_BITS = 2048;

  /** Maximum RSA modulus size in bits; larger keys only cost time. */
  public static final int MAX_RSA_BITS = 16384;

  /** Largest RSA public exponent accepted, in bits: e < 2^32. */
  static final int MAX_RSA_EXPONENT_BITS = 32;

  /** The product of the odd primes below 1000, for a cheap small-factor test of a modulus. */
  private static final BigInteger SMALL_PRIMES_PRODUCT = oddPrimesProductBelow(1000);

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
    // An even modulus, or one with a small prime factor, is not a product of two large primes:
    // whoever factors it in microseconds can sign (a degenerate or deliberately weak key).
    if (!modulus.testBit(0)) {
      return "RSA modulus is even";
    }
    if (!modulus.gcd(SMALL_PRIMES_PRODUCT).equals(BigInteger.ONE)) {
      return "RSA modulus has a small prime factor";
    }
    if (exponent.signum() <= 0 || exponent.compareTo(BigInteger.valueOf(3)) < 0) {
      return "RSA exponent smaller than 3";
    }
    if (!exponent.testBit(0)) {
      return "RSA exponent is even";
    }
    // Real keys use 65537 (or 3). An exponent near the modulus is a denial of service (each
    // verification a full-size exponentiation, milliseconds per token), so the range is bounded
    // as NIST SP 800-56B and most TLS stacks bound it: below 2^32.
    if (exponent.bitLength() > MAX_RSA_EXPONENT_BITS) {
      return "RSA exponent not below 2^32";
    }
    if (exponent.compareTo(modulus) >= 0) {
      return "RSA exponent not smaller than the modulus";
    }
    return null;
  }

  /**
   * Returns why the raw Ed25519 or Ed448 public key {@code x} (RFC 8037 §2) may not verify: not a
   * canonical point encoding, or a point of small order; null when it may.
   */
  public static String edwardsProblem(String curve, byte[] x) {
    return EdwardsPoints.problem(curve, x);
  }

  /** Like {@link #edwardsProblem(String, byte[])} for a key the JCA has already decoded. */
  public static String edwardsProblem(EdECPublicKey key) {
    String curve = key.getParams().getName();
    int length = edwardsKeyLength(curve);
    if (length < 0) {
      return "the key is not on Ed25519 or Ed448";
    }
    // Re-encode the point (RFC 8032 §5.1.2): y little-endian, x's parity in the top bit.
    BigInteger y = key.getPoint().getY();
    // y takes all but the top bit of the encoding; that bit is x's parity.
    if (y.signum() < 0 || y.bitLength() > 8 * length - 1) {
      return "the OKP key is not a valid point encoding (RFC 8032 §5.1.3)";
    }
    byte[] bigEndian = y.toByteArray(); // at most length bytes: bitLength <= 8 * length - 1
    byte[] encoded = new byte[length];
    for (int i = 0; i < bigEndian.length; i++) {
      encoded[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (key.getPoint().isXOdd()) {
      encoded[length - 1] |= (byte) 0x80;
    }
    return EdwardsPoints.problem(curve, encoded);
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

  private static BigInteger oddPrimesProductBelow(int limit) {
    // A sieve: this runs at class load, on every cold start, so no probabilistic prime test.
    boolean[] composite = new boolean[limit];
    BigInteger product = BigInteger.ONE;
    for (int n = 3; n < limit; n += 2) {
      if (!composite[n]) {
        product = product.multiply(BigInteger.valueOf(n));
        for (int multiple = n * n; multiple < limit; multiple += 2 * n) {
          composite[multiple] = true;
        }
      }
    }
    return product;
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
