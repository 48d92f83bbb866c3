package dev.verity.jwt;

import dev.verity.jwt.internal.CompactJws;
import dev.verity.jwt.internal.Json;
import dev.verity.jwt.internal.Rejection;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A compact JWS split and decoded WITHOUT checking its signature, its key or any claim: what a
 * token says about itself, for tools that show it (the {@code verity inspect} command, a debugging
 * page). Nothing here is trustworthy; never authorize with it. Use {@link JwtVerifier} for that.
 *
 * <p>The structure is checked exactly as the verifier checks it (length cap, three canonical
 * base64url parts, RFC 7515 §7.1), and the JSON with the verifier's own reader and limits (strict
 * UTF-8, RFC 8725 §3.7; no duplicate member names, RFC 7515 §4), so a token shown here as decodable
 * is read the same way the verifier would read it. Immutable and thread-safe.
 */
public final class UnverifiedJwt {
  private final String headerJson;
  private final byte[] payload;
  private final int signatureBytes;

  private UnverifiedJwt(String headerJson, byte[] payload, int signatureBytes) {
    this.headerJson = headerJson;
    this.payload = payload;
    this.signatureBytes = signatureBytes;
  }

  /**
   * Splits a token and reads its header, without verifying anything.
   *
   * @param token the compact serialization
   * @param maxTokenBytes the largest accepted length in bytes, as {@link
   *     JwtVerifierBuilder#maxTokenBytes(int)}
   * @throws JwtVerificationException {@code TOKEN_TOO_LARGE}, or {@code MALFORMED} when the token
   *     is not three base64url parts or its header is not a JSON object within the limits
   */
  public static UnverifiedJwt decode(String token, int maxTokenBytes) {
    CompactJws jws = CompactJws.parse(token, maxTokenBytes);
    String header;
    try {
      header = Json.strictUtf8(jws.header());
      if (!(Json.parseValue(header) instanceof Map)) {
        throw Rejection.malformed("the header is not a JSON object");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw Rejection.malformed("the header is not JSON within Verity's limits");
    }
    return new UnverifiedJwt(header, jws.payload(), jws.signatureLength());
  }

  /**
   * Splits a token no longer than {@link JwtVerifierBuilder#DEFAULT_MAX_TOKEN_BYTES}.
   *
   * @throws JwtVerificationException as {@link #decode(String, int)}
   */
  public static UnverifiedJwt decode(String token) {
    return decode(token, JwtVerifierBuilder.DEFAULT_MAX_TOKEN_BYTES);
  }

  /** Returns the header as the token carries it: one JSON object, not reformatted. */
  public String headerJson() {
    return headerJson;
  }

  /** Returns a copy of the decoded payload bytes, whatever they are. */
  public byte[] payload() {
    return payload.clone();
  }

  /** Returns the payload as text when it is strict UTF-8, whether or not it is JSON. */
  public Optional<String> payloadText() {
    try {
      return Optional.of(Json.strictUtf8(payload));
    } catch (IllegalArgumentException notText) {
      return Optional.empty();
    }
  }

  /**
   * Returns the payload as JSON text, not reformatted, when it is exactly one JSON value within the
   * verifier's limits (a JWT's claims set is an object, RFC 7519 §7.2; a JWS payload may be any).
   */
  public Optional<String> payloadJson() {
    return payloadText()
        .filter(
            text -> {
              try {
                Json.parseValue(text);
                return true;
              } catch (IOException notJson) {
                return false;
              }
            });
  }

  /** Returns the length of the decoded signature in bytes; its value is never exposed. */
  public int signatureLength() {
    return signatureBytes;
  }

  /** Returns a summary without any of the token's content. */
  @Override
  public String toString() {
    return "UnverifiedJwt[NOT VERIFIED, " + payload.length + " payload bytes]";
  }
}
