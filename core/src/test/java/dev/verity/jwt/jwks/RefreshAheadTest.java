package dev.verity.jwt.jwks;

import static dev.verity.jwt.jwks.Fixture.timed;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Refresh-ahead and {@code Cache-Control: max-age}: keys refresh before expiry, off the hot path.
 */
@Timeout(30)
class RefreshAheadTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final String tokenA = Fixture.token(Fixture.keyA(), "a");
  private final String tokenB = Fixture.token(Fixture.keyB(), "b");

  @Test
  void verify_atEightyPercentOfTtl_returnsAtOnceAndRefreshesInBackground() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.answer(
        WireMock.okJson(Fixture.jwks("a", Fixture.keyA(), "b", Fixture.keyB()))
            .withFixedDelay(2_000));

    h.clock.setToStartPlus(Duration.ofMinutes(7).plusSeconds(59));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(1);
    assertThat(h.listener.count("fetchStarted")).isEqualTo(1);

    h.clock.setToStartPlus(Duration.ofMinutes(8));
    Duration wait = timed(() -> assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty());

    // Half the answer's delay: a cold JIT on a loaded CI machine must not make this flake.
    assertThat(wait).isLessThan(Duration.ofMillis(1_000));
    assertThat(h.listener.count("fetchStarted")).isEqualTo(2);
    h.awaitRequests(2);
    assertThat(h.source.keys().keyIds()).containsExactlyInAnyOrder("a", "b");
    assertThat(h.verifier.validate(tokenB).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(2);
  }

  @Test
  void verify_manyCallsWhileRefreshInFlight_noneBlocksAndOneRequest() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(WireMock.okJson(Fixture.jwks("a", Fixture.keyA())).withFixedDelay(2_000));
    h.clock.setToStartPlus(Duration.ofMinutes(9));

    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isLessThan(Duration.ofMillis(1_500));
    h.awaitRequests(2);
    assertThat(h.requests()).isEqualTo(2);
  }

  @Test
  void verify_refreshedKeysGetANewTtl_nextRefreshAtEightyPercentOfIt() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.clock.setToStartPlus(Duration.ofMinutes(8));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(2);

    h.clock.setToStartPlus(Duration.ofMinutes(15).plusSeconds(59));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();
    assertThat(h.requests()).isEqualTo(2);
    h.clock.setToStartPlus(Duration.ofMinutes(16));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(3);
    assertThat(h.requests()).isEqualTo(3);
  }

  /**
   * The refresh starts at 80% of the TTL the server's max-age implies, clamped to [1 min, 24 h].
   */
  @ParameterizedTest(name = "Cache-Control {0} -> TTL {1} s")
  @CsvSource({
    "max-age=30, 60",
    "'public, max-age=3600', 3600",
    "max-age=172800, 86400",
    "no-store, 60",
    "'', 600",
  })
  void verify_cacheControl_refreshAtEightyPercentOfTheClampedTtl(
      String cacheControl, long ttlSeconds) {
    Harness h = new Harness(server);
    var response = WireMock.okJson(Fixture.jwks("a", Fixture.keyA()));
    if (!cacheControl.isEmpty()) {
      response = response.withHeader("Cache-Control", cacheControl);
    }
    h.answer(response);
    assertThat(h.source.prime()).isTrue();
    Duration refreshAt = Duration.ofSeconds(ttlSeconds).multipliedBy(8).dividedBy(10);

    h.clock.setToStartPlus(refreshAt.minusSeconds(1));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();
    assertThat(h.requests()).as("before 80%% of the TTL").isEqualTo(1);

    h.clock.setToStartPlus(refreshAt);
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(2);
    assertThat(h.requests()).as("at 80%% of the TTL").isEqualTo(2);
  }

  @Test
  void verify_customTtlBoundsAndFraction_honoured() {
    Harness h =
        new Harness(
            server,
            b ->
                b.ttlBounds(Duration.ofMinutes(5), Duration.ofMinutes(30))
                    .refreshAheadFraction(0.5));
    h.answer(
        WireMock.okJson(Fixture.jwks("a", Fixture.keyA()))
            .withHeader("Cache-Control", "max-age=60"));
    assertThat(h.source.prime()).isTrue();

    // max-age 60 s is clamped up to 5 min; half of it is 150 s.
    h.clock.setToStartPlus(Duration.ofSeconds(149));
    h.verifier.validate(tokenA);
    h.awaitIdle();
    assertThat(h.requests()).isEqualTo(1);
    h.clock.setToStartPlus(Duration.ofSeconds(150));
    h.verifier.validate(tokenA);
    h.awaitRequests(2);
    assertThat(h.requests()).isEqualTo(2);
  }

  @Test
  void verify_pastTtlWithRefreshFailing_servedStaleReported() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(WireMock.serverError());

    h.clock.setToStartPlus(Duration.ofMinutes(9));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();
    assertThat(h.listener.count("servedStale")).isZero();
    h.clock.setToStartPlus(Duration.ofMinutes(12));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();

    assertThat(h.listener.events("servedStale"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.detail()).isEqualTo(Duration.ofMinutes(12)));
  }
}
