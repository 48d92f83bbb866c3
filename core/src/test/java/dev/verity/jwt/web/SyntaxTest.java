package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntaxTest {
  @Test
  void isToken_methodsAndTchars_true() {
    assertThat(Syntax.isToken("GET")).isTrue();
    assertThat(Syntax.isToken("*")).isTrue();
    assertThat(Syntax.isToken("!#$%&'*+-.^_`|~09azAZ")).isTrue();
  }

  @Test
  void isToken_emptyOrSeparator_false() {
    for (String s : new String[] {"", "G T", "G(T", "G/T", "G=T", "G\"T", "G,T", "G;T", "GÉT"}) {
      assertThat(Syntax.isToken(s)).as(s).isFalse();
    }
  }

  @Test
  void isB64Token_alphabetAndTrailingPadding_true() {
    assertThat(Syntax.isB64Token("AZaz09-._~+/")).isTrue();
    assertThat(Syntax.isB64Token("abc==")).isTrue();
  }

  @Test
  void isB64Token_emptyOnlyPaddingOrInnerPadding_false() {
    for (String s : new String[] {"", "=", "==", "a=b", "a b", "a,b", "\"a\"", "a\u00e9", "a%"}) {
      assertThat(Syntax.isB64Token(s)).as(s).isFalse();
    }
  }
}
