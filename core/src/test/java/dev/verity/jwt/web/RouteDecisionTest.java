package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RouteDecisionTest {
  @Test
  void allowed_nothingMissingAndNormalPath_true() {
    assertThat(
            new RouteDecision(List.of("a"), List.of(), List.of(), OptionalInt.of(0), false)
                .allowed())
        .isTrue();
  }

  @Test
  void allowed_missingScope_false() {
    assertThat(
            new RouteDecision(List.of("a"), List.of("a"), List.of(), OptionalInt.empty(), false)
                .allowed())
        .isFalse();
  }

  @Test
  void allowed_missingRole_false() {
    assertThat(
            new RouteDecision(List.of(), List.of(), List.of("r"), OptionalInt.of(1), false)
                .allowed())
        .isFalse();
  }

  @Test
  void allowed_badPath_false() {
    assertThat(
            new RouteDecision(List.of(), List.of(), List.of(), OptionalInt.empty(), true).allowed())
        .isFalse();
  }

  @Test
  void constructor_missingScopeNotNeeded_rejected() {
    assertThatThrownBy(
            () ->
                new RouteDecision(
                    List.of("a"), List.of("b"), List.of(), OptionalInt.empty(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing scopes [b] are not all needed [a]");
  }

  @Test
  void constructor_repeatedNeededScope_rejected() {
    assertThatThrownBy(
            () ->
                new RouteDecision(
                    List.of("a", "a"), List.of(), List.of(), OptionalInt.empty(), false))
        .hasMessage("needed scopes repeat a scope: [a, a]");
  }

  @Test
  void constructor_negativeRuleIndex_rejected() {
    assertThatThrownBy(
            () -> new RouteDecision(List.of(), List.of(), List.of(), OptionalInt.of(-1), false))
        .hasMessage("negative rule index -1");
  }

  @Test
  void constructor_badPathWithRule_rejected() {
    assertThatThrownBy(
            () -> new RouteDecision(List.of(), List.of(), List.of(), OptionalInt.of(0), true))
        .hasMessage("a bad path matches no rule");
  }
}
