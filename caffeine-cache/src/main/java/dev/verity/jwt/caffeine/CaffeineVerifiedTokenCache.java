package dev.verity.jwt.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.verity.jwt.spi.CachedToken;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheName;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A {@link VerifiedTokenCache} on a Caffeine {@link Cache}: W-TinyLFU eviction (a flood of tokens
 * seen once does not push out the tokens in steady use), a per-entry expiry at the token's {@code
 * exp} (Caffeine's variable {@link Expiry}), and a bound on the total {@linkplain
 * VerifiedTokenCache#weigh weight}. Thread-safe; {@link #get} never blocks. Plug it into {@code
 * JwtVerifierBuilder.tokenCache(...)}; see {@code docs/caching.md}.
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder()
 *     .issuer(issuer).audience("orders-api").keys(keys)
 *     .tokenCache(CaffeineVerifiedTokenCache.create(10_000, 32 * 1024 * 1024))
 *     .build();
 * }</pre>
 *
 * <p>Caffeine bounds a cache by weight or by count, not both; this one bounds the weight, and keeps
 * the count bound by weighing each entry at least {@code maximumWeightBytes / maximumEntries}, so
 * both hold (a cache of many small tokens reaches the count bound first). Caffeine evicts in its
 * maintenance, which follows writes at once on its executor (see {@link Builder#executor}); between
 * a write and that maintenance the total may briefly exceed the bound.
 *
 * <p>Caffeine's statistics are kept ({@link #stats()}); evictions and expirations are also reported
 * to the verifier's {@link VerityListener}. Hits and misses are reported by the verifier, which
 * alone knows whether a hit could be served.
 */
public final class CaffeineVerifiedTokenCache implements VerifiedTokenCache {
  /** Default bound on the number of entries: 100,000. */
  public static final long DEFAULT_MAXIMUM_ENTRIES = 100_000;

  /** Default bound on the total weight: 64 MiB. */
  public static final long DEFAULT_MAXIMUM_WEIGHT_BYTES = 64L * 1024 * 1024;

  private final Cache<String, CachedToken> cache;
  private final ListenerStatsCounter stats;
  private final long maximumWeight;
  private final AtomicReference<Binding> binding = new AtomicReference<>();

  private CaffeineVerifiedTokenCache(Builder builder) {
    this.maximumWeight = builder.maximumWeightBytes;
    this.stats = new ListenerStatsCounter(CacheName.VERIFIED_TOKENS, VerityListener.NONE, false);
    long entryWeightFloor =
        Math.max(1, ceilDiv(builder.maximumWeightBytes, builder.maximumEntries));
    Caffeine<Object, Object> caffeine =
        Caffeine.newBuilder().maximumWeight(builder.maximumWeightBytes).recordStats(() -> stats);
    if (builder.executor != null) {
      caffeine.executor(builder.executor);
    }
    if (builder.ticker != null) {
      caffeine.ticker(builder.ticker);
    }
    this.cache =
        caffeine
            .<String, CachedToken>weigher(
                (token, entry) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            Math.max(VerifiedTokenCache.weigh(token), entryWeightFloor)))
            .expireAfter(new UntilExpiresAt())
            .build();
  }

  /**
   * Returns a cache bounded to {@code maximumEntries} entries and {@code maximumWeightBytes} of
   * total weight.
   */
  public static CaffeineVerifiedTokenCache create(long maximumEntries, long maximumWeightBytes) {
    return builder().maximumEntries(maximumEntries).maximumWeightBytes(maximumWeightBytes).build();
  }

  /** Returns a builder; unset bounds take the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CachedToken get(String token) {
    CachedToken entry = cache.getIfPresent(token);
    if (entry == null) {
      return null;
    }
    Binding bound = binding.get();
    if (bound != null && bound.clock().millis() >= millis(entry.expiresAt())) {
      // Caffeine times entries on its ticker; the verifier's clock decides what may be served.
      cache.asMap().remove(token, entry);
      return null;
    }
    return entry;
  }

  @Override
  public void put(String token, CachedToken entry) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(entry, "entry");
    if (VerifiedTokenCache.weigh(token) > maximumWeight
        || clock().millis() >= millis(entry.expiresAt())) {
      return; // heavier than the whole cache, or expired already
    }
    cache.put(token, entry);
  }

  @Override
  public void invalidate(String token) {
    cache.invalidate(token);
  }

  @Override
  public void invalidateIf(Predicate<CachedToken> condition) {
    Objects.requireNonNull(condition, "condition");
    cache.asMap().values().removeIf(condition);
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  /**
   * Returns the total {@linkplain VerifiedTokenCache#weigh weight} of the entries held, by walking
   * them (for metrics and diagnostics, not for every request). Caffeine's own weighted size, which
   * the bound applies to, counts each entry at least {@code maximumWeightBytes / maximumEntries}.
   */
  @Override
  public long weightedSize() {
    long total = 0;
    for (String token : cache.asMap().keySet()) {
      total += VerifiedTokenCache.weigh(token);
    }
    return total;
  }

  @Override
  public void attach(Binding binding) {
    Objects.requireNonNull(binding, "binding");
    if (!this.binding.compareAndSet(null, binding)) {
      throw new IllegalStateException(
          "this token cache is already bound to a verifier; give each verifier its own cache");
    }
    stats.listener(new NamedListener(binding));
  }

  /** Returns a snapshot of Caffeine's statistics (hits, misses, evictions, by count and weight). */
  public CacheStats stats() {
    return cache.stats();
  }

  /** Performs any pending maintenance (evictions, expirations) now. */
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public String toString() {
    return "CaffeineVerifiedTokenCache[" + size() + " entries, " + weightedSize() + " bytes]";
  }

  private InstantSource clock() {
    Binding bound = binding.get();
    return bound == null ? InstantSource.system() : bound.clock();
  }

  private static long millis(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Each entry lives until its {@code expiresAt} by the verifier's clock, never longer. */
  private final class UntilExpiresAt implements Expiry<String, CachedToken> {
    @Override
    public long expireAfterCreate(String token, CachedToken entry, long currentTime) {
      return nanosUntil(entry.expiresAt());
    }

    @Override
    public long expireAfterUpdate(
        String token, CachedToken entry, long currentTime, long currentDuration) {
      return nanosUntil(entry.expiresAt());
    }

    @Override
    public long expireAfterRead(
        String token, CachedToken entry, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private long nanosUntil(Instant expiresAt) {
      Duration left = Duration.between(clock().instant(), expiresAt);
      if (left.isNegative()) {
        return 0;
      }
      try {
        return left.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
  }

  /** Sends the cache's evictions to the binding, whose listener and cache name they belong to. */
  private static final class NamedListener implements VerityListener {
    private final Binding binding;

    NamedListener(Binding binding) {
      this.binding = binding;
    }

    @Override
    public void cacheEvent(CacheName cache, CacheEvent event, long count) {
      binding.report(event, count);
    }
  }

  /** Configures a {@link CaffeineVerifiedTokenCache}. Each setting may be made once. */
  public static final class Builder {
    private long maximumEntries = DEFAULT_MAXIMUM_ENTRIES;
    private long maximumWeightBytes = DEFAULT_MAXIMUM_WEIGHT_BYTES;
    private boolean entriesSet;
    private boolean weightSet;
    private Executor executor;
    private Ticker ticker;

    private Builder() {}

    /** Sets the most entries held (default {@link #DEFAULT_MAXIMUM_ENTRIES}); at least 1. */
    public Builder maximumEntries(long maximumEntries) {
      requireUnset(!entriesSet, "maximumEntries");
      if (maximumEntries < 1) {
        throw new IllegalArgumentException("maximumEntries must be at least 1");
      }
      this.maximumEntries = maximumEntries;
      this.entriesSet = true;
      return this;
    }

    /**
     * Sets the largest total {@linkplain VerifiedTokenCache#weigh weight} (default {@link
     * #DEFAULT_MAXIMUM_WEIGHT_BYTES}); at least one entry's overhead.
     */
    public Builder maximumWeightBytes(long maximumWeightBytes) {
      requireUnset(!weightSet, "maximumWeightBytes");
      if (maximumWeightBytes < VerifiedTokenCache.ENTRY_OVERHEAD_BYTES) {
        throw new IllegalArgumentException(
            "maximumWeightBytes must be at least " + VerifiedTokenCache.ENTRY_OVERHEAD_BYTES);
      }
      this.maximumWeightBytes = maximumWeightBytes;
      this.weightSet = true;
      return this;
    }

    /**
     * Runs Caffeine's maintenance (evictions, expirations, listener calls) on this executor;
     * default Caffeine's, the common {@code ForkJoinPool}. Measured on a single-token hit (see
     * {@code docs/caching.md}): with the default, a hit costs more on one thread (each full read
     * buffer hands a task to the pool) and scales across threads; with {@code Runnable::run} a hit
     * is about twice as cheap on one thread, but threads then wait for each other's maintenance.
     * Choose {@code Runnable::run} where one thread verifies at a time (an AWS Lambda function),
     * the default elsewhere.
     */
    public Builder executor(Executor executor) {
      requireUnset(this.executor == null, "executor");
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Times entries with this ticker (default: Caffeine's, {@link System#nanoTime()}; tests). */
    public Builder ticker(Ticker ticker) {
      requireUnset(this.ticker == null, "ticker");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Builds the cache. */
    public CaffeineVerifiedTokenCache build() {
      return new CaffeineVerifiedTokenCache(this);
    }

    private static void requireUnset(boolean unset, String setting) {
      if (!unset) {
        throw new IllegalStateException(setting + " is already set");
      }
    }
  }
}
