package dev.verity.jwt.spi;

import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.VerifiedJwt;
import java.time.Instant;
import java.util.Objects;

/**
 * One token as a {@link VerifiedTokenCache} holds it: either the {@link VerifiedJwt} an earlier
 * verification returned, or (in a rejection cache) the rejection it threw. Immutable.
 *
 * <p>A cache treats entries as opaque values: it needs only {@link #expiresAt()} (when the entry
 * must be gone) and, for eager eviction, {@link #keyId()}. The verifier made the entry and is the
 * only one that interprets it; the {@link VerifiedJwt} remembers the key that verified it, so a hit
 * can check that this very key is still trusted.
 *
 * @param jwt the verified token, or null for a remembered rejection
 * @param rejection the remembered rejection, or null for a verified token
 * @param keyId the {@code kid} of the key that verified the token (not necessarily the token's
 *     header: a single-key source ignores it), or null when the key has none or for a rejection
 * @param expiresAt when the entry must be gone: never later than the token's {@code exp}
 */
public record CachedToken(
    VerifiedJwt jwt, JwtVerificationException rejection, String keyId, Instant expiresAt) {
  /** Validates the members: exactly one of {@code jwt} and {@code rejection}, and an expiry. */
  public CachedToken {
    Objects.requireNonNull(expiresAt, "expiresAt");
    if ((jwt == null) == (rejection == null)) {
      throw new IllegalArgumentException("exactly one of jwt and rejection must be given");
    }
  }

  /** Returns an entry for a verified token. */
  public static CachedToken verified(VerifiedJwt jwt, String keyId, Instant expiresAt) {
    return new CachedToken(Objects.requireNonNull(jwt, "jwt"), null, keyId, expiresAt);
  }

  /** Returns an entry for a rejected token. */
  public static CachedToken rejected(JwtVerificationException rejection, Instant expiresAt) {
    return new CachedToken(null, Objects.requireNonNull(rejection, "rejection"), null, expiresAt);
  }

  /** Returns whether this entry remembers a rejection rather than a verified token. */
  public boolean isRejection() {
    return rejection != null;
  }

  /** Returns a summary without token contents, safe to log. */
  @Override
  public String toString() {
    return "CachedToken["
        + (rejection != null ? "rejected " + rejection.code() : "verified")
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
