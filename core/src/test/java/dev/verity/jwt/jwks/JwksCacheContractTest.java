package dev.verity.jwt.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.JwkSet;
import dev.verity.jwt.spi.CachedJwks;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.testsupport.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link JwksCache} contract, run against every implementation (core's in-memory cache here,
 * the Caffeine one in its module): storage, single-flight loading, failures keep the old value.
 * Public so that other modules' tests can extend it.
 */
@Timeout(10)
public abstract class JwksCacheContractTest {
  private static final URI SOURCE = URI.create("https://issuer.example.com/jwks.json");
  private static final URI OTHER = URI.create("https://other.example.com/jwks.json");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final class Sets {
    static final CachedJwks ONE = entry("one", T0);
    static final CachedJwks TWO = entry("two", T0.plusSeconds(60));
  }

  /** Returns a new, empty cache of the implementation under test. */
  protected abstract JwksCache newCache();

  private static CachedJwks entry(String kid, Instant confirmedAt) {
    JwkSet keys =
        JwkSet.parseRemote(Tokens.jwks(Tokens.publicJwk(Tokens.ec("secp256r1"), kid, Map.of())));
    return new CachedJwks(keys, confirmedAt, Duration.ofMinutes(10), false);
  }

  @Test
  public void getIfPresent_empty_null() {
    assertThat(newCache().getIfPresent(SOURCE)).isNull();
  }

