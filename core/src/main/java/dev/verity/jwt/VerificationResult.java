package dev.verity.jwt;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link JwtVerifier#validate(String)}: either a {@link VerifiedJwt} or a rejection
 * with exactly one {@link ErrorCode}. Immutable.
 */
public final class VerificationResult {
  private final VerifiedJwt jwt;
  private final JwtVerificationException rejection;

  private VerificationResult(VerifiedJwt jwt, JwtVerificationException rejection) {
    this.jwt = jwt;
    this.rejection = rejection;
  }

  /** Returns an accepting result. */
  public static VerificationResult valid(VerifiedJwt jwt) {
    return new VerificationResult(Objects.requireNonNull(jwt, "jwt"), null);
  }

  /** Returns a rejecting result. */
  public static VerificationResult invalid(JwtVerificationException rejection) {
    return new VerificationResult(null, Objects.requireNonNull(rejection, "rejection"));
  }

  /** Returns whether the token was accepted. */
  public boolean isValid() {
    return jwt != null;
  }

  /**
   * Returns the verified token.
   *
   * @throws JwtVerificationException the rejection, when the token was rejected
   */
  public VerifiedJwt jwt() {
    if (jwt == null) {
      throw rejection;
    }
    return jwt;
  }

  /** Returns the rejection's code; empty when the token was accepted. */
  public Optional<ErrorCode> errorCode() {
    return rejection == null ? Optional.empty() : Optional.of(rejection.code());
  }

  /** Returns the rejection; empty when the token was accepted. */
  public Optional<JwtVerificationException> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public String toString() {
    return jwt != null
        ? "VerificationResult[valid]"
        : "VerificationResult[" + rejection.code() + "]";
  }
}
