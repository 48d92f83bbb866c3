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
  /** Value of each byte in the alphabet, -1 for every other byte (0x80-0xFF included). */
  private static final byte[] VALUE = new byte[256];

  static {
    Arrays.fill(VALUE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUE[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /** Returns whether a byte (an ASCII character) belongs to the base64url alphabet. */
  public static boolean isAlphabet(byte b) {
    return VALUE[b & 0xFF] >= 0;
  }

  /**
   * Returns whether {@code bytes[from, to)}, already known to hold only alphabet characters, is a
   * canonical encoding: a length that is not 1 mod 4, and zero unused bits in the last character.
   */
  public static boolean isCanonical(byte[] bytes, int from, int to) {
    int remainder = (to - from) & 3;
    if (remainder == 1) {
      return false;
    }
    if (remainder == 0) {
      return true;
    }
    int last = VALUE[bytes[to - 1] & 0xFF];
    return (last & (remainder == 2 ? 0xF : 0x3)) == 0;
  }

  /**
   * Decodes {@code bytes[from, to)}.
   *
   * @return the decoded bytes, in an array of exactly the decoded length
   * @throws IllegalArgumentException when the input is not canonical base64url
   */
  public static byte[] decode(byte[] bytes, int from, int to) {
    int length = to - from;
    int remainder = length & 3;
    if (remainder == 1) {
      throw new IllegalArgumentException("base64url length is impossible");
    }
    byte[] out = new byte[(length >> 2) * 3 + (remainder == 0 ? 0 : remainder - 1)];
    int in = from;
    int o = 0;
    int fullEnd = from + (length & ~3);
    while (in < fullEnd) {
      int a = VALUE[bytes[in] & 0xFF];
      int b = VALUE[bytes[in + 1] & 0xFF];
      int c = VALUE[bytes[in + 2] & 0xFF];
      int d = VALUE[bytes[in + 3] & 0xFF];
      if ((a | b | c | d) < 0) {
        throw new IllegalArgumentException("character outside the base64url alphabet");
      }
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
      in += 4;
    }
    if (remainder == 2) {
      int a = VALUE[bytes[in] & 0xFF];
      int b = VALUE[bytes[in + 1] & 0xFF];
      if ((a | b) < 0) {
        throw new IllegalArgumentException("character outside the base64url alphabet");
      }
      if ((b & 0xF) != 0) {
        throw new IllegalArgumentException("base64url has non-zero unused bits");
      }
      out[o] = (byte) (a << 2 | b >> 4);
    } else if (remainder == 3) {
      int a = VALUE[bytes[in] & 0xFF];
      int b = VALUE[bytes[in + 1] & 0xFF];
      int c = VALUE[bytes[in + 2] & 0xFF];
      if ((a | b | c) < 0) {
        throw new IllegalArgumentException("character outside the base64url alphabet");
      }
      if ((c & 0x3) != 0) {
        throw new IllegalArgumentException("base64url has non-zero unused bits");
      }
      int bits = a << 12 | b << 6 | c;
      out[o++] = (byte) (bits >> 10);
      out[o] = (byte) (bits >> 2);
    }
    return out;
  }

  /**
   * Decodes {@code text[from, to)}; characters outside ISO-8859-1 are outside the alphabet.
   *
   * @throws IllegalArgumentException when the input is not canonical base64url
   */
  public static byte[] decode(CharSequence text, int from, int to) {
    byte[] bytes = new byte[to - from];
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      bytes[i - from] = c < 0x80 ? (byte) c : (byte) 0x80; // 0x80 is outside the alphabet
    }
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes a whole string; see {@link #decode(CharSequence, int, int)}. */
  public static byte[] decode(CharSequence text) {
    return decode(text, 0, text.length());
  }
}
