package dev.verity.jwt.internal;

/**
 * ASCII-only case mapping for protocol tokens (media types, URI schemes, host names, HTTP scheme
 * names): these compare case-insensitively in ASCII only (RFC 2045 §5.1, RFC 3986 §3.1, RFC 9110
 * §11.1). {@link String#toLowerCase} and {@link String#equalsIgnoreCase} fold Unicode too, so
 * {@code to\u212Aen} (KELVIN SIGN) would equal {@code token} and {@code localho\u017Ft} (LONG S)
 * {@code localhost}.
 */
public final class Ascii {
  private Ascii() {}

  /** Returns {@code text} with A-Z mapped to a-z and every other character unchanged. */
  public static String lowerCase(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? text : new String(chars);
  }

  /** Returns whether the two strings are equal when A-Z and a-z are taken as the same. */
  public static boolean equalsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && (lower(x) != lower(y) || !isLetter(x))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
