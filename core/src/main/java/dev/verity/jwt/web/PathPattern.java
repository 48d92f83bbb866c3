package dev.verity.jwt.web;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path pattern of the route-rule syntax, such as {@code /orders/{id}/**}. Immutable and
 * thread-safe; components are never null.
 *
 * <p>Each segment is one of: {@code *} or {@code {name}} (exactly one request segment; the name, of
 * ASCII letters, digits, {@code _} and {@code -}, is for people only), a final {@code **} (any
 * number of remaining segments, none included), or a literal, compared exactly and case-sensitively
 * with the percent-decoded request segment. A literal holds letters, digits and {@code
 * -._~!$&'()+,:@} (RFC 3986 §3.3 pchar without escapes, {@code ;}, {@code =} and {@code *}), and is
 * neither {@code .} nor {@code ..}, which no request path in normal form contains. The pattern
 * {@code /} has no segments and matches only the root.
 *
 * <p>Request paths are matched the way {@link RouteRules} describes: split on {@code /}, empty
 * segments ignored, each segment percent-decoded once, and a path that is not in normal form (a dot
 * segment, {@code ;}, an encoded {@code /}, {@code \}, a control character, a malformed escape, any
 * of these once more encoded) matches no pattern at all.
 *
 * @param segments the segments in order, without slashes, e.g. {@code [orders, {id}, **]}
 */
public record PathPattern(List<String> segments) {
  /**
   * Validates and copies the segments.
   *
   * @throws IllegalArgumentException if a segment is empty, malformed, or {@code **} is not last
   */
  public PathPattern {
    segments = List.copyOf(segments);
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.equals("**")) {
        if (i != segments.size() - 1) {
          throw new IllegalArgumentException("'**' must be the last segment");
        }
      } else if (!segment.equals("*")) {
        checkVariableOrLiteral(segment);
      }
    }
  }

  private static void checkVariableOrLiteral(String segment) {
    if (segment.isEmpty()) {
      throw new IllegalArgumentException("empty segment");
    }
    if (segment.indexOf('*') >= 0) {
      throw new IllegalArgumentException(
          "segment \"" + segment + "\": '*' and '**' must be whole segments");
    }
    if (segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2) {
      for (int i = 1; i < segment.length() - 1; i++) {
        char c = segment.charAt(i);
        if (!Syntax.isAlphaOrDigit(c) && c != '_' && c != '-') {
          throw new IllegalArgumentException(
              "segment \"" + segment + "\": a {name} holds only letters, digits, '_' and '-'");
        }
      }
      return;
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw new IllegalArgumentException(
          "segment \"" + segment + "\": a dot segment never matches a request path");
    }
    for (int i = 0; i < segment.length(); i++) {
      if (!Syntax.isLiteralChar(segment.charAt(i))) {
        throw new IllegalArgumentException(
            "segment \""
                + segment
                + "\": a literal holds only letters, digits and -._~!$&'()+,:@"
                + (segment.startsWith("{") || segment.endsWith("}")
                    ? " (a variable is written {name})"
                    : ""));
      }
    }
  }

  /**
   * Parses a pattern such as {@code /orders/{id}}; empty segments ({@code //}, a trailing {@code
   * /}) are ignored.
   *
   * @throws IllegalArgumentException if the pattern does not start with {@code /} or a segment is
   *     invalid; the message quotes the pattern and says what is wrong
   */
  public static PathPattern parse(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("path \"" + pattern + "\" must start with '/'");
    }
    try {
      return new PathPattern(Arrays.stream(pattern.split("/")).filter(s -> !s.isEmpty()).toList());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("path \"" + pattern + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Returns whether the request path matches; a path not in normal form never does. The path is the
   * raw (still percent-encoded) path, with or without a leading {@code /}, without query.
   */
  public boolean matches(String path) {
    List<String> decoded = RequestPath.segments(Objects.requireNonNull(path, "path"));
    return decoded != null && matches(decoded);
  }

  /** Returns whether the decoded, non-empty request segments match. */
  boolean matches(List<String> path) {
    int size = segments.size();
    boolean rest = size > 0 && segments.get(size - 1).equals("**");
    int fixed = rest ? size - 1 : size;
    if (rest ? path.size() < fixed : path.size() != fixed) {
      return false;
    }
    for (int i = 0; i < fixed; i++) {
      String pattern = segments.get(i);
      if (!pattern.equals("*") && !pattern.startsWith("{") && !pattern.equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the pattern in the rule syntax, e.g. {@code /orders/{id}}; {@code /} for the root. */
  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
