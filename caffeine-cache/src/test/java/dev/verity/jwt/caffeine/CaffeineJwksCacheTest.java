package dev.verity.jwt.caffeine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.jwks.JwksCacheContractTest;
import dev.verity.jwt.spi.CachedJwks;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheEvent;
import dev.verity.jwt.spi.VerityListener.CacheName;
import dev.verity.jwt.testsupport.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Caffeine JWKS cache, through core's shared {@link JwksCache} contract, plus its own API. */
class CaffeineJwksCacheTest extends JwksCacheContractTest {
  private static final URI ONE = URI.create("https://one.example.com/jwks.json");
  private static final URI TWO = URI.create("https://two.example.com/jwks.json");

  @Override
  protected JwksCache newCache() {
    return CaffeineJwksCache.create();
  }

  @Test
  void getIfPresent_hitsAndMisses_inStatsAndReportedToTheListener() {
    Events events = new Events();
    CaffeineJwksCache cache = CaffeineJwksCache.create(events);
    cache.put(ONE, entry());

    cache.getIfPresent(ONE);
    cache.getIfPresent(ONE);
    cache.getIfPresent(TWO);

    assertThat(cache.stats().hitCount()).isEqualTo(2);
    assertThat(cache.stats().missCount()).isEqualTo(1);
    assertThat(events.count(CacheEvent.HIT)).isEqualTo(2);
    assertThat(events.count(CacheEvent.MISS)).isEqualTo(1);
  }

  @Test
  void refresh_successAndFailure_loadStatsAndEvents() throws Exception {
    Events events = new Events();
    CaffeineJwksCache cache = CaffeineJwksCache.create(events);

    cache.refresh(ONE, () -> CompletableFuture.completedFuture(entry())).get(5, TimeUnit.SECONDS);
    cache.refresh(ONE, () -> CompletableFuture.failedFuture(new IllegalStateException("down")));

    assertThat(cache.stats().loadSuccessCount()).isEqualTo(1);
    assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
    assertThat(events.count(CacheEvent.LOAD_SUCCESS)).isEqualTo(1);
    assertThat(events.count(CacheEvent.LOAD_FAILURE)).isEqualTo(1);
    assertThat(cache.getIfPresent(ONE)).isNotNull();
  }

  @Test
  void create_usersBuilderBounds_evictionReportedToTheListener() {
    Events events = new Events();
    CaffeineJwksCache cache =
        CaffeineJwksCache.create(
            Caffeine.newBuilder().maximumSize(1).executor(Runnable::run), events);

    cache.put(ONE, entry());
    cache.put(TWO, entry());
    cache.cleanUp();

    assertThat(cache.estimatedSize()).isEqualTo(1);
    assertThat(cache.stats().evictionCount()).isEqualTo(1);
    assertThat(events.count(CacheEvent.EVICTION)).isEqualTo(1);
  }

  @Test
  void create_builderWithRecordStats_refused() {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().recordStats();

    assertThatThrownBy(() -> CaffeineJwksCache.create(builder, VerityListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recordStats");
  }

  @Test
  void create_builderWithRefreshAfterWrite_refused() {
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder().refreshAfterWrite(Duration.ofMinutes(5));

    assertThatThrownBy(() -> CaffeineJwksCache.create(builder, VerityListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshAfterWrite");
  }

  @Test
  void listenerThrows_cacheStillWorks() {
    VerityListener broken =
        new VerityListener() {
          @Override
          public void cacheEvent(CacheName cache, CacheEvent event, long count) {
            throw new IllegalStateException("broken metrics bridge");
          }
        };
    CaffeineJwksCache cache = CaffeineJwksCache.create(broken);
    CachedJwks value = entry();

    cache.put(ONE, value);

    assertThat(cache.getIfPresent(ONE)).isSameAs(value);
  }

  private static CachedJwks entry() {
    JwkSet keys =
        JwkSet.parseRemote(Tokens.jwks(Tokens.publicJwk(Tokens.ec("secp256r1"), "k", Map.of())));
    return new CachedJwks(
        keys, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(10), false);
  }

  /** Counts JWKS cache events by kind. */
  private static final class Events implements VerityListener {
    private final Map<CacheEvent, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void cacheEvent(CacheName cache, CacheEvent event, long count) {
      assertThat(cache).isEqualTo(CacheName.JWKS);
      counts.computeIfAbsent(event, e -> new AtomicLong()).addAndGet(count);
    }

    long count(CacheEvent event) {
      AtomicLong count = counts.get(event);
      return count == null ? 0 : count.get();
    }
  }
}
