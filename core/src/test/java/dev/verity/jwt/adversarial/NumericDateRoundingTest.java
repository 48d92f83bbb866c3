package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A NumericDate is judged on the number as written, not on the double it rounds to: {@code
 * 253402300799.0000001} is a double equal to the largest NumericDate (9999-12-31T23:59:59Z), but
 * the number is above it and so {@code MALFORMED}; likewise for a value just below zero.
 */
class NumericDateRoundingTest {
  private static final JwtVerifier VERIFIER =
      Fixtures.base()
          .allowMissingExpiration()
          .keys(KeySources.jwks(Fixtures.trustedJwks()))
          .build();

  @ParameterizedTest(name = "exp {0}")
  @ValueSource(
      strings = {
        "253402300799.0000001",
        "253402300799.00000000000000000001",
        "2.534023007990000001e11",
        "253402300799.5",
        "253402300800",
        "25340230080000000e-5",
        "2534023008e2"
      })
  void exp_justAboveTheLargestNumericDate_isMalformed(String exp) {
    assertRejected(VERIFIER, token("\"exp\":" + exp), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "nbf {0}")
  @ValueSource(strings = {"-0.0000001", "-1e-20", "-1"})
  void nbf_justBelowZero_isMalformed(String nbf) {
    assertRejected(VERIFIER, token("\"nbf\":" + nbf), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "exp {0}")
  @ValueSource(
      strings = {
        "253402300799",
        "253402300799.0",
        "253402300799.000000000000000000", // 31 characters
        "2.53402300799e11",
        "253402300798.9999999999"
      })
  void exp_atTheLargestNumericDate_isAccepted(String exp) {
    var jwt = assertAccepted(VERIFIER, token("\"exp\":" + exp));
    assertThat(jwt.expiresAt()).isPresent();
    assertThat(jwt.expiresAt().orElseThrow())
        .isBeforeOrEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @ParameterizedTest(name = "nbf {0}")
  @ValueSource(strings = {"0", "-0", "-0.0", "0e5", "1e-400"})
  void nbf_zeroInAnyForm_isAccepted(String nbf) {
    assertAccepted(VERIFIER, token("\"nbf\":" + nbf));
  }

  private static String token(String member) {
    String claims =
        "{\"iss\":\""
            + Fixtures.ISSUER
            + "\",\"aud\":\""
            + Fixtures.AUDIENCE
            + "\",\"sub\":\"alice\","
            + member
            + "}";
    return Fixtures.rs256("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims);
  }
}
