package dev.verity.jwt.cli.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.TokenUse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Strict converters for option values. Each refuses anything but its exact documented form, so a
 * typo is a usage error (exit 2) rather than a silently different check.
 */
public final class Converters {
  /** 9999-12-31T23:59:59Z: the latest NumericDate the verifier reads (RFC 7519 §2). */
  private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  /** Largest accepted {@code --max-token-bytes}: 1 MiB, the size of JSON core parses at most. */
  public static final int MAX_TOKEN_BYTES_LIMIT = 1024 * 1024;

  /** Smallest accepted {@code --max-token-bytes}, as the core builder requires. */
  public static final int MIN_TOKEN_BYTES = 16;

  private static final Pattern WHOLE_SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");

  private Converters() {}

  /** An algorithm by its exact, case-sensitive JWA name; {@code none} is no algorithm. */
  public static final class AlgorithmName implements ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String value) {
      return Algorithm.fromJwaName(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'"
                          + value
                          + "' is not a supported algorithm; names are case-sensitive: "
                          + Arrays.stream(Algorithm.values())
                              .map(Algorithm::jwaName)
                              .collect(Collectors.joining(", "))));
    }
  }

  /** {@code id} or {@code access}, lower case, as in Cognito's {@code token_use} claim. */
  public static final class TokenUseName implements ITypeConverter<TokenUse> {
    @Override
    public TokenUse convert(String value) {
      for (TokenUse use : TokenUse.values()) {
        if (use.claimValue().equals(value)) {
          return use;
        }
      }
      throw new TypeConversionException("'" + value + "' is not 'id' or 'access'");
    }
  }

  /** A whole, non-negative number of seconds, at most the largest NumericDate. */
  public static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (!WHOLE_SECONDS.matcher(value).matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a whole, non-negative number of seconds");
      }
      long seconds = Long.parseLong(value);
      if (seconds > MAX_NUMERIC_DATE) {
        throw new TypeConversionException(
            "'" + value + "' is more than " + MAX_NUMERIC_DATE + " seconds");
      }
      return Duration.ofSeconds(seconds);
    }
  }

  /**
   * An instant as seconds since the epoch, whole or with up to nine decimals ({@code 1700000000},
   * {@code 1700000000.25}), in the NumericDate range [0, 253402300799].
   */
  public static final class EpochSeconds implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      if (!EPOCH_SECONDS.matcher(value).matches()) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a non-negative number of seconds since the epoch"
                + " (digits, optionally with up to 9 decimals)");
      }
      BigDecimal seconds = new BigDecimal(value);
      if (seconds.compareTo(BigDecimal.valueOf(MAX_NUMERIC_DATE)) > 0) {
        throw new TypeConversionException(
            "'" + value + "' is after " + MAX_NUMERIC_DATE + " (year 9999)");
      }
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValueExact();
      return Instant.ofEpochSecond(whole, nanos);
    }
  }

  /** A token size limit in bytes, from 16 to 1 MiB. */
  public static final class TokenBytes implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (!WHOLE_SECONDS.matcher(value).matches()
          || Long.parseLong(value) < MIN_TOKEN_BYTES
          || Long.parseLong(value) > MAX_TOKEN_BYTES_LIMIT) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a whole number of bytes from "
                + MIN_TOKEN_BYTES
                + " to "
                + MAX_TOKEN_BYTES_LIMIT);
      }
      return Integer.valueOf(value);
    }
  }
}
