package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
  @Test
  void status_jwksUnavailable_503() {
    assertThat(HttpErrors.status(ErrorCode.JWKS_UNAVAILABLE)).isEqualTo(503);
  }

  @Test
  void status_insufficientScope_403() {
    assertThat(HttpErrors.status(ErrorCode.INSUFFICIENT_SCOPE)).isEqualTo(403);
  }

  @Test
  void status_everyOtherCode_401() {
    EnumSet<ErrorCode> others =
        EnumSet.complementOf(EnumSet.of(ErrorCode.JWKS_UNAVAILABLE, ErrorCode.INSUFFICIENT_SCOPE));

    assertThat(others).hasSize(15);
    others.forEach(code -> assertThat(HttpErrors.status(code)).as(code.name()).isEqualTo(401));
  }

  @Test
  void isTransient_onlyJwksUnavailable() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(HttpErrors::isTransient))
        .containsExactly(ErrorCode.JWKS_UNAVAILABLE);
  }

  @Test
  void description_expired_fixedText() {
    assertThat(HttpErrors.description(ErrorCode.EXPIRED)).isEqualTo("The token has expired");
    assertThat(HttpErrors.description(ErrorCode.BAD_SIGNATURE))
        .isEqualTo("The token's signature is invalid");
  }

  @Test
  void description_everyCode_distinctAndWithinRfc6750Charset() {
    assertThat(Arrays.stream(ErrorCode.values()).map(HttpErrors::description).distinct())
        .hasSize(ErrorCode.values().length);
    for (ErrorCode code : ErrorCode.values()) {
      // RFC 6750 §3: error_description = *( %x20-21 / %x23-5B / %x5D-7E )
      assertThat(HttpErrors.description(code))
          .as(code.name())
          .matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    }
  }
}
