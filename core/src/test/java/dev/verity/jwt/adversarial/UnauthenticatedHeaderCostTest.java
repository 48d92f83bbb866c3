package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.internal.JwtParser;
import org.junit.jupiter.api.Test;

/**
 * The protected header is read before anything is authenticated. Its size is bounded on its own (12
 * KiB decoded), whatever the token limit, and members Verity does not act on are skipped by their
 * syntax alone: a header full of floating-point numbers costs what its bytes cost, not a conversion
 * per number. (The cost itself is measured by JMH, {@code HeaderRejectionBenchmark}; these tests
 * pin the verdicts.)
 */
class UnauthenticatedHeaderCostTest {
  private static final JwtVerifier ONE_MIB_TOKENS =
      Fixtures.base().maxTokenBytes(1 << 20).keys(KeySources.jwks(Fixtures.trustedJwks())).build();

  @Test
  void header_justOverItsBound_isMalformedEvenUnderAOneMibTokenLimit() {
    String header = headerOfSize(JwtParser.MAX_HEADER_BYTES + 1, "1.5");
    var rejection =
        assertRejected(
            ONE_MIB_TOKENS,
            Fixtures.rs256(header, Fixtures.validClaimsJson()),
            ErrorCode.MALFORMED);
    assertThat(rejection.getMessage()).contains("header is larger than");
  }

  @Test
  void header_ofAHundredKibOfFloats_isMalformedBeforeItIsRead() {
    String header = headerOfSize(100 * 1024, "0.1234567e-5");
    assertRejected(
        ONE_MIB_TOKENS, Fixtures.rs256(header, Fixtures.validClaimsJson()), ErrorCode.MALFORMED);
  }

  @Test
  void header_atItsBound_isRead() {
    String header = headerOfSize(JwtParser.MAX_HEADER_BYTES, "1.5");
    assertAccepted(ONE_MIB_TOKENS, Fixtures.rs256(header, Fixtures.validClaimsJson()));
  }

  @Test
  void header_fullOfFloatsWithAlgNone_isAlgorithmNotAllowed() {
    // Every skipped number is judged by syntax; the verdict is still the header's own.
    String floats = headerOfSize(JwtParser.MAX_HEADER_BYTES, "1.7976931348623157e308");
    String header = floats.replace("\"alg\":\"RS256\"", "\"alg\":\"none\" ");
    assertThat(header).hasSameSizeAs(floats).contains("\"none\"");
    assertRejected(
        ONE_MIB_TOKENS,
        Fixtures.rs256(header, Fixtures.validClaimsJson()),
        ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void header_skippedNumberNoDoubleCanHold_isMalformed() {
    for (String number : new String[] {"1e400", "1.7976931348623159e308", "-2e308", "1e99999"}) {
      String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":[" + number + "]}";
      assertRejected(
          ONE_MIB_TOKENS, Fixtures.rs256(header, Fixtures.validClaimsJson()), ErrorCode.MALFORMED);
    }
  }

  @Test
  void header_skippedNumberAtTheLargestDouble_isAccepted() {
    for (String number :
        new String[] {"1.7976931348623157e308", "1e308", "-1.79e308", "1e-99999"}) {
      String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":[" + number + "]}";
      assertAccepted(ONE_MIB_TOKENS, Fixtures.rs256(header, Fixtures.validClaimsJson()));
    }
  }

  /** {"alg":"RS256","kid":"k1","x":[n,n,...]} padded with spaces to exactly {@code size} bytes. */
  static String headerOfSize(int size, String number) {
    StringBuilder header = new StringBuilder("{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":[");
    header.append(number);
    while (header.length() + number.length() + 3 <= size) {
      header.append(',').append(number);
    }
    header.append("]}");
    while (header.length() < size) {
      header.insert(header.length() - 2, ' ');
    }
    return header.toString();
  }
}
