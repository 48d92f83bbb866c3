package dev.verity.jwt.web;

import dev.verity.jwt.ErrorCode;
import java.util.Objects;

/**
 * How every adapter maps an {@link ErrorCode} to HTTP: the status, whether a retry can help, and a
 * fixed description for the {@code error_description} attribute (RFC 6750 §3).
 */
public final class HttpErrors {
  private HttpErrors() {}

  /**
   * Returns the HTTP status for a rejection: 503 for {@link ErrorCode#JWKS_UNAVAILABLE} (the caller
   * did nothing wrong), 403 for {@link ErrorCode#INSUFFICIENT_SCOPE}, 401 for every other code.
   */
  public static int status(ErrorCode code) {
    return switch (Objects.requireNonNull(code, "code")) {
      case JWKS_UNAVAILABLE -> 503;
      case INSUFFICIENT_SCOPE -> 403;
      default -> 401;
    };
  }

  /**
   * Returns whether the same request may succeed later unchanged: true only for {@link
   * ErrorCode#JWKS_UNAVAILABLE}.
   */
  public static boolean isTransient(ErrorCode code) {
    return Objects.requireNonNull(code, "code") == ErrorCode.JWKS_UNAVAILABLE;
  }

  /**
   * Returns the fixed, human-readable description of a code: ASCII within the set RFC 6750 §3
   * allows in {@code error_description}, the same for every token, never derived from one.
   */
  public static String description(ErrorCode code) {
    return switch (Objects.requireNonNull(code, "code")) {
      case MALFORMED -> "The token is malformed";
      case TOKEN_TOO_LARGE -> "The token is too large";
      case ALGORITHM_NOT_ALLOWED -> "The token's algorithm is not allowed";
      case UNSUPPORTED_HEADER -> "The token has an unsupported header";
      case KEY_NOT_FOUND -> "No key was found to verify the token";
      case INVALID_KEY -> "The key may not verify the token";
      case BAD_SIGNATURE -> "The token's signature is invalid";
      case EXPIRED -> "The token has expired";
      case NOT_YET_VALID -> "The token is not yet valid";
      case ISSUED_IN_FUTURE -> "The token was issued in the future";
      case ISSUER_MISMATCH -> "The token's issuer is not accepted";
      case AUDIENCE_MISMATCH -> "The token's audience is not accepted";
      case TYPE_MISMATCH -> "The token's type is not accepted";
      case MISSING_CLAIM -> "The token lacks a required claim";
      case INVALID_CLAIM -> "The token has an invalid claim";
      case INSUFFICIENT_SCOPE -> "The token lacks a required scope";
      case JWKS_UNAVAILABLE -> "The keys to verify the token are unavailable";
    };
  }
}
