package dev.verity.jwt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.TokenUse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
  @Test
  void algorithmName_exactJwaNames_accepted() {
    for (Algorithm algorithm : Algorithm.values()) {
      assertThat(new Converters.AlgorithmName().convert(algorithm.jwaName())).isEqualTo(algorithm);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "rs256", "RS256 ", "HS256,RS256", "", "ES256K"})
  void algorithmName_otherNames_refused(String name) {
    assertThatThrownBy(() -> new Converters.AlgorithmName().convert(name))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void tokenUseName_lowerCaseValues_accepted() {
    assertThat(new Converters.TokenUseName().convert("id")).isEqualTo(TokenUse.ID);
    assertThat(new Converters.TokenUseName().convert("access")).isEqualTo(TokenUse.ACCESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ID", "Access", "refresh", ""})
  void tokenUseName_otherValues_refused(String value) {
    assertThatThrownBy(() -> new Converters.TokenUseName().convert(value))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void seconds_wholeNumbers_accepted() {
    assertThat(new Converters.Seconds().convert("0")).isEqualTo(Duration.ZERO);
    assertThat(new Converters.Seconds().convert("60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(new Converters.Seconds().convert("253402300799"))
        .isEqualTo(Duration.ofSeconds(253402300799L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-1", "+1", "1.5", "abc", "", " 1", "1e3", "253402300800", "9999999999999"})
  void seconds_otherValues_refused(String value) {
    assertThatThrownBy(() -> new Converters.Seconds().convert(value))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void epochSeconds_wholeAndDecimal_accepted() {
    assertThat(new Converters.EpochSeconds().convert("1700000000"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(new Converters.EpochSeconds().convert("1700000000.25"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 250_000_000));
    assertThat(new Converters.EpochSeconds().convert("0.000000001"))
        .isEqualTo(Instant.ofEpochSecond(0, 1));
    assertThat(new Converters.EpochSeconds().convert("253402300798.999999999"))
        .isEqualTo(Instant.ofEpochSecond(253402300798L, 999_999_999));
    assertThat(new Converters.EpochSeconds().convert("253402300799"))
        .isEqualTo(Instant.ofEpochSecond(253402300799L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-1",
        "1.",
        ".5",
        "1e9",
        "1.0000000001",
        "253402300799.5",
        "253402300800",
        "NaN",
        "",
        "0x10"
      })
  void epochSeconds_otherValues_refused(String value) {
    assertThatThrownBy(() -> new Converters.EpochSeconds().convert(value))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void tokenBytes_range_accepted() {
    assertThat(new Converters.TokenBytes().convert("16")).isEqualTo(16);
    assertThat(new Converters.TokenBytes().convert("1048576")).isEqualTo(1048576);
  }

  @ParameterizedTest
  @ValueSource(strings = {"15", "0", "-20", "1048577", "99999999999999", "1k", ""})
  void tokenBytes_otherValues_refused(String value) {
    assertThatThrownBy(() -> new Converters.TokenBytes().convert(value))
        .isInstanceOf(TypeConversionException.class);
  }
}
