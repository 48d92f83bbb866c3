package dev.verity.jwt.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Objects;

/**
 * Writes the command's answers: exactly one compact JSON object per line (JSON Lines).
 *
 * <p>Every line is built whole in memory and only then written, so a failure half-way never leaves
 * a partial line. Strings are escaped by jackson-core; on top of JSON's required escapes, the
 * characters that some line-splitting tools treat as line breaks (U+0085, U+2028, U+2029) and every
 * UTF-16 surrogate are written as {@code \}{@code uXXXX} escapes, so a line of output is one line
 * for any reader and no value is altered by the UTF-8 encoder. Not thread-safe.
 */
public final class JsonLines {
  /** Writes the answers; every line is escaped with {@link LineSafeEscapes}. */
  private static final JsonFactory OUTPUT =
      new JsonFactoryBuilder()
          .characterEscapes(new LineSafeEscapes())
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  /** Reads JSON the core verifier has already parsed strictly; jackson's default limits suffice. */
  private static final JsonFactory TRUSTED_INPUT = new JsonFactory();

  private final Writer out;
  private final StringWriter line = new StringWriter(512);

  /**
   * Creates a writer of answers.
   *
   * @param out where lines go; buffered by the caller, flushed by {@link #flush()}
   */
  public JsonLines(Writer out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Writes {@code {"valid":true,"header":{...},"claims":{...}}} from verified JSON texts.
   *
   * @throws IllegalStateException when a text does not parse, which the verifier rules out
   * @throws IOException when writing fails
   */
  public void valid(String headerJson, String claimsJson) throws IOException {
    String header;
    String claims;
    try {
      header = compact(TRUSTED_INPUT, headerJson);
      claims = compact(TRUSTED_INPUT, claimsJson);
    } catch (IOException e) {
      throw new IllegalStateException("verified JSON does not parse again", e);
    }
    JsonGenerator generator = start();
    generator.writeBooleanField("valid", true);
    generator.writeFieldName("header");
    generator.writeRawValue(header);
    generator.writeFieldName("claims");
    generator.writeRawValue(claims);
    finish(generator);
  }

  /** Writes {@code {"valid":false,"error":{"code":...,"message":...}}}. */
  public void invalid(String code, String message) throws IOException {
    JsonGenerator generator = start();
    generator.writeBooleanField("valid", false);
    writeError(generator, code, message);
    finish(generator);
  }

  /**
   * Writes the answer of {@code verity inspect}: {@code verified: false}, a warning, the header and
   * the payload as JSON ({@code payload}), as text ({@code payloadText}) or, when it is not UTF-8,
   * as its base64url form ({@code payloadBase64url}).
   *
   * @param compactHeader the header as compact JSON made by {@link #compact}
   * @param compactPayload the payload as compact JSON made by {@link #compact}, or null
   * @param payloadText the payload as text when it is not JSON, else null
   * @param payloadBase64url the payload's base64url when it is not UTF-8 text, else null
   */
  public void inspected(
      String warning,
      String compactHeader,
      String compactPayload,
      String payloadText,
      String payloadBase64url)
      throws IOException {
    JsonGenerator generator = start();
    generator.writeBooleanField("verified", false);
    generator.writeStringField("warning", warning);
    generator.writeFieldName("header");
    generator.writeRawValue(compactHeader);
    if (compactPayload != null) {
      generator.writeFieldName("payload");
      generator.writeRawValue(compactPayload);
    } else if (payloadText != null) {
      generator.writeStringField("payloadText", payloadText);
    } else {
      generator.writeStringField("payloadBase64url", payloadBase64url);
    }
    finish(generator);
  }

  /** Writes {@code {"verified":false,"error":{"code":...,"message":...}}}. */
  public void notInspectable(String code, String message) throws IOException {
    JsonGenerator generator = start();
    generator.writeBooleanField("verified", false);
    writeError(generator, code, message);
    finish(generator);
  }

  /** Flushes the lines written so far to the underlying stream. */
  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Re-serializes JSON text that Verity's reader has already accepted (its limits are stricter than
   * this parser's), as {@link #compact(JsonFactory, String)}.
   */
  public static String compact(String acceptedJson) throws IOException {
    return compact(TRUSTED_INPUT, acceptedJson);
  }

  /**
   * Re-serializes one JSON value as compact, line-safe JSON, keeping member order and values
   * exactly: numbers are copied as their literal text ({@code 1.50}, {@code 1e3}), never through
   * {@code double}.
   *
   * @param input the parser configuration: strict for untrusted text
   * @param json exactly one JSON value, possibly spread over lines (RFC 7515 A.1)
   * @throws IOException when the text is not exactly one JSON value under {@code input}'s rules
   */
  public static String compact(JsonFactory input, String json) throws IOException {
    StringWriter text = new StringWriter(json.length());
    try (JsonParser parser = input.createParser(json);
        JsonGenerator generator = OUTPUT.createGenerator(text)) {
      if (parser.nextToken() == null) {
        throw new IOException("empty JSON document");
      }
      int depth = 0;
      do {
        JsonToken token = parser.currentToken();
        switch (token) {
          case VALUE_NUMBER_INT:
          case VALUE_NUMBER_FLOAT:
            generator.writeNumber(parser.getText());
            break;
          case START_OBJECT:
          case START_ARRAY:
            depth++;
            generator.copyCurrentEvent(parser);
            break;
          case END_OBJECT:
          case END_ARRAY:
            depth--;
            generator.copyCurrentEvent(parser);
            break;
          default:
            generator.copyCurrentEvent(parser);
        }
      } while (depth > 0 && parser.nextToken() != null);
      if (depth != 0) {
        throw new IOException("truncated JSON document");
      }
      if (parser.nextToken() != null) {
        throw new IOException("trailing content after the JSON value");
      }
    }
    return text.toString();
  }

  private JsonGenerator start() throws IOException {
    line.getBuffer().setLength(0);
    JsonGenerator generator = OUTPUT.createGenerator(line);
    generator.writeStartObject();
    return generator;
  }

  private void finish(JsonGenerator generator) throws IOException {
    generator.writeEndObject();
    generator.close();
    out.append(line.getBuffer()).append('\n');
  }

  private static void writeError(JsonGenerator generator, String code, String message)
      throws IOException {
    generator.writeObjectFieldStart("error");
    generator.writeStringField("code", code);
    generator.writeStringField("message", message);
    generator.writeEndObject();
  }

  /**
   * JSON's standard escapes plus U+0085, U+2028, U+2029 and all surrogates: characters that are
   * valid in a JSON string but that Python's {@code splitlines()}, JavaScript before ES2019 or a
   * UTF-8 encoder would not pass through unchanged.
   */
  static final class LineSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x85 || ch == 0x2028 || ch == 0x2029 || (ch >= 0xD800 && ch <= 0xDFFF)) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
