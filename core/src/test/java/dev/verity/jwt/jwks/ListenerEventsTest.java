package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.testsupport.MutableClock;
import dev.verity.jwt.testsupport.Tokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listener SPI: every key-source event, with its details, and rejections by code. */
@Timeout(30)
class ListenerEventsTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final String tokenA = Fixture.token(Fixture.keyA(), "a");

  @Test
  void listener_coldFetch_lookupMissStartedSucceededWithKeyCountThenHits() {
    Harness h = new Harness(server).publish("a", Fixture.keyA(), "b", Fixture.keyB());
    URI uri = Fixture.jwksUri(server);

    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();

    List<RecordingListener.Event> events = h.listener.events();
    assertThat(events)
        .extracting(RecordingListener.Event::kind)
        .containsExactly("keyLookup", "fetchStarted", "fetchSucceeded", "keyLookup");
    assertThat(events).extracting(RecordingListener.Event::uri).containsOnly(uri);
    assertThat(events.get(0).detail()).isEqualTo(false);
    assertThat(events.get(3).detail()).isEqualTo(true);
    RecordingListener.Success success = (RecordingListener.Success) events.get(2).detail();
    assertThat(success.keyCount()).isEqualTo(2);
    assertThat(success.latency()).isPositive().isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void listener_fetchFailure_reasonReported() {
    Harness h = new Harness(server).answer(serverError());

    assertThat(h.source.prime()).isFalse();

    assertThat(h.listener.events("fetchFailed"))
        .singleElement()
        .satisfies(e -> assertThat((String) e.detail()).contains("HTTP 500"));
  }

  @Test
  void listener_rotation_addedAndRemovedKids() {
    Harness h = new Harness(server).publish("a", Fixture.keyA(), "b", Fixture.keyB());
    assertThat(h.source.prime()).isTrue();
    h.publish("b", Fixture.keyB(), "c", Fixture.keyC());
    h.clock.setToStartPlus(Duration.ofMinutes(8));
    h.verifier.validate(tokenA);
    h.awaitRequests(2);

    assertThat(h.listener.events("keysRotated"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.detail())
                    .isEqualTo(new RecordingListener.Rotation(Set.of("c"), Set.of("a"))));
  }

  @Test
  void listener_sameKidsRefetched_noRotationEvent() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.clock.setToStartPlus(Duration.ofMinutes(8));
    h.verifier.validate(tokenA);
    h.awaitRequests(2);

    assertThat(h.listener.count("fetchSucceeded")).isEqualTo(2);
    assertThat(h.listener.count("keysRotated")).isZero();
  }

  @Test
  void listener_unknownKidWithinCooldown_throttledReported() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();

    h.verifier.validate(Fixture.withKid(tokenA, "x1"));
    assertThat(h.listener.count("unknownKidThrottled")).isZero();
    h.verifier.validate(Fixture.withKid(tokenA, "x2"));

    assertThat(h.listener.count("unknownKidThrottled")).isEqualTo(1);
    assertThat(h.requests()).isEqualTo(2);
  }

  @Test
  void listener_staleKeysServed_ageReported() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(serverError());
    h.clock.setToStartPlus(Duration.ofMinutes(20));

    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitIdle();

    assertThat(h.listener.events("servedStale"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.detail()).isEqualTo(Duration.ofMinutes(20)));
  }

  @Test
  void verifierListener_rejections_reportedByCode() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    RecordingListener verifierEvents = new RecordingListener(h.clock);
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(Fixture.ISSUER)
            .audience(Fixture.AUDIENCE)
            .keys(h.source)
            .clock(h.clock)
            .listener(verifierEvents)
            .build();
    String expired =
        Fixture.claims("a")
            .claim("exp", h.clock.instant().getEpochSecond() - 3600)
            .sign("RS256", Fixture.keyA().getPrivate());
    String forged = Fixture.token(Fixture.keyB(), "a");

    assertThat(verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(codeOf(() -> verifier.verify(expired))).isEqualTo(ErrorCode.EXPIRED);
    assertThat(codeOf(() -> verifier.verify(forged))).isEqualTo(ErrorCode.BAD_SIGNATURE);
    assertThat(verifier.validate("not-a-token").errorCode()).contains(ErrorCode.MALFORMED);

    assertThat(verifierEvents.events())
        .extracting(RecordingListener.Event::detail)
        .containsExactly(ErrorCode.EXPIRED, ErrorCode.BAD_SIGNATURE, ErrorCode.MALFORMED);
  }

  @Test
  void verifierListener_unavailableKeys_reportedAsJwksUnavailable() {
    Harness h = new Harness(server).answer(serverError());
    RecordingListener verifierEvents = new RecordingListener(h.clock);
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(Fixture.ISSUER)
            .audience(Fixture.AUDIENCE)
            .keys(h.source)
            .clock(h.clock)
            .listener(verifierEvents)
            .build();

    assertThat(verifier.validate(tokenA).errorCode()).contains(ErrorCode.JWKS_UNAVAILABLE);

    assertThat(verifierEvents.events())
        .extracting(RecordingListener.Event::detail)
        .containsExactly(ErrorCode.JWKS_UNAVAILABLE);
  }

  @Test
  void listener_events_neverCarryTokenOrKeyMaterial() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    h.verifier.validate(tokenA);
    h.answer(
        com.github.tomakehurst.wiremock.client.WireMock.okJson(
            "{\"keys\":[" + Tokens.publicJwk(Fixture.keyA(), "a", Map.of()) + ",oops]}"));
    h.clock.setToStartPlus(Duration.ofMinutes(8));
    h.verifier.validate(tokenA);
    h.awaitRequests(2);

    String modulus =
        Tokens.publicJwk(Fixture.keyA(), "a", Map.of()).replaceAll(".*\"n\":\"([^\"]{20}).*", "$1");
    String[] segments = tokenA.split("\\.");
    assertThat(h.listener.events().toString())
        .doesNotContain(segments[0], segments[1], segments[2], modulus, "oops");
  }

  private JwtVerifier verifierWithListener(MutableClock clock, VerityListener listener) {
    Fixture.warmUp(server);
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(Fixture.JWKS_PATH)
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    Fixture.jwks("a", Fixture.keyA()))));
    return Fixture.verifier(
        KeySources.remoteJwksBuilder(Fixture.jwksUri(server))
            .allowHttpToLoopback()
            .clock(clock)
            .listener(listener)
            .build(),
        clock);
  }

  @Test
  void listener_throwingOnKeyLookup_verificationUnaffected() {
    // The SPI asks listeners never to throw; a metrics bridge that does must not turn every
    // verification into an exception that escapes validate().
    VerityListener throwing =
        new VerityListener() {
          @Override
          public void keyLookup(URI uri, boolean hit) {
            throw new IllegalStateException("listener bug");
          }
        };
    MutableClock clock = new MutableClock();
    JwtVerifier verifier = verifierWithListener(clock, throwing);

    assertThat(verifier.validate(tokenA).errorCode()).isEmpty();
  }

  @Test
  void listener_throwingOnFetchSucceeded_keysStillStored() {
    VerityListener throwing =
        new VerityListener() {
          @Override
          public void fetchSucceeded(URI uri, Duration latency, int keyCount) {
            throw new IllegalStateException("listener bug");
          }
        };
    MutableClock clock = new MutableClock();
    JwtVerifier verifier = verifierWithListener(clock, throwing);

    assertThat(verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(
            server
                .countRequestsMatching(
                    com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                                Fixture.JWKS_PATH))
                        .build())
                .getCount())
        .isEqualTo(1);
  }
}
