package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathTest {
  @Test
  void segments_plainPath_splitsOnSlash() {
    assertThat(RequestPath.segments("/orders/42/items")).containsExactly("orders", "42", "items");
  }

  @Test
  void segments_emptySegmentsAndNoLeadingSlash_dropsEmpties() {
    assertThat(RequestPath.segments("//orders///42/")).containsExactly("orders", "42");
    assertThat(RequestPath.segments("orders/42")).containsExactly("orders", "42");
  }

  @Test
  void segments_rootOrEmpty_hasNoSegments() {
    assertThat(RequestPath.segments("")).isEmpty();
    assertThat(RequestPath.segments("/")).isEmpty();
    assertThat(RequestPath.segments("///")).isEmpty();
  }

  @Test
  void segments_percentEncoded_decodesOnce() {
    assertThat(RequestPath.segments("/a%20b/%41")).containsExactly("a b", "A");
    assertThat(RequestPath.segments("/100%25")).containsExactly("100%");
    assertThat(RequestPath.segments("/%2541")).containsExactly("%41");
  }

  @Test
  void segments_utf8Escapes_decodeToCharacters() {
    assertThat(RequestPath.segments("/caf%C3%A9/%F0%9F%98%80")).containsExactly("café", "😀");
    assertThat(RequestPath.segments("/café")).containsExactly("café");
  }

  @Test
  void segments_threeDots_isAnOrdinarySegment() {
    assertThat(RequestPath.segments("/.../.a/a.")).containsExactly("...", ".a", "a.");
  }

  @Test
  void segments_dotSegments_notNormal() {
    assertThat(RequestPath.segments("/a/./b")).isNull();
    assertThat(RequestPath.segments("/a/../b")).isNull();
    assertThat(RequestPath.segments("/a/%2e/b")).isNull();
    assertThat(RequestPath.segments("/a/%2E%2e/b")).isNull();
    assertThat(RequestPath.segments("/a/.%2E")).isNull();
  }

  @Test
  void segments_forbiddenCharacters_notNormal() {
    assertThat(RequestPath.segments("/a;b")).isNull();
    assertThat(RequestPath.segments("/a%3Bb")).isNull();
    assertThat(RequestPath.segments("/a%2fb")).isNull();
    assertThat(RequestPath.segments("/a\\b")).isNull();
    assertThat(RequestPath.segments("/a%5Cb")).isNull();
    assertThat(RequestPath.segments("/a%00")).isNull();
    assertThat(RequestPath.segments("/a\u0000")).isNull();
    assertThat(RequestPath.segments("/a%0Ab")).isNull();
    assertThat(RequestPath.segments("/a%7F")).isNull();
  }

  @Test
  void segments_malformedEscapes_notNormal() {
    assertThat(RequestPath.segments("/a%")).isNull();
    assertThat(RequestPath.segments("/a%4")).isNull();
    assertThat(RequestPath.segments("/a%4/b")).isNull();
    assertThat(RequestPath.segments("/a%zz")).isNull();
    assertThat(RequestPath.segments("/a%\u0664\u0661")).isNull();
  }

  @Test
  void segments_malformedUtf8_notNormal() {
    assertThat(RequestPath.segments("/%C0%AE")).isNull();
    assertThat(RequestPath.segments("/%E0%80%AE")).isNull();
    assertThat(RequestPath.segments("/%FF")).isNull();
    assertThat(RequestPath.segments("/%C3")).isNull();
    assertThat(RequestPath.segments("/%C3x")).isNull();
    assertThat(RequestPath.segments("/%ED%A0%80")).isNull();
    assertThat(RequestPath.segments("/a\uD800")).isNull();
    assertThat(RequestPath.segments("/%41\uDC00")).isNull();
  }

  @Test
  void segments_doubleEncodedTrick_notNormal() {
    assertThat(RequestPath.segments("/a/%252e%252e/b")).isNull();
    assertThat(RequestPath.segments("/a%252fb")).isNull();
    assertThat(RequestPath.segments("/%25252e")).isNull();
    assertThat(RequestPath.segments("/a%25252e")).containsExactly("a%252e");
  }
}
