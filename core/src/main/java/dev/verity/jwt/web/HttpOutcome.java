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

  /**
   * Returns a small RFC 9457 problem document for a body ({@code application/problem+json}) that
   * says no more than the status does: {@code {"type":"about:blank","title":...,"status":...}}.
   */
  public String problemJson() {
    String title =
        switch (status) {
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 503 -> "Service Unavailable";
          default -> "Error";
        };
    return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}";
  }

  /** Returns whether the same request may succeed later unchanged (a 503). */
  public boolean isTransient() {
    return status == 503;
  }
}
