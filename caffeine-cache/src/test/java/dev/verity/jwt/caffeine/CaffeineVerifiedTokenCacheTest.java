package dev.verity.jwt.caffeine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.cache.VerifiedTokenCacheContractTest;
import dev.verity.jwt.spi.CachedToken;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheEvent;
import dev.verity.jwt.spi.VerityListener.CacheName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Caffeine token cache, through core's shared contract, plus what Caffeine adds. */
class CaffeineVerifiedTokenCacheTest extends VerifiedTokenCacheContractTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  protected VerifiedTokenCache newCache(int maxEntries, long maxWeightBytes) {
    return CaffeineVerifiedTokenCache.builder()
        .maximumEntries(maxEntries)
        .maximumWeightBytes(maxWeightBytes)
        .executor(Runnable::run)
        .build();
  }

  @Override
  protected void settle(VerifiedTokenCache cache) {
    ((CaffeineVerifiedTokenCache) cache).cleanUp();
  }

  @Test
  void entry_tickerReachesExpiresAt_memoryFreedAndReportedAsExpiration() {
    FakeTicker ticker = new FakeTicker();
    Fixture f = new Fixture(CaffeineVerifiedTokenCache.builder().ticker(ticker));
    f.put("token", T0.plusSeconds(30));

    ticker.advance(Duration.ofSeconds(29));
    f.cache.cleanUp();
    assertThat(f.cache.get("token")).isNotNull();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(f.cache.get("token")).as("expired on Caffeine's ticker").isNull();
    ticker.advance(Duration.ofSeconds(2)); // Caffeine's timer wheel frees it within ~1 s
    f.cache.cleanUp();

    assertThat(f.cache.size()).isZero();
    assertThat(f.cache.weightedSize()).isZero();
    assertThat(f.events.count(CacheEvent.EXPIRATION)).isEqualTo(1);
    assertThat(f.cache.stats().evictionCount()).isEqualTo(1);
  }

  @Test
  void put_manySmallTokens_countBoundHoldsThroughTheWeightFloor() {
    Fixture f =
        new Fixture(
            CaffeineVerifiedTokenCache.builder().maximumEntries(5).maximumWeightBytes(1 << 20));

    for (int i = 0; i < 50; i++) {
      f.put("t" + i, T0.plusSeconds(3600));
    }
    f.cache.cleanUp();

    assertThat(f.cache.size()).isBetween(1L, 5L);
    assertThat(f.events.count(CacheEvent.EVICTION)).isEqualTo(50 - f.cache.size());
  }

  @Test
  void put_entryHeavierThanTheWeightBound_notKeptAndOthersStay() {
    Fixture f = new Fixture(CaffeineVerifiedTokenCache.builder().maximumWeightBytes(2_000));
    f.put("small", T0.plusSeconds(3600));

    f.put("x".repeat(1_000), T0.plusSeconds(3600));
    f.cache.cleanUp();

    assertThat(f.cache.get("x".repeat(1_000))).isNull();
    assertThat(f.cache.get("small")).isNotNull();
  }

  @Test
  void builder_settingTwice_refused() {
    CaffeineVerifiedTokenCache.Builder builder =
        CaffeineVerifiedTokenCache.builder().maximumEntries(10);

    assertThatThrownBy(() -> builder.maximumEntries(20)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CaffeineVerifiedTokenCache.builder().maximumEntries(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CaffeineVerifiedTokenCache.builder().maximumWeightBytes(100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stats_hitsAndMissesRecordedByCaffeine() {
    Fixture f = new Fixture(CaffeineVerifiedTokenCache.builder());
    f.put("token", T0.plusSeconds(3600));

    f.cache.get("token");
    f.cache.get("other");

    assertThat(f.cache.stats().hitCount()).isEqualTo(1);
    assertThat(f.cache.stats().missCount()).isEqualTo(1);
    assertThat(f.events.count(CacheEvent.HIT)).as("the verifier reports lookups").isZero();
  }

  /** A bound cache on a fixed verifier clock, with a recording listener. */
  private static final class Fixture {
    final Events events = new Events();
    final CaffeineVerifiedTokenCache cache;

    Fixture(CaffeineVerifiedTokenCache.Builder builder) {
      cache = builder.executor(Runnable::run).build();
      cache.attach(new VerifiedTokenCache.Binding(CacheName.REJECTED_TOKENS, () -> T0, events));
    }

    void put(String token, Instant expiresAt) {
      cache.put(
          token,
          CachedToken.rejected(
              new JwtVerificationException(ErrorCode.BAD_SIGNATURE, "test"), expiresAt));
    }
  }

  /** Counts events by kind; all must come for the bound cache name. */
  private static final class Events implements VerityListener {
    private final Map<CacheEvent, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void cacheEvent(CacheName cache, CacheEvent event, long count) {
      assertThat(cache).isEqualTo(CacheName.REJECTED_TOKENS);
      counts.computeIfAbsent(event, e -> new AtomicLong()).addAndGet(count);
    }

    long count(CacheEvent event) {
      AtomicLong count = counts.get(event);
      return count == null ? 0 : count.get();
    }
  }

  /** A Caffeine ticker that moves only when the test advances it. */
  private static final class FakeTicker implements com.github.benmanes.caffeine.cache.Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration step) {
      nanos.addAndGet(step.toNanos());
    }
  }
}
