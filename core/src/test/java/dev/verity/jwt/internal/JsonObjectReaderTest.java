package dev.verity.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonObjectReader} against jackson-core configured by {@link Json}, the parser it replaces
 * on the hot path: the same verdict on every document (valid, and mutated into invalid), and the
 * same names and strings when both accept. The reader must never accept what jackson refuses, since
 * {@code VerifiedJwt.claims()} later reads the same bytes with jackson.
 */
class JsonObjectReaderTest {
  private static final JsonObjectReader.Options NAMES = JsonObjectReader.Options.of("iss", "aud");

  @Test
  void differential_generatedAndMutatedDocuments_sameVerdictAndValuesAsJackson() {
    Random random = new Random(20261124L);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < 40_000; i++) {
      byte[] document = Generator.document(random);
      if (i % 4 != 0) {
        document = Generator.mutate(random, document);
      }
      List<String> byJackson = jackson(document);
      List<String> byReader = reader(document);
      assertThat(byReader)
          .as("document %d: %s", i, new String(document, StandardCharsets.ISO_8859_1))
          .isEqualTo(byJackson);
      if (byReader == null) {
        rejected++;
      } else {
        accepted++;
      }
    }
    // Both verdicts must be well represented, or the comparison proves little.
    assertThat(accepted).isGreaterThan(5_000);
    assertThat(rejected).isGreaterThan(5_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        " \t\r\n{ } \n",
        "{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":{\"e\":true,\"f\":false}}",
        "{\"a\":\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
        "{\"a\":-0,\"b\":0.5e-3,\"c\":1E+2,\"d\":-12.0}",
        "{\"a\":\"\u00e9\u4e2d\ud83d\ude00\"}",
        "{\"a\":1e-400}", // underflows to zero: finite
        "{\"a\":12345678901234567890123456789012}", // 32 characters
        "{\"a\":{\"a\":{\"a\":1}}}", // the same name at different levels is no duplicate
      })
  void accepts_validJson(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(jackson(bytes)).isNotNull();
    assertThat(reader(bytes)).isEqualTo(jackson(bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"a\"",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\":1}{}",
        "{\"a\":1}x",
        "{\"a\":01}",
        "{\"a\":-}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":1e}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":1e400}",
        // RFC 8259 §8.2: unpaired surrogate escapes; jackson accepts them, Verity does not.
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\"}",
        "{\"\\udc00\":1}",
        "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"\\udc00\\ud800\"}",
        "{\"a\":[\"\\ud800\"]}",
        "{\"a\":-1e400}",
        "{\"a\":123456789012345678901234567890123}", // 33 characters
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{\"a\":'x'}",
        "{a:1}",
        "{\"a\":1 /* comment */}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"\\u0061\":2}",
        "{\"\\u0061\":1,\"a\":2}",
        "{\"b\":{\"a\":1,\"a\":2}}",
        "{\"iss\":1,\"aud\":2,\"iss\":3}", // a known name, found by its bit
        "{\"iss\":1,\"\\u0069ss\":2}",
        "{\"\\u0061ud\":1,\"aud\":2}",
        "{\"b\":[{\"a\":1,\"a\":2}]}",
      })
  void rejects_invalidJson(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(jackson(bytes)).as("jackson's verdict").isNull();
    assertThat(reader(bytes)).isNull();
  }

  @Test
  void rejects_invalidUtf8_asJsonDoes() {
    byte[][] invalid = {
      {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong '/'
      {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // surrogate
      {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
      {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'}, // truncated sequence
      {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'}, // lone continuation byte
      {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, // byte-order mark
      {'{', '"', 'a', '"', ':', '"', 0, '"', '}'},
    };
    for (byte[] bytes : invalid) {
      assertThat(jackson(bytes)).isNull();
      assertThat(reader(bytes)).isNull();
    }
  }

  @Test
  void depth_sixtyFourLevelsAccepted_sixtyFiveRefused() {
    assertThat(reader(nested(64))).isNotNull().isEqualTo(jackson(nested(64)));
    assertThat(reader(nested(65))).isNull();
    assertThat(jackson(nested(65))).isNull();
  }

  @Test
  void duplicates_amongManyNames_foundBeyondTheLinearScan() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      json.append("\"n").append(i).append("\":").append(i).append(',');
    }
    String unique = json + "\"last\":0}";
    String duplicate = json + "\"n3\":0}";
    assertThat(reader(unique.getBytes(StandardCharsets.UTF_8))).isNotNull();
    assertThat(reader(duplicate.getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(reader((json + "\"\\u006e3\":0}").getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void nameIndex_escapedName_matchesTheDecodedName() {
    JsonObjectReader reader = open("{\"\\u0069ss\":\"x\",\"other\":1,\"aud\":[]}");
    assertThat(reader.nextMember()).isTrue();
    assertThat(reader.memberIndex()).isZero();
    assertThat(reader.readString("iss")).isEqualTo("x");
    assertThat(reader.nextMember()).isTrue();
    assertThat(reader.memberIndex()).isEqualTo(-1);
    assertThat(reader.nameEquals("other")).isTrue();
    assertThat(reader.nameEquals("othe")).isFalse();
    reader.skipValue();
    assertThat(reader.nextMember()).isTrue();
    assertThat(reader.memberIndex()).isEqualTo(1);
    assertThat(reader.readStrings("aud", true)).isEmpty();
    assertThat(reader.nextMember()).isFalse();
  }

  @Test
  void nameEquals_nonAsciiName_comparedAsUtf8() {
    JsonObjectReader reader = open("{\"caf\u00e9\":1}");
    assertThat(reader.nextMember()).isTrue();
    assertThat(reader.nameEquals("caf\u00e9")).isTrue();
    assertThat(reader.nameEquals("cafe")).isFalse();
    assertThat(reader.nameEquals("caf\u00e9s")).isFalse();
  }

  @Test
  void readStrings_singleAndArray_asListsWithTypeChecked() {
    JsonObjectReader reader = open("{\"a\":\"x\",\"b\":[\"y\",\"z\"],\"c\":[1]}");
    reader.nextMember();
    assertThat(reader.readStrings("a", true)).containsExactly("x");
    reader.nextMember();
    assertThat(reader.readStrings("b", false)).containsExactly("y", "z");
    reader.nextMember();
    assertThatThrownBy(() -> reader.readStrings("\"c\"", false))
        .isInstanceOfSatisfying(
            JwtVerificationException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED))
        .hasMessage("\"c\" is not an array of strings");
    JsonObjectReader single = open("{\"a\":\"x\"}");
    single.nextMember();
    assertThatThrownBy(() -> single.readStrings("\"a\"", false))
        .hasMessage("\"a\" is not an array of strings");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0=1970-01-01T00:00:00Z",
        "-0=1970-01-01T00:00:00Z",
        "1767225600=2026-01-01T00:00:00Z",
        "1767225600.25=2026-01-01T00:00:00.250Z",
        "1.7672256e9=2026-01-01T00:00:00Z",
        "253402300799=9999-12-31T23:59:59Z",
      })
  void readNumericDate_inRange_exactInstant(String row) {
    String[] parts = row.split("=");
    JsonObjectReader reader = open("{\"exp\":" + parts[0] + "}");
    reader.nextMember();
    assertThat(reader.readNumericDate("exp", JwtParser.MAX_NUMERIC_DATE))
        .isEqualTo(Instant.parse(parts[1]));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-1", "253402300800", "1e300", "-0.5", "9999999999999999999", "\"1\"", "null"})
  void readNumericDate_outOfRangeOrNotANumber_malformed(String value) {
    JsonObjectReader reader = open("{\"exp\":" + value + "}");
    reader.nextMember();
    assertThatThrownBy(() -> reader.readNumericDate("exp", JwtParser.MAX_NUMERIC_DATE))
        .isInstanceOfSatisfying(
            JwtVerificationException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
  }

  @Test
  void messages_nameNoPartOfTheInput() {
    byte[] secretish = "{\"password\":\"hunter2\",\"password\":\"hunter2\"}".getBytes();
    assertThatThrownBy(() -> read(secretish))
        .hasMessage("the claims set is not valid JSON: it has a duplicate member name");
  }

  private static JsonObjectReader open(String json) {
    return new JsonObjectReader(json.getBytes(StandardCharsets.UTF_8), "claims set", NAMES);
  }

  private static byte[] nested(int depth) {
    String json = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  /** The reader's view: each top-level name, then its string value or "-", or null if refused. */
  /**
   * Skipped numbers are judged finite by their syntax alone (no conversion); the verdict must be
   * exactly {@code Double.parseDouble}'s, above all near the largest double,
   * 1.7976931348623157e308, where the boundary between finite and infinite lies at
   * 1.797693134862315807937...e308.
   */
  @Test
  void skipValue_numbersNearTheLargestDouble_finiteExactlyWhenParseDoubleSaysSo() {
    Random random = new Random(20261205L);
    String boundary = "17976931348623158079372897140530341507993413271003782693617377898044";
    int infinite = 0;
    for (int i = 0; i < 200_000; i++) {
      String number = randomNumber(random, boundary);
      if (number.length() > Json.MAX_NUMBER_LENGTH) {
        continue;
      }
      boolean finite = Double.isFinite(Double.parseDouble(number));
      byte[] json = ("{\"a\":[" + number + "]}").getBytes(StandardCharsets.US_ASCII);
      assertThat(reader(json) != null).as(number).isEqualTo(finite);
      if (!finite) {
        infinite++;
      }
    }
    assertThat(infinite).as("infinite cases generated").isGreaterThan(10_000);
  }

  private static String randomNumber(Random random, String boundary) {
    StringBuilder digits = new StringBuilder();
    int length = 1 + random.nextInt(20);
    if (random.nextBoolean()) {
      // A prefix of the boundary's digits, then a nudge up or down, or nothing.
      digits.append(boundary, 0, Math.min(length, boundary.length()));
      if (random.nextBoolean()) {
        int last = digits.length() - 1;
        int digit = digits.charAt(last) - '0' + (random.nextBoolean() ? 1 : -1);
        digits.setCharAt(last, (char) ('0' + Math.max(0, Math.min(9, digit))));
      }
    } else {
      digits.append((char) ('1' + random.nextInt(9))); // JSON allows no leading zero
      for (int i = 1; i < length; i++) {
        digits.append((char) ('0' + random.nextInt(10)));
      }
    }
    // Place the decimal point anywhere (or nowhere), add leading zeros, pick the exponent so
    // that the value lands within a few orders of magnitude of 1e308.
    int point = random.nextInt(digits.length() + 1);
    int leadingZeros = random.nextInt(4);
    String mantissa = digits.toString();
    String text;
    int scale; // the value is (digits as an integer) * 10^(exponent - scale)
    if (point == digits.length()) {
      text = mantissa;
      scale = 0;
    } else {
      text = mantissa.substring(0, point) + "." + mantissa.substring(point);
      scale = mantissa.length() - point;
      if (point == 0) {
        text = "0." + "0".repeat(leadingZeros) + mantissa;
        scale += leadingZeros;
      }
    }
    int target = 305 + random.nextInt(7); // 305..311
    int exponent = target - (digits.length() - 1) + scale;
    String sign = random.nextInt(5) == 0 ? "-" : "";
    String e = random.nextBoolean() ? "e" : "E";
    String expSign = exponent >= 0 && random.nextBoolean() ? "+" : "";
    return sign + text + e + expSign + exponent;
  }

  private static List<String> reader(byte[] json) {
    try {
      return read(json);
    } catch (JwtVerificationException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
      return null;
    }
  }

  private static List<String> read(byte[] json) {
    List<String> seen = new ArrayList<>();
    JsonObjectReader reader = new JsonObjectReader(json, "claims set", NAMES);
    while (reader.nextMember()) {
      seen.add(reader.name());
      if (reader.valueIsString()) {
        seen.add(reader.readString("value"));
      } else {
        seen.add("-");
        reader.skipValue();
      }
    }
    return seen;
  }

  /** jackson's view under {@link Json}'s configuration, as the verifier used it before. */
  private static List<String> jackson(byte[] json) {
    List<String> seen = new ArrayList<>();
    try (JsonParser parser = Json.factory().createParser(Json.strictUtf8(json))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
        seen.add(parser.currentName());
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          seen.add(parser.getText());
        } else {
          seen.add("-");
          skip(parser, value);
        }
      }
      return parser.nextToken() == null && !hasUnpairedSurrogate(json) ? seen : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Jackson decodes an unpaired surrogate escape into a lone char; Verity refuses it (RFC 8259
   * §8.2). Strict UTF-8 already refuses encoded surrogates, so any lone surrogate in jackson's
   * reading of the whole document came from an escape.
   */
  private static boolean hasUnpairedSurrogate(byte[] json) {
    try (JsonParser parser = Json.factory().createParser(Json.strictUtf8(json))) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
          String text = parser.getText();
          for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
              return true;
            }
            if (Character.isLowSurrogate(c)
                && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
              return true;
            }
          }
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private static void skip(JsonParser parser, JsonToken value) throws Exception {
    int depth = value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY ? 1 : 0;
    JsonToken token = value;
    while (true) {
      if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
        throw new Exception("not finite");
      }
      if (depth == 0) {
        return;
      }
      token = parser.nextToken();
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        depth++;
      } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        depth--;
      } else if (token == null) {
        throw new Exception("end of input");
      }
    }
  }

  /** Random JSON objects, and mutations of them that are mostly invalid. */
  private static final class Generator {
    private static final String[] NAMES = {
      "a", "b", "iss", "aud", "\\u0061", "\\u0069ss", "caf\u00e9", "\\\"", "k\\n", "\ud83d\ude00"
    };
    private static final String[] STRINGS = {
      "",
      "x",
      "https://issuer.example.com",
      "\\\"q\\\"",
      "\\\\",
      "\\/",
      "\\b\\f\\n\\r\\t",
      "\\u00e9",
      "\\u4E2D",
      "\\ud83d\\ude00",
      "\\udc00",
      "\u00e9t\u00e9",
      "\u4e2d\u6587",
      "\ud83d\ude00",
      "a b",
      "\u007f"
    };
    private static final String[] NUMBERS = {
      "0",
      "-0",
      "7",
      "-12",
      "1767225600",
      "0.5",
      "-3.25e10",
      "1E-5",
      "1e+2",
      "1e400",
      "-1e400",
      "1e-400",
      "123456789012345678901234567890"
    };
    private static final byte[] INTERESTING = {
      '"',
      '\\',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      0,
      0x1F,
      (byte) 0x80,
      (byte) 0xC0,
      (byte) 0xC3,
      (byte) 0xED,
      (byte) 0xF0,
      (byte) 0xF4,
      (byte) 0xFF,
      'e',
      'E',
      '.',
      '-',
      '+',
      '0',
      '1',
      ' ',
      'u',
      'n',
      't',
      'f',
      'a',
      '/',
      '\t'
    };

    static byte[] document(Random random) {
      StringBuilder json = new StringBuilder();
      object(random, json, 0);
      return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void object(Random random, StringBuilder json, int depth) {
      json.append(space(random)).append('{');
      int members = random.nextInt(depth == 0 ? 7 : 4);
      for (int i = 0; i < members; i++) {
        if (i > 0) {
          json.append(',');
        }
        json.append(space(random))
            .append('"')
            .append(NAMES[random.nextInt(NAMES.length)])
            .append('"')
            .append(space(random))
            .append(':');
        value(random, json, depth + 1);
      }
      json.append(space(random)).append('}').append(space(random));
    }

    private static void value(Random random, StringBuilder json, int depth) {
      json.append(space(random));
      int kind = random.nextInt(depth < 4 ? 7 : 5);
      switch (kind) {
        case 0:
        case 1:
          json.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
          break;
        case 2:
          json.append(NUMBERS[random.nextInt(NUMBERS.length)]);
          break;
        case 3:
          json.append(random.nextBoolean() ? "true" : "false");
          break;
        case 4:
          json.append("null");
          break;
        case 5:
          object(random, json, depth);
          break;
        default:
          json.append('[');
          int items = random.nextInt(4);
          for (int i = 0; i < items; i++) {
            if (i > 0) {
              json.append(',');
            }
            value(random, json, depth + 1);
          }
          json.append(space(random)).append(']');
      }
      json.append(space(random));
    }

    private static String space(Random random) {
      int choice = random.nextInt(10);
      return choice < 7 ? "" : choice == 7 ? " " : choice == 8 ? "\n\t" : "\r ";
    }

    static byte[] mutate(Random random, byte[] document) {
      byte[] bytes = document;
      int edits = 1 + random.nextInt(2);
      for (int e = 0; e < edits && bytes.length > 0; e++) {
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(4)) {
          case 0:
            bytes = bytes.clone();
            bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            break;
          case 1:
            byte[] shorter = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, shorter, 0, at);
            System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
            bytes = shorter;
            break;
          case 2:
            byte[] longer = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, longer, 0, at);
            longer[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
            bytes = longer;
            break;
          default:
            bytes = java.util.Arrays.copyOf(bytes, at);
        }
      }
      return bytes;
    }
  }
}
