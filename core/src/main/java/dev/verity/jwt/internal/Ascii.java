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
      if (lower(a.charAt(i)) != lower(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether {@code s} is an RFC 6749 §3.3 scope-token: one or more of {@code %x21 / %x23-5B
   * / %x5D-7E} (printable ASCII but for space, {@code "} and {@code \}). RFC 6750 §3 restricts the
   * {@code scope} attribute of a challenge to the same set.
   */
  public static boolean isScopeToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
