package dev.verity.jwt.web;

/** Character classes of the HTTP and OAuth grammars the web package parses and writes. */
final class Syntax {
  private Syntax() {}

  /** Returns whether {@code c} is white space between rules, words and requirements. */
  static boolean isWhite(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Returns whether {@code s} is an RFC 9110 §5.6.2 token (an HTTP method, for one). */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTchar(char c) {
    return isAlphaOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * Returns whether {@code s} is an RFC 6750 §2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" /
   * "~" / "+" / "/" ) *"=".
   */
  static boolean isB64Token(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!isAlphaOrDigit(c) && "-._~+/".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether {@code c} may appear in a literal segment of a path pattern: the RFC 3986 §3.3
   * pchar characters other than pct-encoded, {@code ;} and {@code =} (which separate rules and
   * requirements) and {@code *} (the wildcard).
   */
  static boolean isLiteralChar(char c) {
    return isAlphaOrDigit(c) || "-._~!$&'()+,:@".indexOf(c) >= 0;
  }

  /** Returns whether {@code c} is an ASCII letter or digit. */
  static boolean isAlphaOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
