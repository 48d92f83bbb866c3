package dev.verity.jwt.caffeine;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.verity.jwt.spi.CachedJwks;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheName;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link JwksCache} on a Caffeine {@link AsyncCache}: key sets by JWKS URL, with Caffeine's
 * bounds, eviction and statistics, for services that verify tokens of many issuers (one remote
 * source per tenant) or that already watch their caches through Caffeine. Thread-safe; {@link
 * #getIfPresent} never blocks.
 *
 * <p>Loads are single flight through the cache's own in-flight futures: while a load for a URL
 * runs, the URL maps to that load's future, and every other {@link #refresh} for it joins that
 * future instead of loading. The key set it replaces keeps being served until the load completes
 * (stale-while-revalidate), and stays when the load fails.
 *
 * <p>The refresh policy stays in the key source ({@code RemoteJwksBuilder}): when to refresh ahead
 * (a fraction of each response's {@code max-age}), the unknown-{@code kid} cooldown, the negative
 * cache, backoff and the maximum key age hold unchanged with this cache, and core's JWKS test suite
 * runs on it to show that. So Caffeine's {@code refreshAfterWrite} is refused: it would refresh on
 * a fixed schedule of its own, around the backoff of a failing endpoint.
 *
 * <p>Caffeine's statistics are kept ({@link #stats()}) and each hit, miss, load and eviction is
 * also sent to the {@link VerityListener} as a {@link VerityListener#cacheEvent} for {@link
 * CacheName#JWKS}.
 */
public final class CaffeineJwksCache implements JwksCache {
  /** Default bound on the number of JWKS URLs held: 1,000. */
  public static final long DEFAULT_MAXIMUM_SIZE = 1_000;

  private final AsyncCache<URI, CachedJwks> cache;
  private final ListenerStatsCounter stats;

  private CaffeineJwksCache(Caffeine<Object, Object> builder, VerityListener listener) {
    ListenerStatsCounter stats = new ListenerStatsCounter(CacheName.JWKS, listener, true);
    this.stats = stats;
    try {
      builder.recordStats(() -> stats);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "the Caffeine builder must not call recordStats: this cache records its statistics"
              + " and reports them to the listener",
          e);
    }
    try {
      this.cache = builder.buildAsync();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "the Caffeine builder cannot build this cache (no refreshAfterWrite: the key source"
              + " decides when to refresh; no weak or soft values): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Returns a cache of at most {@link #DEFAULT_MAXIMUM_SIZE} key sets, reporting to no listener.
   */
  public static CaffeineJwksCache create() {
    return create(VerityListener.NONE);
  }

  /**
   * Returns a cache of at most {@link #DEFAULT_MAXIMUM_SIZE} key sets, reporting to {@code
   * listener}.
   */
  public static CaffeineJwksCache create(VerityListener listener) {
    return create(Caffeine.newBuilder().maximumSize(DEFAULT_MAXIMUM_SIZE), listener);
  }

  /**
   * Returns a cache built from the caller's own Caffeine builder (bounds, {@code expireAfterAccess}
   * for sources no longer used, executor, ticker), reporting to {@code listener}.
   *
   * <p>The builder must not set {@code recordStats} (this cache does), {@code refreshAfterWrite}
   * (the key source refreshes) or weak or soft values. A time-based expiry shorter than the key
   * source's maximum key age (24 h by default) makes key sets vanish before the source would stop
   * trusting them: still safe, but the next verification then waits for a fetch, and an outage then
   * answers {@code JWKS_UNAVAILABLE} sooner.
   *
   * @throws IllegalArgumentException when the builder has a setting this cache cannot honour
   */
  public static CaffeineJwksCache create(
      Caffeine<Object, Object> builder, VerityListener listener) {
    return new CaffeineJwksCache(
        Objects.requireNonNull(builder, "builder"), Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public CachedJwks getIfPresent(URI source) {
    CompletableFuture<CachedJwks> future = cache.asMap().get(source);
    CachedJwks value = valueOf(future);
    if (value != null) {
      stats.recordHits(1);
    } else {
      stats.recordMisses(1);
    }
    return value;
  }

  @Override
  public CompletableFuture<CachedJwks> refresh(
      URI source, Supplier<CompletableFuture<CachedJwks>> loader) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(loader, "loader");
    Loading[] started = new Loading[1];
    CompletableFuture<CachedJwks> current =
        cache
            .asMap()
            .compute(
                source,
                (uri, existing) -> {
                  if (existing instanceof Loading && !existing.isDone()) {
                    return existing; // single flight: join the load in flight
                  }
                  started[0] = new Loading(valueOf(existing));
                  return started[0];
                });
    Loading loading = started[0];
    if (current != loading) {
      return current;
    }
    long startNanos = System.nanoTime();
    CompletableFuture<CachedJwks> load;
    try {
      load = Objects.requireNonNull(loader.get(), "the loader returned no future");
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    load.whenComplete(
        (value, error) -> {
          long nanos = System.nanoTime() - startNanos;
          // The map changes before the future completes, so whoever the future wakes sees the
          // new value (or the old one kept after a failure).
          if (error == null && value != null) {
            cache.asMap().replace(source, loading, CompletableFuture.completedFuture(value));
            stats.loadSucceeded(nanos);
            loading.complete(value);
          } else {
            if (loading.previous != null) {
              cache
                  .asMap()
                  .replace(source, loading, CompletableFuture.completedFuture(loading.previous));
            } else {
              cache.asMap().remove(source, loading);
            }
            stats.loadFailed(nanos);
            loading.completeExceptionally(
                error != null ? error : new IllegalStateException("the load returned no key set"));
          }
        });
    return loading;
  }

  @Override
  public void put(URI source, CachedJwks value) {
    cache.put(
        Objects.requireNonNull(source, "source"),
        CompletableFuture.completedFuture(Objects.requireNonNull(value, "value")));
  }

  /** Returns a snapshot of Caffeine's statistics: hits, misses, loads, evictions. */
  public CacheStats stats() {
    return cache.synchronous().stats();
  }

  /** Returns the approximate number of URLs held (loads in flight included). */
  public long estimatedSize() {
    return cache.synchronous().estimatedSize();
  }

  /** Performs any pending maintenance (evictions) now. */
  public void cleanUp() {
    cache.synchronous().cleanUp();
  }

  /** The key set a mapping holds now: the completed value, or what a load in flight replaces. */
  private static CachedJwks valueOf(CompletableFuture<CachedJwks> future) {
    if (future == null) {
      return null;
    }
    if (future instanceof Loading) {
      return ((Loading) future).previous;
    }
    return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
  }

  @Override
  public String toString() {
    return "CaffeineJwksCache[" + estimatedSize() + " URLs]";
  }

  /** A load in flight, remembering the key set it will replace so that it is served meanwhile. */
  private static final class Loading extends CompletableFuture<CachedJwks> {
    final CachedJwks previous;

    Loading(CachedJwks previous) {
      this.previous = previous;
    }
  }
}