  @Test
  public void put_thenGetIfPresent_returnsValueForThatSourceOnly() {
    JwksCache cache = newCache();

    cache.put(SOURCE, Sets.ONE);

    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.ONE);
    assertThat(cache.getIfPresent(OTHER)).isNull();
  }

  @Test
  public void put_twice_replaces() {
    JwksCache cache = newCache();
    cache.put(SOURCE, Sets.ONE);

    cache.put(SOURCE, Sets.TWO);

    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.TWO);
  }

  @Test
  public void refresh_success_storesAndCompletesWithValue() throws Exception {
    JwksCache cache = newCache();
    cache.put(SOURCE, Sets.ONE);

    CachedJwks loaded =
        cache
            .refresh(SOURCE, () -> CompletableFuture.completedFuture(Sets.TWO))
            .get(5, TimeUnit.SECONDS);

    assertThat(loaded).isSameAs(Sets.TWO);
    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.TWO);
  }

  @Test
  public void refresh_valueStoredBeforeFutureCompletes() throws Exception {
    JwksCache cache = newCache();
    CompletableFuture<CachedJwks> load = new CompletableFuture<>();
    CompletableFuture<CachedJwks> result = cache.refresh(SOURCE, () -> load);
    CompletableFuture<CachedJwks> seenOnCompletion =
        result.thenApply(value -> cache.getIfPresent(SOURCE));

    load.complete(Sets.ONE);

    assertThat(seenOnCompletion.get(5, TimeUnit.SECONDS)).isSameAs(Sets.ONE);
  }

  @Test
  public void refresh_twoCallsWhileLoadInFlight_loaderCalledOnceAndBothGetTheValue()
      throws Exception {
    JwksCache cache = newCache();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<CachedJwks> load = new CompletableFuture<>();
    Supplier<CompletableFuture<CachedJwks>> loader =
        () -> {
          calls.incrementAndGet();
          return load;
        };

    CompletableFuture<CachedJwks> first = cache.refresh(SOURCE, loader);
    CompletableFuture<CachedJwks> second = cache.refresh(SOURCE, loader);
    load.complete(Sets.ONE);

    assertThat(calls).hasValue(1);
    assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(Sets.ONE);
    assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(Sets.ONE);
  }

  @Test
  public void refresh_manyConcurrentCalls_loaderCalledOnce() throws Exception {
    JwksCache cache = newCache();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<CachedJwks> load = new CompletableFuture<>();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CompletableFuture<CachedJwks>>> calls2 = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls2.add(
            pool.submit(
                () -> {
                  go.await();
                  return cache.refresh(
                      SOURCE,
                      () -> {
                        calls.incrementAndGet();
                        return load;
                      });
                }));
      }
      go.countDown();
      List<CompletableFuture<CachedJwks>> results = new ArrayList<>();
      for (Future<CompletableFuture<CachedJwks>> call : calls2) {
        results.add(call.get(5, TimeUnit.SECONDS));
      }
      load.complete(Sets.ONE);

      assertThat(calls).hasValue(1);
      for (CompletableFuture<CachedJwks> result : results) {
        assertThat(result.get(5, TimeUnit.SECONDS)).isSameAs(Sets.ONE);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void refresh_afterCompletion_loadsAgain() throws Exception {
    JwksCache cache = newCache();
    AtomicInteger calls = new AtomicInteger();

    cache.refresh(SOURCE, () -> completed(calls, Sets.ONE)).get(5, TimeUnit.SECONDS);
    cache.refresh(SOURCE, () -> completed(calls, Sets.TWO)).get(5, TimeUnit.SECONDS);

    assertThat(calls).hasValue(2);
    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.TWO);
  }

  private static CompletableFuture<CachedJwks> completed(AtomicInteger calls, CachedJwks value) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(value);
  }

  @Test
  public void refresh_failure_keepsOldValueAndFailsTheFuture() {
    JwksCache cache = newCache();
    cache.put(SOURCE, Sets.ONE);
    IllegalStateException boom = new IllegalStateException("fetch failed");

    CompletableFuture<CachedJwks> result =
        cache.refresh(SOURCE, () -> CompletableFuture.failedFuture(boom));

    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCause(boom);
    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.ONE);
  }

  @Test
  public void refresh_loaderThrows_failedFutureOldValueKeptAndNextRefreshLoads() throws Exception {
    JwksCache cache = newCache();
    cache.put(SOURCE, Sets.ONE);

    CompletableFuture<CachedJwks> result =
        cache.refresh(
            SOURCE,
            () -> {
              throw new IllegalStateException("loader bug");
            });

    assertThat(result).isCompletedExceptionally();
    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.ONE);
    assertThat(
            cache
                .refresh(SOURCE, () -> CompletableFuture.completedFuture(Sets.TWO))
                .get(5, TimeUnit.SECONDS))
        .isSameAs(Sets.TWO);
  }

  @Test
  public void refresh_afterFailure_loadsAgain() throws Exception {
    JwksCache cache = newCache();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<CachedJwks> failed =
        cache.refresh(
            SOURCE,
            () -> {
              calls.incrementAndGet();
              return CompletableFuture.failedFuture(new IllegalStateException("down"));
            });
    assertThat(failed).isCompletedExceptionally();

    cache.refresh(SOURCE, () -> completed(calls, Sets.ONE)).get(5, TimeUnit.SECONDS);

    assertThat(calls).hasValue(2);
  }

  @Test
  public void refresh_differentSources_loadIndependently() throws Exception {
    JwksCache cache = newCache();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<CachedJwks> pending = new CompletableFuture<>();

    cache.refresh(
        SOURCE,
        () -> {
          calls.incrementAndGet();
          return pending;
        });
    CachedJwks other =
        cache.refresh(OTHER, () -> completed(calls, Sets.TWO)).get(5, TimeUnit.SECONDS);

    assertThat(calls).hasValue(2);
    assertThat(other).isSameAs(Sets.TWO);
    assertThat(cache.getIfPresent(SOURCE)).isNull();
    pending.complete(Sets.ONE);
    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.ONE);
  }

  @Test
  public void getIfPresent_whileLoadInFlight_returnsOldValueWithoutBlocking() {
    JwksCache cache = newCache();
    cache.put(SOURCE, Sets.ONE);
    cache.refresh(SOURCE, CompletableFuture::new);

    assertThat(cache.getIfPresent(SOURCE)).isSameAs(Sets.ONE);
  }
}
