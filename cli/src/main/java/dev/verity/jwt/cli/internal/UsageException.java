package dev.verity.jwt.cli.internal;

import java.util.Objects;

/**
 * A usage or configuration error: the command cannot run as asked and exits with status 2 after
 * printing the message as one line on standard error. Carries no stack trace.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a usage error.
   *
   * @param message one human-readable sentence, free of token and key material
   */
  public UsageException(String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
  }
}
