package dev.verity.jwt.internal;

import java.util.Arrays;

/**
 * Strict, canonical base64url decoding (RFC 7515 §2 and Appendix C, RFC 4648 §5).
 *
 * <p>Accepts only the URL-safe alphabet with no padding, no white space and no other characters,
 * and requires the unused trailing bits to be zero (RFC 4648 §3.5), so every byte string has
 * exactly one accepted encoding. {@link java.util.Base64} is not used because it accepts padding
 * and ignores non-zero trailing bits.
 */
public final class Base64Url {
  private static final byte[] DECODE = new byte[128];

  static {
    Arrays.fill(DECODE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      DECODE[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * Decodes {@code text[from, to)}.
   *
   * @return the decoded bytes, in an array of exactly the decoded length
   * @throws IllegalArgumentException when the input is not canonical base64url
   */
  public static byte[] decode(CharSequence text, int from, int to) {
    int length = to - from;
    int remainder = length & 3;
    if (remainder == 1) {
      throw new IllegalArgumentException("base64url length is impossible");
    }
    int outLength = (length >> 2) * 3 + (remainder == 0 ? 0 : remainder - 1);
    byte[] out = new byte[outLength];
    int in = from;
    int o = 0;
    int fullEnd = from + (length & ~3);
    while (in < fullEnd) {
      int bits =
          value(text.charAt(in)) << 18
              | value(text.charAt(in + 1)) << 12
              | value(text.charAt(in + 2)) << 6
              | value(text.charAt(in + 3));
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
      in += 4;
    }
    if (remainder == 2) {
      int bits = value(text.charAt(in)) << 6 | value(text.charAt(in + 1));
      if ((bits & 0xF) != 0) {
        throw new IllegalArgumentException("base64url has non-zero unused bits");
      }
      out[o] = (byte) (bits >> 4);
    } else if (remainder == 3) {
      int bits =
          value(text.charAt(in)) << 12
              | value(text.charAt(in + 1)) << 6
              | value(text.charAt(in + 2));
      if ((bits & 0x3) != 0) {
        throw new IllegalArgumentException("base64url has non-zero unused bits");
      }
      out[o++] = (byte) (bits >> 10);
      out[o] = (byte) (bits >> 2);
    }
    return out;
  }

  /** Decodes a whole string; see {@link #decode(CharSequence, int, int)}. */
  public static byte[] decode(CharSequence text) {
    return decode(text, 0, text.length());
  }

  private static int value(char c) {
    int v = c < 128 ? DECODE[c] : -1;
    if (v < 0) {
      throw new IllegalArgumentException("character outside the base64url alphabet");
    }
    return v;
  }
}
