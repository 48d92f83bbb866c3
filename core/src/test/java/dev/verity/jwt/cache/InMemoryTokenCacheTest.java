package dev.verity.jwt.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.spi.CachedToken;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener.CacheEvent;
import dev.verity.jwt.spi.VerityListener.CacheName;
import dev.verity.jwt.testsupport.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Core's built-in token cache, through the shared contract, plus its own eviction rule. */
class InMemoryTokenCacheTest extends VerifiedTokenCacheContractTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  protected VerifiedTokenCache newCache(int maxEntries, long maxWeightBytes) {
    return VerifiedTokenCache.inMemory(maxEntries, maxWeightBytes);
  }

  @Test
  void inMemory_eachCallANewInstance() {
    assertThat(VerifiedTokenCache.inMemory(1, 1024))
        .satisfies(
            c ->
                assertThat(c.getClass().getName())
                    .isEqualTo("dev.verity.jwt.spi.InMemoryTokenCache"))
        .isNotSameAs(VerifiedTokenCache.inMemory(1, 1024));
  }

  @Test
  void inMemory_boundsBelowOneEntry_refused() {
    assertThatThrownBy(() -> VerifiedTokenCache.inMemory(0, 1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> VerifiedTokenCache.inMemory(1, VerifiedTokenCache.ENTRY_OVERHEAD_BYTES - 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void put_hotEntryReadBetweenAFloodOfOneOffEntries_survives() {
    Fixture f = new Fixture(4, 1 << 20);
    f.put("hot", T0.plusSeconds(3600));

    for (int i = 0; i < 100; i++) {
      f.cache.get("hot");
      f.put("once-" + i, T0.plusSeconds(3600));
    }

    assertThat(f.cache.get("hot")).isNotNull();
    assertThat(f.cache.size()).isEqualTo(4);
    assertThat(f.events.count(CacheName.VERIFIED_TOKENS, CacheEvent.EVICTION)).isEqualTo(97);
  }

  @Test
  void put_unreadEntries_evictedOldestFirst() {
    Fixture f = new Fixture(2, 1 << 20);
    f.put("first", T0.plusSeconds(3600));
    f.put("second", T0.plusSeconds(3600));

    f.put("third", T0.plusSeconds(3600));

    assertThat(f.cache.get("first")).isNull();
    assertThat(f.cache.get("second")).isNotNull();
    assertThat(f.cache.get("third")).isNotNull();
  }

  @Test
  void put_entryHeavierThanTheWeightBound_notKept() {
    Fixture f = new Fixture(10, 2_000);
    f.put("small", T0.plusSeconds(3600));

    f.put("x".repeat(1_000), T0.plusSeconds(3600));

    assertThat(f.cache.get("x".repeat(1_000))).isNull();
    assertThat(f.cache.get("small")).isNotNull();
    assertThat(f.cache.weightedSize()).isLessThanOrEqualTo(2_000);
  }

  @Test
  void put_expiredEntriesPassedByEviction_removedAndReportedAsExpirations() {
    Fixture f = new Fixture(2, 1 << 20);
    f.put("short", T0.plusSeconds(10));
    f.put("long", T0.plusSeconds(3600));
    f.clock.set(T0.plusSeconds(10));

    f.put("new", T0.plusSeconds(3600));

    assertThat(f.cache.size()).isEqualTo(2);
    assertThat(f.cache.get("long")).isNotNull();
    assertThat(f.events.count(CacheName.VERIFIED_TOKENS, CacheEvent.EXPIRATION)).isEqualTo(1);
    assertThat(f.events.count(CacheName.VERIFIED_TOKENS, CacheEvent.EVICTION)).isZero();
  }

  @Test
  void put_belowTheBoundsWithTheOldestExpired_oldestFreed() {
    Fixture f = new Fixture(100, 1 << 20);
    f.put("first", T0.plusSeconds(10));
    f.put("second", T0.plusSeconds(3600));
    f.clock.set(T0.plusSeconds(10));

    f.put("third", T0.plusSeconds(3600));

    assertThat(f.cache.size()).isEqualTo(2);
    assertThat(f.events.count(CacheName.VERIFIED_TOKENS, CacheEvent.EXPIRATION)).isEqualTo(1);
  }

  @Test
  void get_expiredEntry_removedAndReportedAsExpiration() {
    Fixture f = new Fixture(2, 1 << 20);
    f.put("short", T0.plusSeconds(10));
    f.clock.set(T0.plusSeconds(10));

    assertThat(f.cache.get("short")).isNull();

    assertThat(f.cache.size()).isZero();
    assertThat(f.cache.weightedSize()).isZero();
    assertThat(f.events.count(CacheName.VERIFIED_TOKENS, CacheEvent.EXPIRATION)).isEqualTo(1);
  }

  /** A bound cache with a recording listener; entries are rejections (no verifier needed). */
  private static final class Fixture {
    final MutableClock clock = new MutableClock(T0);
    final RecordingListener events = new RecordingListener();
    final VerifiedTokenCache cache;

    Fixture(int maxEntries, long maxWeight) {
      cache = VerifiedTokenCache.inMemory(maxEntries, maxWeight);
      cache.attach(new VerifiedTokenCache.Binding(CacheName.VERIFIED_TOKENS, clock, events));
    }

    void put(String token, Instant expiresAt) {
      cache.put(
          token,
          CachedToken.rejected(
              new dev.verity.jwt.JwtVerificationException(
                  dev.verity.jwt.ErrorCode.BAD_SIGNATURE, "test"),
              expiresAt));
    }
  }
}
