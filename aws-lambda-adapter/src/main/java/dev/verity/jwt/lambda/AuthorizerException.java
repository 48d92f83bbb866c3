package dev.verity.jwt.lambda;

/**
 * How the authorizer fails an invocation: API Gateway answers 401 when the message is exactly
 * {@value #UNAUTHORIZED}, and 500 for any other message (a key source that cannot be reached, an
 * event that is no authorizer event). Carries no stack trace, so the runtime logs one line, and
 * never a token or key material.
 */
public final class AuthorizerException extends RuntimeException {
  /** The message API Gateway turns into 401. */
  public static final String UNAUTHORIZED = "Unauthorized";

  private static final long serialVersionUID = 1L;

  AuthorizerException(String message) {
    super(message, null, false, false);
  }

  /** Returns whether API Gateway answers this failure with 401. */
  public boolean isUnauthorized() {
    return UNAUTHORIZED.equals(getMessage());
  }
}
