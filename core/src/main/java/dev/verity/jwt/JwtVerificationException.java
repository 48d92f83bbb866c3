package dev.verity.jwt;

import java.util.Objects;

/**
 * Thrown by {@link JwtVerifier#verify(String)} when a token is rejected; carries exactly one {@link
 * ErrorCode}.
 *
 * <p>The message is written for humans and never contains the token, its claims or key material.
 * The exception records no stack trace: a rejection is an expected outcome, not a bug, and filling
 * in a trace would make rejecting a flood of bad tokens slower than accepting good ones.
 */
public final class JwtVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * Creates a rejection.
   *
   * @param code why the token was rejected
   * @param message a fixed, human-readable explanation free of token and key material
   */
  public JwtVerificationException(ErrorCode code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Returns the reason the token was rejected. */
  public ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return "JwtVerificationException[" + code + "]: " + getMessage();
  }
}
