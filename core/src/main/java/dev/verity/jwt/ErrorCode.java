package dev.verity.jwt;

/**
 * The reason a token was rejected: exactly one code per rejection.
 *
 * <p>These names are a public contract shared by the library, the {@code verity} command and every
 * adapter; they never change meaning. Adapters map {@link #JWKS_UNAVAILABLE} to HTTP 503, {@link
 * #INSUFFICIENT_SCOPE} to 403 and every other code to 401.
 */
public enum ErrorCode {
  /** Not a well-formed compact JWS/JWT, or a registered claim or header has the wrong JSON type. */
  MALFORMED,
  /** The token is longer than the configured maximum (default 16 KiB). */
  TOKEN_TOO_LARGE,
  /** {@code none}, an unknown algorithm, one outside the allow-list, or not the key's algorithm. */
  ALGORITHM_NOT_ALLOWED,
  /** {@code crit} names a parameter the verifier does not understand, or {@code b64} is present. */
  UNSUPPORTED_HEADER,
  /** No key for this {@code kid} (after the allowed refresh), or no single key fits. */
  KEY_NOT_FOUND,
  /** The key exists but may not verify this token (type, curve, use, key_ops, size). */
  INVALID_KEY,
  /** The signature does not verify. */
  BAD_SIGNATURE,
  /** {@code exp} has passed beyond the leeway, or {@code iat} is older than the maximum age. */
  EXPIRED,
  /** {@code nbf} lies in the future beyond the leeway. */
  NOT_YET_VALID,
  /** {@code iat} lies in the future beyond the leeway. */
  ISSUED_IN_FUTURE,
  /** {@code iss} is missing or not an allowed issuer (exact match). */
  ISSUER_MISMATCH,
  /** {@code aud} is missing or none of its values is allowed. */
  AUDIENCE_MISMATCH,
  /** The {@code typ} header is not the required type. */
  TYPE_MISMATCH,
  /** A required claim is absent. */
  MISSING_CLAIM,
  /**
   * A claim is present but wrong: Cognito {@code token_use} or {@code client_id}, a custom check.
   */
  INVALID_CLAIM,
  /** A required scope is missing from {@code scope}/{@code scp}. */
  INSUFFICIENT_SCOPE,
  /** The key source could not be reached and no usable cached keys remain. */
  JWKS_UNAVAILABLE
}
