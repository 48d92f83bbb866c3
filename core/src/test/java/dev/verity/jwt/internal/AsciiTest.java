package dev.verity.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiTest {
  @Test
  void isScopeToken_rfc6749Charset_exactly() {
    StringBuilder allowed = new StringBuilder();
    for (char c = 0; c < 0x100; c++) {
      if (Ascii.isScopeToken(String.valueOf(c))) {
        allowed.append(c);
      }
    }
    StringBuilder expected = new StringBuilder("!");
    for (char c = 0x23; c <= 0x7E; c++) {
      if (c != '\\') {
        expected.append(c);
      }
    }
    assertThat(allowed.toString()).isEqualTo(expected.toString());
    assertThat(Ascii.isScopeToken("")).isFalse();
  }

  @Test
  void equalsIgnoreCase_asciiCaseOnly() {
    assertThat(Ascii.equalsIgnoreCase("BeArEr", "bearer")).isTrue();
    assertThat(Ascii.equalsIgnoreCase("bearer", "bearerx")).isFalse();
    assertThat(Ascii.equalsIgnoreCase("\u0131", "I")).isFalse();
    assertThat(Ascii.equalsIgnoreCase("\u017f", "s")).isFalse();
    assertThat(Ascii.equalsIgnoreCase("LOCALHO\u017fT", "localhost")).isFalse();
  }

  @Test
  void lowerCase_mapsAsciiLettersOnly() {
    assertThat(Ascii.lowerCase("To\u212Aen/JWT")).isEqualTo("to\u212Aen/jwt");
    assertThat(Ascii.lowerCase("\u0130")).isEqualTo("\u0130");
    String unchanged = "at+jwt";
    assertThat(Ascii.lowerCase(unchanged)).isSameAs(unchanged);
  }
}
