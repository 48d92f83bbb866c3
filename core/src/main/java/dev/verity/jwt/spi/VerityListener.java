package dev.verity.jwt.spi;

import dev.verity.jwt.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Receives Verity's operational events, to bridge them to metrics or tracing (Micrometer,
 * OpenTelemetry). Every method has an empty default, so an implementation overrides only what it
 * needs. Methods are called synchronously on the thread that caused the event, some of them on the
 * verification path: keep them fast and never throw. Events never carry token contents or key
 * material.
 */
public interface VerityListener {
  /** A listener that ignores every event. */
  VerityListener NONE = new VerityListener() {};

  /** A fetch of a JWK Set (or discovery document) starts. */
  default void fetchStarted(URI uri) {}

  /** A fetch succeeded: how long it took and how many keys the set holds. */
  default void fetchSucceeded(URI uri, Duration latency, int keyCount) {}

  /** A fetch failed, with a fixed description of why. */
  default void fetchFailed(URI uri, Duration latency, String reason) {}

  /** A successful fetch changed the key ids: which appeared and which left. */
  default void keysRotated(URI uri, Set<String> added, Set<String> removed) {}

  /** Keys past their freshness were served because no newer keys could be had yet. */
  default void servedStale(URI uri, Duration age) {}

  /**
   * A token named an unknown {@code kid} and the refetch was suppressed (cooldown, negative cache).
   */
  default void unknownKidThrottled(URI uri) {}

  /** Keys were served from the cache ({@code hit}) or had to be fetched first (miss). */
  default void keyLookup(URI uri, boolean hit) {}

  /** A verifier rejected a token with this code. */
  default void rejected(ErrorCode code) {}

  /**
   * Something happened {@code count} times in one of Verity's caches: the verified-token cache
   * reports hits, misses and invalidations from the verifier and evictions and expirations from the
   * cache; the Caffeine JWKS cache reports hits, misses, loads and evictions. Called on the
   * verification path for hits: keep it to a counter increment.
   */
  default void cacheEvent(CacheName cache, CacheEvent event, long count) {}

  /** Which cache a {@link #cacheEvent} comes from. */
  enum CacheName {
    /** A {@link JwksCache} (key sets by URL). */
    JWKS,
    /** A verifier's {@link VerifiedTokenCache} of verified tokens. */
    VERIFIED_TOKENS,
    /** A verifier's {@link VerifiedTokenCache} of rejected tokens. */
    REJECTED_TOKENS
  }

  /** What a {@link #cacheEvent} reports. */
  enum CacheEvent {
    /** A lookup found an entry that was served. */
    HIT,
    /** A lookup found no entry (or none that could be served). */
    MISS,
    /** A load stored a new value. */
    LOAD_SUCCESS,
    /** A load failed; the old value, if any, stayed. */
    LOAD_FAILURE,
    /** An entry was evicted to stay within a size or weight bound. */
    EVICTION,
    /** An entry reached its expiry and was removed. */
    EXPIRATION,
    /**
     * An entry was dropped because it could no longer be served: its key left the key source or
     * changed, or a hit re-check rejected the token.
     */
    INVALIDATION
  }
}
