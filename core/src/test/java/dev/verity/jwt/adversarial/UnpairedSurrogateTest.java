package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.testsupport.Tokens;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An escaped surrogate that is not half of a high-low pair ({@code "\udc00"}, {@code "\ud800"},
 * {@code "\ud800\u0041"}, a low before a high) is no Unicode text (RFC 8259 §8.2), and readers
 * disagree on it: one replaces it, one keeps it, one refuses it. Verity reads the header, the
 * claims and JWK Sets with one reader and refuses it in all three, in names and in values, while a
 * proper pair ({@code "\ud83d\ude00"}) reads as its character everywhere.
 */
class UnpairedSurrogateTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\udc00", "\\ud800", "\\ud800x", "\\ud800\\u0041", "\\udc00\\ud800"})
  void headerMemberName_unpairedSurrogate_isMalformed(String escape) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"" + escape + "\":1}";
    assertRejected(
        Fixtures.rsaVerifier(),
        Fixtures.rs256(header, Fixtures.validClaimsJson()),
        ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\udc00", "\\ud800", "\\uDBFF", "\\ud800\\n"})
  void headerValue_unpairedSurrogate_isMalformed(String escape) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"a" + escape + "\"}";
    assertRejected(
        Fixtures.rsaVerifier(),
        Fixtures.rs256(header, Fixtures.validClaimsJson()),
        ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\udc00", "\\ud800", "\\ud800x", "\\ud800\\u0041", "\\udc00\\ud800"})
  void claimName_unpairedSurrogate_isMalformed(String escape) {
    String claims = Fixtures.validClaimsJsonWith("\"" + escape + "\":1");
    assertRejected(
        Fixtures.rsaVerifier(),
        Fixtures.rs256("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims),
        ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\udc00", "\\ud800", "\\uDBFF", "\\ud800\\n"})
  void claimValue_unpairedSurrogate_isMalformed(String escape) {
    // Inside a registered claim and inside a skipped nested value alike.
    for (String member :
        new String[] {"\"sub\":\"" + escape + "\"", "\"x\":[{\"y\":\"" + escape + "\"}]"}) {
      String claims =
          member.startsWith("\"sub\"")
              ? Fixtures.validClaimsJson().replace("\"sub\":\"alice\"", member)
              : Fixtures.validClaimsJsonWith(member);
      assertRejected(
          Fixtures.rsaVerifier(),
          Fixtures.rs256("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims),
          ErrorCode.MALFORMED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\udc00", "\\ud800", "\\ud800\\u0041"})
  void jwkSet_unpairedSurrogate_isRefused(String escape) {
    String jwk = Tokens.publicJwk(Fixtures.RSA, "k1", Map.of());
    String named = jwk.substring(0, jwk.length() - 1) + ",\"" + escape + "\":1}";
    String valued = jwk.substring(0, jwk.length() - 1) + ",\"x5t\":\"" + escape + "\"}";
    for (String document : new String[] {Tokens.jwks(named), Tokens.jwks(valued)}) {
      assertThatThrownBy(() -> JwkSet.parse(document))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not valid JSON");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800\\udc00", "\\udbff\\udfff"})
  void surrogatePair_readsAsItsCharacterEverywhere(String escape) {
    String expected = new String(Character.toChars(pairCodePoint(escape)));
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"" + escape + "\"}";
    String claims = Fixtures.validClaimsJsonWith("\"n" + escape + "\":\"" + escape + "\"");
    VerifiedJwt jwt = assertAccepted(Fixtures.rsaVerifier(), Fixtures.rs256(header, claims));
    assertThat(jwt.header()).containsEntry("x", expected);
    assertThat(jwt.claims()).containsEntry("n" + expected, expected);
    String jwk = Tokens.publicJwk(Fixtures.RSA, "k1", Map.of());
    String withPair = jwk.substring(0, jwk.length() - 1) + ",\"x5t\":\"" + escape + "\"}";
    assertThat(JwkSet.parse(Tokens.jwks(withPair)).usableSize()).isEqualTo(1);
  }

  private static int pairCodePoint(String escape) {
    char high = (char) Integer.parseInt(escape.substring(2, 6), 16);
    char low = (char) Integer.parseInt(escape.substring(8, 12), 16);
    return Character.toCodePoint(high, low);
  }
}
