package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteJwksBuilder;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.testsupport.MutableClock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** One remote source under test: WireMock endpoint, fake clock, recording listener, cache. */
final class Harness {
  final WireMockExtension server;
  final MutableClock clock = new MutableClock();
  final RecordingListener listener = new RecordingListener(clock);
  final TrackingCache cache = new TrackingCache();
  final RemoteKeySource source;
  final JwtVerifier verifier;

  Harness(WireMockExtension server, UnaryOperator<RemoteJwksBuilder> settings) {
    this.server = server;
    Fixture.warmUp(server);
    this.source =
        settings
            .apply(
                KeySources.remoteJwksBuilder(Fixture.jwksUri(server))
                    .allowHttpToLoopback()
                    .clock(clock)
                    .listener(listener)
                    .cache(cache))
            .build();
    this.verifier = Fixture.verifier(source, clock);
  }

  Harness(WireMockExtension server) {
    this(server, b -> b);
  }

  /** Makes the endpoint answer {@code response} from now on. */
  Harness answer(ResponseDefinitionBuilder response) {
    server.stubFor(get(Fixture.JWKS_PATH).willReturn(response));
    return this;
  }

  /** Makes the endpoint publish this set (pairs of kid, key pair). */
  Harness publish(Object... kidAndKey) {
    return answer(okJson(Fixture.jwks(kidAndKey)));
  }

  /** Waits until WireMock has logged at least {@code n} requests (it logs after answering). */
  void awaitLogged(int n) {
    if (requests() < n) {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> requests() >= n);
    }
  }

  int requests() {
    return server
        .countRequestsMatching(getRequestedFor(urlEqualTo(Fixture.JWKS_PATH)).build())
        .getCount();
  }

  /** Waits until every fetch started so far has finished and its result is stored. */
  void awaitIdle() {
    if (listener.fetchesInFlight() == 0 && cache.idle()) {
      return;
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> listener.fetchesInFlight() == 0 && cache.idle());
  }

  /** Waits until exactly {@code n} requests reached the endpoint and every fetch has settled. */
  void awaitRequests(int n) {
    if (requests() < n) {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> requests() >= n);
    }
    awaitIdle();
  }
}
