package dev.verity.jwt.internal;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import java.nio.charset.StandardCharsets;

/**
 * The three decoded parts of a compact JWS and the exact bytes that were signed.
 *
 * <p>{@link #parse} runs every structural check before any allocation that scales with the input:
 * the length cap first, then one pass over the characters that admits only {@code [A-Za-z0-9_.-]}
 * and counts exactly two dots (RFC 7515 §7.1; RFC 8725bis §3.14; CVE-2025-30204). A JWE (five
 * parts) or a JSON serialization never gets past this point.
 *
 * @param signingInput the received ASCII bytes; the signature covers {@code [0,
 *     signingInputLength)}, never a re-encoding (CVE-2022-39227)
 * @param signingInputLength the length of {@code header.payload}
 * @param header the decoded protected header
 * @param payload the decoded payload
 * @param signature the decoded signature, possibly empty
 */
public record CompactJws(
    byte[] signingInput, int signingInputLength, byte[] header, byte[] payload, byte[] signature) {

  /**
   * Splits and decodes a token.
   *
   * @param token the token as received
   * @param maxBytes the largest accepted length in bytes (inclusive)
   * @throws dev.verity.jwt.JwtVerificationException {@code TOKEN_TOO_LARGE} or {@code MALFORMED}
   */
  public static CompactJws parse(String token, int maxBytes) {
    if (token == null) {
      throw Rejection.malformed("no token");
    }
    int length = token.length();
    if (length > maxBytes) {
      throw Rejection.of(ErrorCode.TOKEN_TOO_LARGE, "the token is longer than the maximum");
    }
    // The cap is in bytes; only a token with non-ASCII characters can be longer in UTF-8 than in
    // chars, and only when it has more than a third of the cap in chars.
    if (length > maxBytes / 3 && utf8Length(token) > maxBytes) {
      throw Rejection.of(ErrorCode.TOKEN_TOO_LARGE, "the token is longer than the maximum");
    }
    int firstDot = -1;
    int secondDot = -1;
    for (int i = 0; i < length; i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (firstDot < 0) {
          firstDot = i;
        } else if (secondDot < 0) {
          secondDot = i;
        } else {
          throw Rejection.malformed("the token has more than three parts");
        }
      } else if (!isBase64UrlChar(c)) {
        throw invalidCharacter(token, firstDot, i);
      }
    }
    if (secondDot < 0) {
      throw Rejection.malformed("the token does not have three parts");
    }
    if (firstDot == 0) {
      throw Rejection.malformed("the header is empty");
    }
    if (secondDot == firstDot + 1) {
      // RFC 7515 Appendix F detached content is not a JWT (RFC 7520 §4.5).
      throw Rejection.malformed("the payload is empty");
    }
    byte[] header = decode(token, 0, firstDot, "header");
    byte[] payload = decode(token, firstDot + 1, secondDot, "payload");
    byte[] signature = decode(token, secondDot + 1, length, "signature");
    return new CompactJws(
        token.getBytes(StandardCharsets.US_ASCII), secondDot, header, payload, signature);
  }

  /**
   * A character outside base64url is {@code MALFORMED}, with one exception that gives a more useful
   * answer: an RFC 7797 token, whose well-formed header says {@code "b64": false} and whose payload
   * is therefore sent raw, is {@code UNSUPPORTED_HEADER}, as it would be with an encodable payload.
   * Only the header segment, already checked to be base64url, is decoded to tell.
   */
  private static JwtVerificationException invalidCharacter(String token, int firstDot, int index) {
    if (firstDot > 0 && index > firstDot) {
      try {
        if (JwtParser.parseHeader(Base64Url.decode(token, 0, firstDot)).hasB64()) {
          return Rejection.of(
              ErrorCode.UNSUPPORTED_HEADER,
              "the header has \"b64\" (RFC 7797 unencoded payload), which JWTs do not use");
        }
      } catch (IllegalArgumentException | JwtVerificationException e) {
        // Not a decodable header: the plain answer below applies.
      }
    }
    return Rejection.malformed("the token contains a character outside base64url and '.'");
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static boolean isBase64UrlChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  private static byte[] decode(String token, int from, int to, String part) {
    try {
      return Base64Url.decode(token, from, to);
    } catch (IllegalArgumentException e) {
      throw Rejection.malformed("the " + part + " is not canonical base64url");
    }
  }
}
