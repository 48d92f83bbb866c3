package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotation: a new key is picked up by one refetch; a key that left the set stops verifying. */
@Timeout(30)
class KeyRotationTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final String tokenA = Fixture.token(Fixture.keyA(), "a");
  private final String tokenB = Fixture.token(Fixture.keyB(), "b");

  @Test
  void rotation_bAddedAndARemoved_bVerifiesAfterOneRefetchAndAIsRejectedAtOnce() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.publish("b", Fixture.keyB());
    h.clock.advance(Duration.ofSeconds(30));

    assertThat(h.verifier.validate(tokenB).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(2);
    // A successful fetch replaces the whole set: A left it, so A no longer verifies.
    assertThat(codeOf(() -> h.verifier.verify(tokenA))).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    assertThat(h.requests()).isEqualTo(2);
    assertThat(h.listener.events("keysRotated"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.detail())
                    .isEqualTo(new RecordingListener.Rotation(Set.of("b"), Set.of("a"))));
  }

  @Test
  void rotation_aRemovedWithNoNewKidSeen_aRejectedAfterTheScheduledRefresh() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.publish("b", Fixture.keyB());

    h.clock.setToStartPlus(Duration.ofMinutes(7).plusSeconds(59));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(1);
    // From 80% of the 10 min TTL a background refresh runs; the set it brings no longer has A.
    h.clock.setToStartPlus(Duration.ofMinutes(8));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(2);

    assertThat(codeOf(() -> h.verifier.verify(tokenA))).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    assertThat(h.verifier.validate(tokenB).errorCode()).isEmpty();
    // "a" is now an unknown kid: the first one since start-up may cost one refetch, no more.
    assertThat(codeOf(() -> h.verifier.verify(tokenA))).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    assertThat(h.requests()).isEqualTo(3);
  }

  @Test
  void rotation_refreshesFailing_aStopsAfterMaxStaleness() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(serverError());
    Duration maxStaleness = RemoteJwksBuilderDefaults.MAX_STALENESS;

    h.clock.setToStartPlus(Duration.ofMinutes(9));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(2);
    h.clock.setToStartPlus(maxStaleness.minusSeconds(1));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();
    h.clock.setToStartPlus(maxStaleness.plusSeconds(1));

    assertThat(codeOf(() -> h.verifier.verify(tokenA))).isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
  }

  @Test
  void rotation_customMaxStaleness_keysStopAtThatAge() {
    Harness h =
        new Harness(server, b -> b.maxStaleness(Duration.ofHours(1))).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(serverError());

    h.clock.setToStartPlus(Duration.ofMinutes(59));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();
    h.clock.setToStartPlus(Duration.ofMinutes(61));

    assertThat(codeOf(() -> h.verifier.verify(tokenA))).isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
  }

  @Test
  void rotation_keyStillPublished_keepsVerifyingPastMaxStalenessThroughRefreshes() {
    Harness h =
        new Harness(server, b -> b.maxStaleness(Duration.ofHours(1))).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();

    for (int minute = 8; minute <= 180; minute += 8) {
      h.clock.setToStartPlus(Duration.ofMinutes(minute));
      assertThat(h.verifier.validate(tokenA).errorCode()).as("minute %d", minute).isEmpty();
      h.awaitIdle();
    }

    assertThat(h.requests()).isBetween(2, 1 + 180 / 8);
  }
}
