package dev.verity.jwt;

import dev.verity.jwt.internal.Claims;
import dev.verity.jwt.internal.CompactJws;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.internal.jwks.LoggingListener;
import dev.verity.jwt.spi.CachedToken;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheEvent;
import dev.verity.jwt.spi.VerityListener.CacheName;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The verified-token cache in front of one {@link DefaultJwtVerifier} ({@code docs/caching.md}).
 *
 * <p>A hit is served only when everything a full verification would decide differently today has
 * been checked again: the key source still selects the very key that verified the signature (or an
 * identical one re-fetched), and the time claims and custom checks still pass against the
 * verifier's clock and leeway. Everything else a full verification checks depends only on the
 * token's bytes and the verifier's fixed configuration, which is why a cache serves one verifier
 * only. No signature operation happens on a hit.
 */
final class TokenCaching {
  /**
   * Rejections that may be remembered: decided after the signature check, by the token's bytes and
   * the verifier's fixed rules alone, and not undone by time passing. Never {@code
   * JWKS_UNAVAILABLE}, {@code KEY_NOT_FOUND} or {@code INVALID_KEY} (the key source changes), never
   * {@code NOT_YET_VALID} or {@code ISSUED_IN_FUTURE} (time heals them), never {@code
   * INVALID_CLAIM} (a custom check may consult state outside the token), and never the cheap
   * structural rejections (finding them again costs less than a lookup).
   */
  static final Set<ErrorCode> REMEMBERED_REJECTIONS =
      EnumSet.of(
          ErrorCode.BAD_SIGNATURE,
          ErrorCode.EXPIRED,
          ErrorCode.ISSUER_MISMATCH,
          ErrorCode.AUDIENCE_MISMATCH,
          ErrorCode.TYPE_MISMATCH,
          ErrorCode.MISSING_CLAIM,
          ErrorCode.INSUFFICIENT_SCOPE);

  private final VerifierSettings settings;
  private final VerifiedTokenCache verified;
  private final VerifiedTokenCache rejected;
  private final Duration rejectionTtl;
  private final VerityListener listener;

  /** Kept here because the key source may hold it only weakly; it lives as long as the verifier. */
  @SuppressWarnings("unused")
  private final Consumer<Set<String>> onKeysRemoved;

  TokenCaching(
      VerifierSettings settings,
      VerifiedTokenCache verified,
      VerifiedTokenCache rejected,
      Duration rejectionTtl) {
    this.settings = settings;
    this.verified = verified;
    this.rejected = rejected;
    this.rejectionTtl = rejectionTtl;
    this.listener = settings.listener();
    this.onKeysRemoved = this::keysRemoved;
    settings.keys().onKeysRemoved(onKeysRemoved);
  }

  /** Verifies through the caches: a hit, or a full verification whose outcome is remembered. */
  VerifiedJwt verify(String token, CompactJws parsed, DefaultJwtVerifier verifier) {
    if (token == null) {
      return verifier.verifyOrThrow(token, parsed);
    }
    if (verified != null) {
      VerifiedJwt hit = hit(token, verifier);
      if (hit != null) {
        return hit;
      }
    }
    if (rejected != null) {
      rejectedHit(token);
    }
    VerifiedJwt jwt;
    try {
      jwt = verifier.verifyOrThrow(token, parsed);
    } catch (JwtVerificationException e) {
      rememberRejection(token, e);
      throw e;
    }
    if (verified != null) {
      remember(token, jwt);
    }
    return jwt;
  }

