package dev.verity.jwt.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Storage for fetched key sets, keyed by the JWKS URL, with single-flight loading.
 *
 * <p>The cache only stores and deduplicates loads; the security policy (refresh timing, unknown
 * {@code kid} cooldown, staleness bound, backoff) stays in the key source, so it holds unchanged
 * whichever cache is plugged in. Core ships a small dependency-free implementation ({@link
 * #inMemory()}); the {@code verity-jwt-caffeine} module ships a Caffeine one. Implementations must
 * be thread-safe and must never block in {@link #getIfPresent}.
 */
public interface JwksCache {
  /** Returns the key set held for {@code source}, or null when none is held. Never blocks. */
  CachedJwks getIfPresent(URI source);

  /**
   * Loads a new key set for {@code source} with {@code loader}, unless a load for it is already in
   * flight, in which case the same future is returned (single flight). On success the new value
   * replaces the old one; on failure the old value stays.
   */
  CompletableFuture<CachedJwks> refresh(URI source, Supplier<CompletableFuture<CachedJwks>> loader);

  /** Stores a key set for {@code source}, replacing any held one (used to seed a cache). */
  void put(URI source, CachedJwks value);

  /** Returns a new instance of core's built-in, unbounded-by-design (one entry per URL) cache. */
  static JwksCache inMemory() {
    return new InMemoryJwksCache();
  }
}
