package dev.verity.jwt.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.verity.jwt.JwtVerificationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Verity's JSON limits and entry points. Every document from outside (header, claims, JWK Set,
 * discovery document) is read by one reader, {@link JsonObjectReader}, under one set of rules;
 * {@link #parseValue} is its entry point for whole documents.
 *
 * <p>{@link #factory()} is a jackson factory under the same limits (duplicate names rejected, RFC
 * 7515 §4; depth, number and string lengths bounded, CVE-2025-53864, CVE-2023-1370), for writing
 * JSON and for re-reading text the reader has already accepted (the command's output).
 */
public final class Json {
  /** Maximum nesting depth of any JSON document Verity reads. */
  public static final int MAX_DEPTH = 64;

  /** Maximum length of a number literal, in characters. */
  public static final int MAX_NUMBER_LENGTH = 32;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .maxStringLength(1 << 20)
                  .maxNameLength(1 << 14)
                  .maxDocumentLength(1L << 20)
                  .build())
          .build();

  private Json() {}

  /** Returns the shared, thread-safe factory. */
  public static JsonFactory factory() {
    return FACTORY;
  }

  /**
   * Decodes UTF-8 strictly (RFC 8725 §3.7): malformed sequences, a byte-order mark or NUL bytes
   * (UTF-16/32 text) are refused rather than replaced or sniffed.
   *
   * @throws IllegalArgumentException when the bytes are not plain UTF-8 JSON text
   */
  public static String strictUtf8(byte[] bytes) {
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      throw new IllegalArgumentException("byte-order mark");
    }
    boolean ascii = true;
    for (byte b : bytes) {
      if (b == 0) {
        throw new IllegalArgumentException("NUL byte");
      }
      if (b < 0) {
        ascii = false;
      }
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("invalid UTF-8");
    }
  }

  /**
   * Parses a whole JSON document into plain Java values: {@code Map} (insertion-ordered), {@code
   * List}, {@code String}, {@code Boolean}, {@code Number} ({@code Integer}, {@code Long} or {@code
   * BigInteger} for integers, {@code Double} for the rest) and {@code null}. Collections are
   * unmodifiable. The same reader and rules as every token's header and claims (one reader, one set
   * of rules: a document is never read more leniently in one place than in another).
   *
   * @throws IOException when the text is not exactly one JSON value within the limits
   */
  public static Object parseValue(String json) throws IOException {
    try {
      return JsonObjectReader.readDocument(json.getBytes(StandardCharsets.UTF_8), "document");
    } catch (JwtVerificationException e) {
      throw new IOException(e.getMessage());
    }
  }
}
