package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verity.jwt.jwks.Fixture.JWKS_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.spi.CachedJwks;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.testsupport.MutableClock;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cold start: many first callers at once share one fetch (single flight). */
@Timeout(30)
class ColdStartConcurrencyTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final MutableClock clock = new MutableClock();

  @Test
  void verify_200ConcurrentFirstCalls_oneRequestAndAllSucceed() throws Exception {
    server.stubFor(
        get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA())).withFixedDelay(300)));
    RemoteKeySource source =
        KeySources.remoteJwksBuilder(Fixture.jwksUri(server))
            .allowHttpToLoopback()
            .clock(clock)
            .build();
    JwtVerifier verifier = Fixture.verifier(source, clock);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      tokens.add(
          Fixture.claims("a").claim("sub", "user-" + i).sign("RS256", Fixture.keyA().getPrivate()));
    }

    List<VerificationResult> results = runTogether(200, i -> verifier.validate(tokens.get(i)));

    assertThat(results).hasSize(200).allSatisfy(r -> assertThat(r.errorCode()).isEmpty());
    assertThat(results.get(7).jwt().subject()).contains("user-7");
    server.verify(1, getRequestedFor(urlEqualTo(JWKS_PATH)));
  }

  @Test
  void keys_callerPausedBetweenCacheCheckAndLoad_stillOneRequest() throws Exception {
    // Models a thread descheduled right after it saw an empty cache: by the time it asks the cache
    // to load, the first caller's fetch has completed. Single flight must still mean one fetch.
    server.stubFor(get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA()))));
    URI uri = Fixture.jwksUri(server);
    CountDownLatch firstLoadDone = new CountDownLatch(1);
    AtomicBoolean pauseNext = new AtomicBoolean(false);
    JwksCache inMemory = JwksCache.inMemory();
    JwksCache pausing =
        new JwksCache() {
          @Override
          public CachedJwks getIfPresent(URI source) {
            CachedJwks value = inMemory.getIfPresent(source);
            if (pauseNext.compareAndSet(true, false)) {
              await(firstLoadDone);
            }
            return value;
          }

          @Override
          public CompletableFuture<CachedJwks> refresh(
              URI source, Supplier<CompletableFuture<CachedJwks>> loader) {
            return inMemory.refresh(source, loader);
          }

          @Override
          public void put(URI source, CachedJwks value) {
            inMemory.put(source, value);
          }
        };
    RemoteKeySource source =
        KeySources.remoteJwksBuilder(uri).allowHttpToLoopback().clock(clock).cache(pausing).build();
    JwtVerifier verifier = Fixture.verifier(source, clock);
    String token = Fixture.token(Fixture.keyA(), "a");

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pauseNext.set(true);
      Future<VerificationResult> late = pool.submit(() -> verifier.validate(token));
      org.awaitility.Awaitility.await().until(() -> !pauseNext.get());
      VerificationResult first = verifier.validate(token);
      firstLoadDone.countDown();
      VerificationResult second = late.get(10, TimeUnit.SECONDS);

      assertThat(first.errorCode()).isEmpty();
      assertThat(second.errorCode()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
    server.verify(1, getRequestedFor(urlEqualTo(JWKS_PATH)));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  /** Runs {@code n} calls on {@code n} threads released at the same moment; returns the results. */
  static <T> List<T> runTogether(int n, IndexedCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call(index);
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(20, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
