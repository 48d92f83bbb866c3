package dev.verity.jwt.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/** The NIST curves JWS uses (RFC 7518 §6.2.1.1), with the checks a public point must pass. */
public enum Curves {
  /** P-256 (secp256r1), for ES256. */
  P256("P-256", "secp256r1", 32),
  /** P-384 (secp384r1), for ES384. */
  P384("P-384", "secp384r1", 48),
  /** P-521 (secp521r1), for ES512. */
  P521("P-521", "secp521r1", 66);

  private final String jwkName;
  private final int coordinateBytes;
  private final ECParameterSpec spec;
  private final byte[] orderBytes;

  Curves(String jwkName, String stdName, int coordinateBytes) {
    this.jwkName = jwkName;
    this.coordinateBytes = coordinateBytes;
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(stdName));
      this.spec = parameters.getParameterSpec(ECParameterSpec.class);
      this.orderBytes = fixedLength(spec.getOrder(), coordinateBytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks the " + stdName + " curve", e);
    }
  }

  /** Returns the JWK {@code crv} name. */
  public String jwkName() {
    return jwkName;
  }

  /** Returns the length of one coordinate, and of R and S in a JWS signature, in bytes. */
  public int coordinateBytes() {
    return coordinateBytes;
  }

  /** Returns the JCA parameters of the curve. */
  public ECParameterSpec spec() {
    return spec;
  }

  /** Returns the order n of the base point. */
  public BigInteger order() {
    return spec.getOrder();
  }

  /**
   * Returns whether {@code bytes[offset, offset + coordinateBytes())}, a big-endian unsigned
   * integer, lies in [1, n-1]: the range of ECDSA's r and s (the "psychic signature" check,
   * CVE-2022-21449). Compares bytes, so the check allocates nothing.
   */
  public boolean isScalarInRange(byte[] bytes, int offset) {
    boolean nonZero = false;
    for (int i = 0; i < coordinateBytes; i++) {
      nonZero |= bytes[offset + i] != 0;
    }
    if (!nonZero) {
      return false;
    }
    for (int i = 0; i < coordinateBytes; i++) {
      int value = bytes[offset + i] & 0xFF;
      int order = orderBytes[i] & 0xFF;
      if (value != order) {
        return value < order;
      }
    }
    return false; // equal to n
  }

  private static byte[] fixedLength(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  // values() clones its array on every call; the lookup runs for every ES* token.
  private static final Curves[] ALL = values();

  /** Looks up a curve by its JWK name, or returns null. */
  public static Curves byJwkName(String name) {
    for (Curves curve : ALL) {
      if (curve.jwkName.equals(name)) {
        return curve;
      }
    }
    return null;
  }

  /** Looks up a curve by JCA parameters (same field and order), or returns null. */
  public static Curves bySpec(ECParameterSpec other) {
    for (Curves curve : values()) {
      if (curve.spec.getOrder().equals(other.getOrder())
          && curve.spec.getCurve().equals(other.getCurve())) {
        return curve;
      }
    }
    return null;
  }

  /**
   * Returns whether the affine point lies on this curve with coordinates in [0, p), the check whose
   * absence allowed invalid-curve attacks (CVE-2017-12974).
   */
  public boolean contains(ECPoint point) {
    if (point == null || ECPoint.POINT_INFINITY.equals(point)) {
      return false;
    }
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger x = point.getAffineX();
    BigInteger y = point.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right =
        x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return left.equals(right);
  }
}