  /** Returns the cached token when it may be served now, null for a miss; throws a rejection. */
  private VerifiedJwt hit(String token, DefaultJwtVerifier verifier) {
    CachedToken entry = verified.get(token);
    if (entry == null || entry.jwt() == null) {
      report(CacheName.VERIFIED_TOKENS, CacheEvent.MISS);
      return null;
    }
    VerifiedJwt jwt = entry.jwt();
    // JWKS_UNAVAILABLE (keys past the maximum staleness) propagates: a hit never outlives keys.
    JwkSet keys = settings.keys().keys();
    VerificationKey now;
    try {
      now = keys.select(jwt.headerKid(), jwt.algorithm());
    } catch (JwtVerificationException e) {
      // The key left the set (or its kid became ambiguous): a full verification decides, which
      // may refetch for an unknown kid exactly as for any token.
      drop(token);
      return null;
    }
    if (now != jwt.verifiedBy()) {
      if (!sameKey(now, jwt.verifiedBy())) {
        drop(token); // the kid now names other key material
        return null;
      }
      // A refresh re-parsed the same key: keep serving, bound to the current key object so that
      // the next hit is an identity check again.
      jwt = new VerifiedJwt(jwt, now);
      verified.put(token, CachedToken.verified(jwt, entry.keyId(), entry.expiresAt()));
    }
    try {
      verifier.checkTime(jwt.claimSet());
      verifier.checkCustom(jwt);
    } catch (JwtVerificationException e) {
      drop(token);
      throw e;
    }
    report(CacheName.VERIFIED_TOKENS, CacheEvent.HIT);
    return jwt;
  }

  /** Throws the remembered rejection of this token, if one is held and still current. */
  private void rejectedHit(String token) {
    CachedToken entry = rejected.get(token);
    if (entry == null || entry.rejection() == null) {
      report(CacheName.REJECTED_TOKENS, CacheEvent.MISS);
      return;
    }
    if (!settings.clock().instant().isBefore(entry.expiresAt())) {
      rejected.invalidate(token);
      report(CacheName.REJECTED_TOKENS, CacheEvent.MISS);
      return;
    }
    report(CacheName.REJECTED_TOKENS, CacheEvent.HIT);
    throw entry.rejection();
  }

  private void remember(String token, VerifiedJwt jwt) {
    Claims claims = jwt.claimSet();
    Instant expiresAt = claims.expiresAt();
    if (expiresAt == null) {
      return; // nothing bounds a token without exp: it is verified in full every time
    }
    if (settings.maxAge() != null && claims.issuedAt() != null) {
      Instant tooOld = claims.issuedAt().plus(settings.maxAge());
      if (tooOld.isBefore(expiresAt)) {
        expiresAt = tooOld;
      }
    }
    verified.put(token, CachedToken.verified(jwt, jwt.verifiedBy().kid(), expiresAt));
  }

  private void rememberRejection(String token, JwtVerificationException e) {
    if (rejected == null || !REMEMBERED_REJECTIONS.contains(e.code())) {
      return;
    }
    rejected.put(token, CachedToken.rejected(e, settings.clock().instant().plus(rejectionTtl)));
  }

  private void drop(String token) {
    verified.invalidate(token);
    report(CacheName.VERIFIED_TOKENS, CacheEvent.INVALIDATION);
    report(CacheName.VERIFIED_TOKENS, CacheEvent.MISS);
  }

  /** Eager eviction when the key source reports that key ids left its set. */
  private void keysRemoved(Set<String> removedKids) {
    if (verified != null) {
      verified.invalidateIf(entry -> entry.keyId() != null && removedKids.contains(entry.keyId()));
    }
    if (rejected != null) {
      rejected.invalidateAll(); // the set changed: what was decided under it is decided again
    }
  }

  /**
   * Whether a re-fetched key is the same key: same id, same rules and the same key material ({@link
   * java.security.Key#equals} compares the encoded key).
   */
  private static boolean sameKey(VerificationKey a, VerificationKey b) {
    return a.problem() == null
        && b.problem() == null
        && Objects.equals(a.kid(), b.kid())
        && a.family() == b.family()
        && Objects.equals(a.curve(), b.curve())
        && a.boundAlgorithm() == b.boundAlgorithm()
        && a.sizeBytes() == b.sizeBytes()
        && a.key().equals(b.key());
  }

  private void report(CacheName cache, CacheEvent event) {
    try {
      listener.cacheEvent(cache, event, 1);
    } catch (RuntimeException e) {
      LoggingListener.dropped("cacheEvent", e);
    }
  }
}
