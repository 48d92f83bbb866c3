package dev.verity.jwt.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.verity.jwt.JwtVerificationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON configuration Verity parses untrusted input with (THREATS.md §3).
 *
 * <p>Duplicate member names are rejected (RFC 7515 §4, RFC 7519 §4), depth, number and string
 * lengths are bounded before work is done (CVE-2025-53864, CVE-2023-1370), and comments, single
 * quotes, trailing commas and {@code NaN} stay off (jackson-core's defaults).
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
   * Creates a parser over strict UTF-8 JSON bytes: ASCII text (the usual case for JWTs) is parsed
   * in place; anything else is first decoded by {@link #strictUtf8}, which refuses what jackson's
   * byte parser would let through (overlong forms, encoded surrogates, a byte-order mark).
   *
   * @throws IllegalArgumentException when the bytes are not plain UTF-8 JSON text
   */
  public static JsonParser parser(byte[] utf8) throws IOException {
    boolean ascii = true;
    for (byte b : utf8) {
      if (b <= 0) {
        ascii = false;
        break;
      }
    }
    return ascii ? FACTORY.createParser(utf8) : FACTORY.createParser(strictUtf8(utf8));
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

  /** Reads the value starting at {@code token} into plain Java values. */
  public static Object readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          map.put(name, readValue(parser, parser.nextToken()));
        }
        return Collections.unmodifiableMap(map);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          list.add(readValue(parser, t));
        }
        return Collections.unmodifiableList(list);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        // Doubles, not BigDecimals: the parser has already refused non-finite values, and a
        // BigDecimal such as 1e-10000000 would make later arithmetic on it unbounded.
        double number = parser.getDoubleValue();
        if (!Double.isFinite(number)) {
          throw new IOException("number out of range");
        }
        return number;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token");
    }
  }
}
