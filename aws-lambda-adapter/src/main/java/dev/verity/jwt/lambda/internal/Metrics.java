package dev.verity.jwt.lambda.internal;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.spi.VerityListener;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what the key source and the verifier report, for the metrics each decision line carries:
 * JWKS fetches and failures and token-cache hits since the previous line, and the age of the key
 * set. Thread-safe; every callback is a counter increment.
 */
public final class Metrics implements VerityListener {
  private final InstantSource clock;
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicLong fetchFailures = new AtomicLong();
  private final AtomicLong tokenCacheHits = new AtomicLong();
  private final AtomicReference<Instant> lastFetched = new AtomicReference<>();

  /** Counts from now on, dating fetches with {@code clock}. */
  public Metrics(InstantSource clock) {
    this.clock = clock;
  }

  /** The counts since the previous call, and the key set's age (null before any fetch). */
  public record Snapshot(
      long fetches, long fetchFailures, long tokenCacheHits, Duration keySetAge) {}

  /** Returns the time since the last successful fetch, or null before any. */
  public Duration keySetAge() {
    Instant fetched = lastFetched.get();
    return fetched == null ? null : Duration.between(fetched, clock.instant());
  }

  /** Returns the counts since the previous call and resets them. */
  public Snapshot drain() {
    Instant fetched = lastFetched.get();
    return new Snapshot(
        fetches.getAndSet(0),
        fetchFailures.getAndSet(0),
        tokenCacheHits.getAndSet(0),
        fetched == null ? null : Duration.between(fetched, clock.instant()));
  }

  @Override
  public void fetchSucceeded(URI uri, Duration latency, int keyCount) {
    fetches.incrementAndGet();
    lastFetched.set(clock.instant());
  }

  @Override
  public void fetchFailed(URI uri, Duration latency, String reason) {
    fetches.incrementAndGet();
    fetchFailures.incrementAndGet();
  }

  @Override
  public void rejected(ErrorCode code) {
    // Decisions are counted by the decision line itself, with their route.
  }

  @Override
  public void cacheEvent(CacheName cache, CacheEvent event, long count) {
    if (cache == CacheName.VERIFIED_TOKENS && event == CacheEvent.HIT) {
      tokenCacheHits.addAndGet(count);
    }
  }
}
