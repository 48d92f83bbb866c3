package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code typ} is a media type, compared case-insensitively in ASCII only (RFC 2045 §5.1, RFC 7515
 * §4.1.9). Unicode case folding would make {@code to\u212Aen} (KELVIN SIGN) equal {@code token},
 * and {@code \u0130} (dotted capital I) or {@code \u017F} (long s) match {@code i} and {@code s}.
 */
class MediaTypeCaseFoldingTest {
  private static final JwtVerifier VERIFIER =
      Fixtures.base()
          .type("token-introspection+jwt")
          .keys(KeySources.jwks(Fixtures.trustedJwks()))
          .build();

  @ParameterizedTest(name = "typ {0}")
  @ValueSource(
      strings = {
        "to\\u212Aen-introspection+jwt", // KELVIN SIGN lower-cases to k
        "token-\\u0130ntrospection+jwt", // LATIN CAPITAL LETTER I WITH DOT ABOVE
        "token-introspection+jwt\\u017F", // LONG S (upper-cases to S)
        "token-intro\\u017Fpection+jwt",
        "application/token-introspection+jw\\u0054\\u0307"
      })
  void typ_unicodeLookalikeOfRequiredType_isTypeMismatch(String typ) {
    assertRejected(VERIFIER, token(typ), ErrorCode.TYPE_MISMATCH);
  }

  @ParameterizedTest(name = "typ {0}")
  @ValueSource(
      strings = {
        "token-introspection+jwt",
        "TOKEN-INTROSPECTION+JWT",
        "application/token-introspection+jwt",
        "Application/Token-Introspection+JWT"
      })
  void typ_asciiCaseVariant_isAccepted(String typ) {
    assertAccepted(VERIFIER, token(typ));
  }

  private static String token(String typ) {
    return Fixtures.rs256(
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"" + typ + "\"}", Fixtures.validClaimsJson());
  }
}
