package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HttpOutcomeTest {
  @Test
  void isTransient_503_true() {
    assertThat(new HttpOutcome(503, Optional.empty(), OptionalLong.of(5)).isTransient()).isTrue();
  }

  @Test
  void isTransient_401_false() {
    assertThat(new HttpOutcome(401, Optional.of("Bearer"), OptionalLong.empty()).isTransient())
        .isFalse();
  }

  @Test
  void constructor_successStatus_rejected() {
    assertThatThrownBy(() -> new HttpOutcome(200, Optional.empty(), OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an error status: 200");
  }

  @Test
  void constructor_negativeRetryAfter_rejected() {
    assertThatThrownBy(() -> new HttpOutcome(503, Optional.empty(), OptionalLong.of(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative Retry-After: -1");
  }
}
