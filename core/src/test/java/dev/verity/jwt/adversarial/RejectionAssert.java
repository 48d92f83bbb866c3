package dev.verity.jwt.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.VerifiedJwt;

/**
 * Asserts the exact rejection code of a token and that the rejection message carries no token
 * material (messages are fixed strings that never contain the token: docs/security-model.md).
 */
final class RejectionAssert {
  /**
   * Segments shorter than this are not searched for in messages: a one-letter segment such as the
   * {@code h} of {@code h.p} occurs in any English sentence and proves nothing.
   */
  private static final int MIN_SEGMENT_CHECKED = 8;

  private RejectionAssert() {}

  /**
   * Asserts that {@code verifier} rejects {@code token} with exactly {@code code}, and that the
   * message contains none of the token's nonempty segments. Any exception other than a {@link
   * JwtVerificationException} (a crash, a StackOverflowError) propagates and fails the test.
   */
  static JwtVerificationException assertRejected(
      JwtVerifier verifier, String token, ErrorCode code) {
    VerificationResult result = verifier.validate(token);
    assertThat(result.errorCode()).as("rejection code for %s", describe(token)).contains(code);
    JwtVerificationException rejection = result.rejection().orElseThrow();
    assertThat(rejection.code()).isEqualTo(code);
    assertNoTokenMaterial(rejection.getMessage(), token);
    return rejection;
  }

  /** Asserts that {@code verifier} accepts {@code token} and returns the verified JWT. */
  static VerifiedJwt assertAccepted(JwtVerifier verifier, String token) {
    VerificationResult result = verifier.validate(token);
    assertThat(result.errorCode()).as("rejection code for %s", describe(token)).isEmpty();
    return result.jwt();
  }

  /** Asserts that {@code message} contains none of the token's segments (see class comment). */
  static void assertNoTokenMaterial(String message, String token) {
    assertThat(message).isNotNull();
    if (token == null) {
      return;
    }
    for (String segment : token.split("\\.")) {
      if (segment.length() >= MIN_SEGMENT_CHECKED) {
        assertThat(message).as("rejection message").doesNotContain(segment);
      }
    }
  }

  /** Asserts that {@code message} does not contain {@code secret} (a kid, a claim value). */
  static void assertNotInMessage(JwtVerificationException rejection, String secret) {
    assertThat(rejection.getMessage()).as("rejection message").doesNotContain(secret);
  }

  private static String describe(String token) {
    if (token == null) {
      return "null token";
    }
    return token.length() <= 120
        ? "token '" + token + "'"
        : "token of " + token.length() + " chars starting '" + token.substring(0, 60) + "'";
  }
}
