package dev.verity.jwt.web;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The HTTP answer to a request an adapter does not pass on: a status, the {@code WWW-Authenticate}
 * value to send, and the {@code Retry-After} seconds. Immutable and thread-safe; components are
 * never null. Made by {@link BearerChallenge}.
 *
 * @param status the status code, 400 to 599
 * @param wwwAuthenticate the {@code WWW-Authenticate} header value, or empty to send none
 * @param retryAfterSeconds the {@code Retry-After} header value in seconds (RFC 9110 §10.2.3), or
 *     empty to send none
 */
public record HttpOutcome(
    int status, Optional<String> wwwAuthenticate, OptionalLong retryAfterSeconds) {
  /**
   * Validates the outcome.
   *
   * @throws IllegalArgumentException if the status is not an error status or the delay is negative
   */
  public HttpOutcome {
    Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
    Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    if (retryAfterSeconds.isPresent() && retryAfterSeconds.getAsLong() < 0) {
      throw new IllegalArgumentException("negative Retry-After: " + retryAfterSeconds.getAsLong());
    }
  }

  /** Returns whether the same request may succeed later unchanged (a 503). */
  public boolean isTransient() {
    return status == 503;
  }
}
