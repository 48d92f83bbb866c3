package dev.verity.jwt;

/**
 * Renders an untrusted, non-secret value (a {@code kid}, an {@code iss}, an {@code aud}) for a
 * message or a log line: quoted, at most {@link #MAX_CHARS} characters, with quotes, backslashes,
 * control characters, bidirectional overrides and lone surrogates escaped, so a value can neither
 * forge a log line nor flood one. Never used for a token, a signature or key material.
 */
public final class SafeDisplay {
  /** Longest part of a value shown; the rest is cut and marked with an ellipsis. */
  public static final int MAX_CHARS = 64;

  private SafeDisplay() {}

  /** Returns {@code value} quoted and escaped, or {@code null} (unquoted) for null. */
  public static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 8).append('"');
    int shown = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20
          || c == 0x7F
          || (c >= 0x80 && c < 0xA0)
          || (c >= 0x2028 && c <= 0x202E) // line/paragraph separators, bidi embeddings
          || (c >= 0x2066 && c <= 0x2069) // bidi isolates
          || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (value.length() > MAX_CHARS) {
      out.append("…");
    }
    return out.toString();
  }

  /**
   * Renders a URL for a message without what may be a credential: user info is dropped and a query
   * or fragment replaced by an ellipsis. Text that does not parse as a URI is not shown at all,
   * since nothing then says where a password in it would be.
   */
  public static String url(String text) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(text);
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return "(an unparsable URL)";
    }
    if (uri.getRawAuthority() == null) {
      return uri.getScheme() == null ? "(a URL without a scheme)" : "(a URL without a host)";
    }
    StringBuilder out = new StringBuilder();
    out.append(uri.getScheme()).append("://");
    String authority = uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    out.append(at >= 0 ? authority.substring(at + 1) : authority);
    if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      out.append("?…");
    }
    if (uri.getRawFragment() != null) {
      out.append("#…");
    }
    return quoted(out.toString());
  }

  /**
   * Renders a command-line or configuration value for a message: {@link #quoted} unless it holds a
   * run shaped like a compact JWS (three base64url segments, the first two of at least 10
   * characters; a real header or claims set is longer): a token given in the wrong place is never
   * shown.
   */
  public static String argument(String text) {
    if (text != null && TOKEN_RUN.matcher(text).find()) {
      return "(a value shaped like a token, not shown)";
    }
    return quoted(text);
  }

  /** Returns {@code text} with every run shaped like a compact JWS replaced by a placeholder. */
  public static String withoutTokens(String text) {
    return text == null ? null : TOKEN_RUN.matcher(text).replaceAll("(a token, not shown)");
  }

  private static final java.util.regex.Pattern TOKEN_RUN =
      java.util.regex.Pattern.compile(
          "[A-Za-z0-9_=-]{10,}\\.[A-Za-z0-9_=-]{10,}\\.[A-Za-z0-9_=-]*");
}
