package dev.verity.jwt.internal;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import java.nio.charset.StandardCharsets;

/**
 * A compact JWS split into its parts: the exact bytes that were signed, the decoded payload and
 * signature, and the header segment, decoded only when {@link HeaderCache} has not seen the same
 * segment before.
 *
 * <p>{@link #parse} runs the structural checks before any allocation that scales with the input:
 * the length cap first, exactly two dots (found with the JDK's vectorised {@code indexOf}), then
 * payload and signature decoded as canonical base64url, which admits only {@code [A-Za-z0-9_-]}
 * (RFC 7515 §7.1; RFC 8725bis §3.14; CVE-2025-30204). The header segment gets the same check when
 * {@link #header()} first decodes it, before anything reads it. Any refusal is explained by one
 * ordered scan of the token, so the answer names the first problem in it. A JWE (five parts) or a
 * JSON serialization never gets past this point. Instances belong to one verification on one thread
 * and are immutable by convention (the arrays are never handed to user code), but for the parsed
 * header, remembered once known.
 */
public final class CompactJws {
  private final String token;
  private final byte[] signingInput;
  private final int firstDot;
  private final int secondDot;
  private final byte[] payload;
  private final int signatureLength;
  // The parsed header, once a HeaderCache has it: a router and the verifier it routes to ask for
  // the same token's header, and the second answer needs no lookup. Parsing is the same for every
  // verifier, so whichever asked first answers for all.
  private JoseHeader parsedHeader;

  private CompactJws(
      String token,
      byte[] bytes,
      int firstDot,
      int secondDot,
      byte[] payload,
      int signatureLength) {
    this.token = token;
    this.signingInput = bytes;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
    this.payload = payload;
    this.signatureLength = signatureLength;
  }

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
    // One intrinsic copy; a char outside ISO-8859-1 becomes '?', which is outside the alphabet.
    byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
    // The fast path: the dots found by the JDK's vectorised indexOf, the payload and signature
    // checked by the decoding itself. Anything it does not accept is rejected by the full scan
    // below, which names the first problem in the token.
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    // The header segment is checked by header(), when it is first decoded: a verifier's header
    // cache answers a segment equal to one already checked without looking at it again.
    if (firstDot > 0 && secondDot > firstDot + 1 && token.indexOf('.', secondDot + 1) < 0) {
      byte[] payload = Base64Url.decodeOrNull(bytes, firstDot + 1, secondDot);
      // The signature is decoded where its characters were, after the signing input.
      int signatureLength =
          payload == null ? -1 : Base64Url.decodeInPlace(bytes, secondDot + 1, length);
      if (signatureLength >= 0) {
        return new CompactJws(token, bytes, firstDot, secondDot, payload, signatureLength);
      }
    }
    // The copy may be partly decoded by now: the scan that names the problem reads a fresh one.
    throw rejection(token, token.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Finds why the fast path refused a token, scanning it in order as RFC 7515 §5.2 reads it. */
  private static JwtVerificationException rejection(String token, byte[] bytes) {
    int length = bytes.length;
    int firstDot = -1;
    int secondDot = -1;
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (Base64Url.isAlphabet(b)) {
        continue;
      }
      if (b != '.') {
        return invalidCharacter(token, firstDot, i);
      }
      if (firstDot < 0) {
        firstDot = i;
      } else if (secondDot < 0) {
        secondDot = i;
      } else {
        return Rejection.malformed("the token has more than three parts");
      }
    }
    if (secondDot < 0) {
      return Rejection.malformed("the token does not have three parts");
    }
    if (firstDot == 0) {
      return Rejection.malformed("the header is empty");
    }
    if (secondDot == firstDot + 1) {
      // RFC 7515 Appendix F detached content is not a JWT (RFC 7520 §4.5).
      return Rejection.malformed("the payload is empty");
    }
    if (!Base64Url.isCanonical(bytes, 0, firstDot)) {
      return Rejection.malformed("the header is not canonical base64url");
    }
    if (Base64Url.decodeOrNull(bytes, firstDot + 1, secondDot) == null) {
      return Rejection.malformed("the payload is not canonical base64url");
    }
    return Rejection.malformed("the signature is not canonical base64url");
  }

  /**
   * Returns the token's bytes: the signed {@code header.payload} in {@code [0,
   * signingInputLength())}, then the decoded signature at {@link #signatureOffset()}.
   */
  public byte[] signingInput() {
    return signingInput;
  }

  /** Returns the length of {@code header.payload}, the signed part of {@link #signingInput()}. */
  public int signingInputLength() {
    return secondDot;
  }

  /** Returns the end (exclusive) of the header segment in {@link #signingInput()}. */
  public int headerSegmentEnd() {
    return firstDot;
  }

  /** Returns the header a {@link HeaderCache} parsed for this token, or null before that. */
  JoseHeader parsedHeader() {
    return parsedHeader;
  }

  void parsedHeader(JoseHeader header) {
    this.parsedHeader = header;
  }

  /**
   * Returns the decoded protected header, decoded now.
   *
   * @throws dev.verity.jwt.JwtVerificationException {@code MALFORMED} when the header segment is
   *     not canonical base64url (the answer {@link #parse} gives for such a token)
   */
  public byte[] header() {
    if (firstDot > JwtParser.MAX_HEADER_SEGMENT_CHARS) {
      throw JwtParser.headerTooLarge(); // the header's own bound, before any decoding
    }
    byte[] decoded = Base64Url.decodeOrNull(signingInput, 0, firstDot);
    if (decoded == null) {
      throw rejection(token, token.getBytes(StandardCharsets.ISO_8859_1));
    }
    return decoded;
  }

  /** Returns the decoded payload. */
  public byte[] payload() {
    return payload;
  }

  /** Returns where the decoded signature starts in {@link #signingInput()}. */
  public int signatureOffset() {
    return secondDot + 1;
  }

  /** Returns the length of the decoded signature, possibly 0. */
  public int signatureLength() {
    return signatureLength;
  }

  /**
   * A character outside base64url is {@code MALFORMED}, with one exception that gives a more useful
   * answer: an RFC 7797 token, whose well-formed header says {@code "b64": false} and whose payload
   * is therefore sent raw, is {@code UNSUPPORTED_HEADER}, as it would be with an encodable payload.
   * Only the header segment, already checked to be base64url, is decoded to tell.
   */
  private static JwtVerificationException invalidCharacter(String token, int firstDot, int index) {
    if (firstDot > 0 && index > firstDot && firstDot <= JwtParser.MAX_HEADER_SEGMENT_CHARS) {
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
}
