package dev.verity.jwt;

/**
 * A custom rule a token must satisfy after every built-in check has passed; it sees the header and
 * the claims through the {@link VerifiedJwt}. A check that returns false, or throws, rejects the
 * token with {@link ErrorCode#INVALID_CLAIM}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ClaimCheck {
  /**
   * Returns whether the token satisfies this rule.
   *
   * @param jwt the token, signature and built-in claims already verified
   */
  boolean test(VerifiedJwt jwt);
}
