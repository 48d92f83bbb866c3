package dev.verity.jwt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.verity.jwt.cli.testing.Cli;
import dev.verity.jwt.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
  private static final JsonFactory PLAIN = new JsonFactory();

  @Test
  void compact_rfc7515HeaderWithCrLf_becomesOneCompactLine() throws IOException {
    String header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";

    assertThat(JsonLines.compact(PLAIN, header)).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
  }

  @Test
  void compact_numbers_keptAsTheirLiteralText() throws IOException {
    String json = "{\"a\":1.50,\"b\":1e3,\"c\":-0.0,\"d\":12345678901234567890123,\"e\":1E-7}";

    assertThat(JsonLines.compact(PLAIN, json)).isEqualTo(json);
  }

  @Test
  void compact_memberOrderAndNesting_kept() throws IOException {
    String json = "{\"z\":[1,{\"y\":null,\"x\":[true,false]}],\"a\":{}}";

    assertThat(JsonLines.compact(PLAIN, json)).isEqualTo(json);
  }

  @Test
  void compact_lineBreakLikeCharacters_escaped() throws IOException {
    String json = "{\"s\":\"a\\nb\\r\\u2028\\u2029\\u0085\\u000b\\u001e\"}";

    String compact = JsonLines.compact(PLAIN, json);

    assertThat(compact).isEqualTo("{\"s\":\"a\\nb\\r\\u2028\\u2029\\u0085\\u000B\\u001E\"}");
    assertThat(compact.lines()).hasSize(1);
    assertThat(compact.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
  }

  @Test
  void compact_rawLineSeparatorInInput_escapedInOutput() throws IOException {
    String json = "{\"s\":\"a\u2028b\u0085c\"}";

    assertThat(JsonLines.compact(PLAIN, json)).isEqualTo("{\"s\":\"a\\u2028b\\u0085c\"}");
  }

  @Test
  void compact_nonAsciiText_keptAsUtf8AndSurrogatesEscaped() throws IOException {
    String json = "{\"name\":\"José 😀\",\"lone\":\"\\ud800\"}";

    String compact = JsonLines.compact(PLAIN, json);

    assertThat(compact).isEqualTo("{\"name\":\"José \\ud83d\\ude00\",\"lone\":\"\\ud800\"}");
    assertThat(Cli.parse(compact)).containsEntry("name", "José 😀");
  }

  @Test
  void compact_escapedMemberName_escapedAgain() throws IOException {
    assertThat(JsonLines.compact(PLAIN, "{\"a\\nb\\\"\":1}")).isEqualTo("{\"a\\nb\\\"\":1}");
  }

  @Test
  void compact_trailingContent_throws() {
    assertThatThrownBy(() -> JsonLines.compact(PLAIN, "{} {}")).isInstanceOf(IOException.class);
  }

  @Test
  void compact_truncatedDocument_throws() {
    assertThatThrownBy(() -> JsonLines.compact(PLAIN, "{\"a\":[1,2"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void compact_duplicateMembersUnderTheStrictFactory_throws() {
    assertThatThrownBy(() -> JsonLines.compact(Json.factory(), "{\"a\":1,\"a\":2}"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void invalid_messageWithQuotesAndLineBreaks_isOneEscapedLine() throws IOException {
    StringWriter out = new StringWriter();
    JsonLines lines = new JsonLines(out);

    lines.invalid("MALFORMED", "say \"hi\"\r\nback\\slash\u2028");
    lines.flush();

    assertThat(out.toString())
        .isEqualTo(
            "{\"valid\":false,\"error\":{\"code\":\"MALFORMED\","
                + "\"message\":\"say \\\"hi\\\"\\r\\nback\\\\slash\\u2028\"}}\n");
  }

  @Test
  void valid_writesValidHeaderClaimsInThatOrder() throws IOException {
    StringWriter out = new StringWriter();
    JsonLines lines = new JsonLines(out);

    lines.valid("{\"alg\" : \"RS256\"}", "{\n\"sub\": \"a\"\n}");
    lines.valid("{\"alg\":\"ES256\"}", "{}");

    assertThat(out.toString())
        .isEqualTo(
            "{\"valid\":true,\"header\":{\"alg\":\"RS256\"},\"claims\":{\"sub\":\"a\"}}\n"
                + "{\"valid\":true,\"header\":{\"alg\":\"ES256\"},\"claims\":{}}\n");
  }

  @Test
  void valid_unparsableJson_throwsWithoutWritingAPartialLine() {
    StringWriter out = new StringWriter();
    JsonLines lines = new JsonLines(out);

    assertThatThrownBy(() -> lines.valid("{\"alg\":\"RS256\"}", "{\"sub\":"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(out.toString()).isEmpty();
  }
}
