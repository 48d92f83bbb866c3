package dev.verity.jwt.caffeine;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheEvent;
import dev.verity.jwt.spi.VerityListener.CacheName;

/**
 * Caffeine's statistics, kept as usual for {@code stats()} and also sent to a {@link
 * VerityListener} as {@link VerityListener#cacheEvent} calls. A listener that throws loses the
 * event, never the cache operation. Thread-safe.
 */
final class ListenerStatsCounter implements StatsCounter {
  private static final System.Logger LOG = System.getLogger("dev.verity.jwt.caffeine");

  private final StatsCounter counts = new ConcurrentStatsCounter();
  private final CacheName name;
  private final boolean reportLookups;
  private volatile VerityListener listener;

  /**
   * Creates a counter.
   *
   * @param reportLookups whether hits and misses go to the listener too (the token cache leaves
   *     them to the verifier, which knows whether a hit could be served)
   */
  ListenerStatsCounter(CacheName name, VerityListener listener, boolean reportLookups) {
    this.name = name;
    this.listener = listener;
    this.reportLookups = reportLookups;
  }

  void listener(VerityListener listener) {
    this.listener = listener;
  }

  @Override
  public void recordHits(int count) {
    counts.recordHits(count);
    if (reportLookups) {
      report(CacheEvent.HIT, count);
    }
  }

  @Override
  public void recordMisses(int count) {
    counts.recordMisses(count);
    if (reportLookups) {
      report(CacheEvent.MISS, count);
    }
  }

  /**
   * Ignored: Caffeine calls it for every completed future stored in an async cache (a put, a
   * replacement), which are not loads; the cache reports its loads with {@link #loadSucceeded}.
   */
  @Override
  public void recordLoadSuccess(long loadTime) {}

  /** Ignored likewise; see {@link #loadFailed}. */
  @Override
  public void recordLoadFailure(long loadTime) {}

  /** A load (a fetch through {@code refresh}) stored a new value after {@code nanos}. */
  void loadSucceeded(long nanos) {
    counts.recordLoadSuccess(nanos);
    report(CacheEvent.LOAD_SUCCESS, 1);
  }

  /** A load failed after {@code nanos}; the old value stayed. */
  void loadFailed(long nanos) {
    counts.recordLoadFailure(nanos);
    report(CacheEvent.LOAD_FAILURE, 1);
  }

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    counts.recordEviction(weight, cause);
    report(cause == RemovalCause.EXPIRED ? CacheEvent.EXPIRATION : CacheEvent.EVICTION, 1);
  }

  @Override
  public CacheStats snapshot() {
    return counts.snapshot();
  }

  private void report(CacheEvent event, long count) {
    try {
      listener.cacheEvent(name, event, count);
    } catch (RuntimeException e) {
      // A broken metrics bridge must not break a cache: the event is lost, and said so.
      LOG.log(System.Logger.Level.WARNING, "A VerityListener threw from cacheEvent; dropped", e);
    }
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
