package dev.verity.jwt.internal;

import java.math.BigInteger;

/**
 * Decodes Ed25519 and Ed448 public keys exactly as RFC 8032 §5.1.3 and §5.2.3 say, and refuses the
 * points of small order.
 *
 * <p>A public key of small order (the identity, the point of order 2, the order-4 and order-8
 * points) makes EdDSA verification meaningless: with the identity as the key, the signature {@code
 * R} = identity, {@code S} = 0 verifies every message, and the JDK's verifier (unlike Bouncy
 * Castle's) accepts such keys. Non-canonical encodings of those points ({@code y} ≥ p, or {@code x}
 * = 0 with the sign bit set) are refused by the decoding rules themselves. A point {@code P} has
 * small order exactly when [h]P is the identity, h the curve's cofactor (8 for edwards25519, 4 for
 * edwards448), so the check is the arithmetic itself rather than a list of encodings to keep
 * complete. Run once per key, when it is parsed; never on the hot path.
 */
final class EdwardsPoints {
  private static final BigInteger TWO = BigInteger.TWO;

  private static final Curve ED25519 = ed25519();
  private static final Curve ED448 = ed448();

  private EdwardsPoints() {}

  /**
   * Returns why the raw public key {@code x} (RFC 8037 §2) may not verify on {@code curve}, or null
   * when it decodes to a point of large order.
   */
  static String problem(String curve, byte[] x) {
    Curve c = "Ed25519".equals(curve) ? ED25519 : "Ed448".equals(curve) ? ED448 : null;
    if (c == null || x.length != c.encodedLength) {
      return "the OKP key has the wrong length for its curve";
    }
    BigInteger[] point = c.decode(x);
    if (point == null) {
      return "the OKP key is not a valid point encoding (RFC 8032 §5.1.3)";
    }
    BigInteger[] multiple = point;
    for (int i = 1; i < c.cofactor; i <<= 1) {
      multiple = c.add(multiple, multiple);
    }
    if (multiple[0].signum() == 0 && multiple[1].equals(BigInteger.ONE)) {
      return "the OKP key is a point of small order, which verifies forged signatures";
    }
    return null;
  }

  /** An Edwards curve a·x² + y² = 1 + d·x²·y² over GF(p) with a = ±1 (RFC 8032 §5.1, §5.2). */
  private static final class Curve {
    final BigInteger p;
    final BigInteger a;
    final BigInteger d;
    final int encodedLength;
    final int cofactor;
    final boolean ed25519;

    Curve(BigInteger p, BigInteger a, BigInteger d, int encodedLength, int cofactor) {
      this.p = p;
      this.a = a.mod(p);
      this.d = d.mod(p);
      this.encodedLength = encodedLength;
      this.cofactor = cofactor;
      this.ed25519 = encodedLength == 32;
    }

    /** RFC 8032 §5.1.3 (edwards25519) and §5.2.3 (edwards448); null when decoding fails. */
    BigInteger[] decode(byte[] encoded) {
      byte[] bigEndian = new byte[encoded.length];
      for (int i = 0; i < encoded.length; i++) {
        bigEndian[i] = encoded[encoded.length - 1 - i];
      }
      int signBit = (bigEndian[0] & 0x80) >>> 7;
      bigEndian[0] &= 0x7F;
      BigInteger y = new BigInteger(1, bigEndian);
      // Step 1: a y that is not reduced is a non-canonical encoding. For Ed448 this also refuses
      // any bit set in the final octet other than the sign bit (y would exceed 2^448 > p).
      if (y.compareTo(p) >= 0) {
        return null;
      }
      BigInteger y2 = y.multiply(y).mod(p);
      BigInteger u = y2.subtract(BigInteger.ONE).mod(p);
      // v = d·y² − a: 25519 has a = −1, so v = d·y² + 1; 448 has a = 1, so v = d·y² − 1.
      BigInteger v = d.multiply(y2).subtract(a).mod(p);
      BigInteger x = ed25519 ? sqrtRatio25519(u, v) : sqrtRatio448(u, v);
      if (x == null) {
        return null; // no square root: not a point on the curve
      }
      // Step 4: x = 0 with the sign bit set is a second encoding of a point; refused.
      if (x.signum() == 0 && signBit == 1) {
        return null;
      }
      if (x.testBit(0) != (signBit == 1)) {
        x = p.subtract(x);
      }
      return new BigInteger[] {x, y};
    }

