package dev.verity.jwt.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request path into decoded segments, or finds that it is not in normal form.
 *
 * <p>The rule the whole package relies on, stated once: the path is split on {@code /} and empty
 * segments are dropped; each segment is percent-decoded exactly once (RFC 3986 §2.1), the octets
 * read as UTF-8 (RFC 3986 §2.5) with malformed or overlong sequences refused; a decoded segment
 * that is {@code .} or {@code ..} (RFC 3986 §3.3 dot segments), or holds {@code /}, {@code ;},
 * {@code \}, NUL or another control character, makes the whole path unmatchable, as does a
 * malformed escape, and so does a segment that would be one of those if decoded again (such as
 * {@code %252e}), against back ends that decode twice. Nothing is stripped or resolved: a path a
 * server might read as another path is refused, never matched as that other path.
 */
final class RequestPath {
  private RequestPath() {}

  /**
   * Returns the decoded, non-empty segments of {@code path}, or null when the path is not in normal
   * form (see the class comment).
   */
  static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    int length = path.length();
    int start = 0;
    while (start <= length) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if (end > start) {
        String segment = decode(path, start, end);
        if (segment == null || !isNormal(segment) || !staysNormal(segment)) {
          return null;
        }
        segments.add(segment);
      }
      start = end + 1;
    }
    return segments;
  }

  /** Decodes {@code path[start, end)} once, or returns null for a malformed escape or UTF-8. */
  private static String decode(String path, int start, int end) {
    int percent = path.indexOf('%', start);
    if (percent < 0 || percent >= end) {
      return hasLoneSurrogate(path, start, end) ? null : path.substring(start, end);
    }
    StringBuilder out = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      char c = path.charAt(i);
      if (c != '%') {
        if (Character.isSurrogate(c)) {
          if (!Character.isHighSurrogate(c)
              || i + 1 >= end
              || !Character.isLowSurrogate(path.charAt(i + 1))) {
            return null;
          }
          out.append(c).append(path.charAt(i + 1));
          i += 2;
        } else {
          out.append(c);
          i++;
        }
        continue;
      }
      // A run of escapes is one octet sequence: a character may span several (RFC 3986 §2.5).
      byte[] octets = new byte[(end - i) / 3];
      int count = 0;
      while (i < end && path.charAt(i) == '%') {
        if (i + 2 >= end) {
          return null;
        }
        int high = Character.digit(path.charAt(i + 1), 16);
        int low = Character.digit(path.charAt(i + 2), 16);
        if (high < 0 || low < 0 || path.charAt(i + 1) > 0x7F || path.charAt(i + 2) > 0x7F) {
          return null;
        }
        octets[count++] = (byte) (high << 4 | low);
        i += 3;
      }
      try {
        CharBuffer chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(octets, 0, count));
        out.append(chars);
      } catch (CharacterCodingException e) {
        return null;
      }
    }
    return out.toString();
  }

  private static boolean hasLoneSurrogate(String path, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < end
          && Character.isLowSurrogate(path.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether the segment stays in normal form however often a back end decodes it again:
   * {@code %252e} is {@code %2e} to this matcher but {@code .} to a server that decodes twice. A
   * {@code %} that does not start a valid escape ends the check, being a plain character then.
   */
  private static boolean staysNormal(String segment) {
    String again = segment;
    while (again.indexOf('%') >= 0) {
      again = decode(again, 0, again.length());
      if (again == null) {
        return true;
      }
      if (again.isEmpty() || !isNormal(again)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether a decoded segment may be matched as it stands. */
  private static boolean isNormal(String segment) {
    if (segment.equals(".") || segment.equals("..")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/' || c == ';' || c == '\\' || c < 0x20 || c == 0x7F) {
        return false;
      }
    }
    return true;
  }
}