    private BigInteger sqrtRatio25519(BigInteger u, BigInteger v) {
      // Steps 2-3 of §5.1.3: x = u·v³·(u·v⁷)^((p−5)/8), then fix up by sqrt(−1) if needed.
      BigInteger v3 = v.modPow(BigInteger.valueOf(3), p);
      BigInteger v7 = v3.multiply(v3).multiply(v).mod(p);
      BigInteger exponent = p.subtract(BigInteger.valueOf(5)).shiftRight(3);
      BigInteger x = u.multiply(v3).multiply(u.multiply(v7).mod(p).modPow(exponent, p)).mod(p);
      BigInteger vx2 = v.multiply(x).multiply(x).mod(p);
      if (vx2.equals(u)) {
        return x;
      }
      if (vx2.equals(p.subtract(u).mod(p))) {
        BigInteger sqrtMinusOne = TWO.modPow(p.subtract(BigInteger.ONE).shiftRight(2), p);
        return x.multiply(sqrtMinusOne).mod(p);
      }
      return null;
    }

    private BigInteger sqrtRatio448(BigInteger u, BigInteger v) {
      // Step 2 of §5.2.3: x = u³·v·(u⁵·v³)^((p−3)/4).
      BigInteger u3 = u.modPow(BigInteger.valueOf(3), p);
      BigInteger u5 = u3.multiply(u).multiply(u).mod(p);
      BigInteger v3 = v.modPow(BigInteger.valueOf(3), p);
      BigInteger exponent = p.subtract(BigInteger.valueOf(3)).shiftRight(2);
      BigInteger x = u3.multiply(v).multiply(u5.multiply(v3).mod(p).modPow(exponent, p)).mod(p);
      if (v.multiply(x).multiply(x).mod(p).equals(u)) {
        return x;
      }
      return null;
    }

    /**
     * Adds two points with the affine Edwards formulas; complete for these curves (d is not a
     * square), so no input is a special case.
     */
    BigInteger[] add(BigInteger[] first, BigInteger[] second) {
      BigInteger x1 = first[0];
      BigInteger y1 = first[1];
      BigInteger x2 = second[0];
      BigInteger y2 = second[1];
      BigInteger dxxyy = d.multiply(x1).multiply(x2).multiply(y1).multiply(y2).mod(p);
      BigInteger xNumerator = x1.multiply(y2).add(y1.multiply(x2));
      BigInteger yNumerator = y1.multiply(y2).subtract(a.multiply(x1).multiply(x2));
      BigInteger xDenominator = BigInteger.ONE.add(dxxyy).mod(p);
      BigInteger yDenominator = BigInteger.ONE.subtract(dxxyy).mod(p);
      return new BigInteger[] {
        xNumerator.multiply(xDenominator.modInverse(p)).mod(p),
        yNumerator.multiply(yDenominator.modInverse(p)).mod(p)
      };
    }
  }

  private static Curve ed25519() {
    BigInteger p = TWO.pow(255).subtract(BigInteger.valueOf(19));
    // d = −121665/121666 (RFC 8032 §5.1).
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(p)).mod(p);
    return new Curve(p, BigInteger.ONE.negate(), d, 32, 8);
  }

  private static Curve ed448() {
    BigInteger p = TWO.pow(448).subtract(TWO.pow(224)).subtract(BigInteger.ONE);
    return new Curve(p, BigInteger.ONE, BigInteger.valueOf(-39081), 57, 4);
  }
}
