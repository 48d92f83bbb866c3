package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verity.jwt.jwks.Fixture.JWKS_PATH;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Key flood: tokens naming random kids must not turn the verifier into a JWKS flood. */
@Timeout(30)
class UnknownKidFloodTest {
  private static final Duration COOLDOWN = RemoteJwksBuilderDefaults.UNKNOWN_KID_COOLDOWN;

  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final MutableClock clock = new MutableClock();
  private final RecordingListener listener = new RecordingListener(clock);
  private RemoteKeySource source;
  private JwtVerifier verifier;

  @BeforeEach
  void setUp() {
    server.stubFor(get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA()))));
    source =
        KeySources.remoteJwksBuilder(Fixture.jwksUri(server))
            .allowHttpToLoopback()
            .clock(clock)
            .listener(listener)
            .build();
    verifier = Fixture.verifier(source, clock);
  }

  /**
   * Background re-checks of negatively cached kids may still be in flight when a test ends; let
   * them finish so their requests are not counted by the next test on the shared server.
   */
  @AfterEach
  void settleBackgroundFetches() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                listener.events("fetchStarted").size()
                    == listener.events("fetchSucceeded").size()
                        + listener.events("fetchFailed").size());
  }

  private int requests() {
    return server.countRequestsMatching(getRequestedFor(urlEqualTo(JWKS_PATH)).build()).getCount();
  }

  private static String randomKid() {
    return UUID.randomUUID().toString();
  }

  @Test
  void verify_5000RandomKidsOverFiveCooldowns_atMostOneRequestPerCooldown() {
    String template = Fixture.token(Fixture.keyA(), "a");
    assertThat(verifier.validate(template).errorCode()).isEmpty();
    assertThat(requests()).isEqualTo(1);
    // 5,000 tokens, 10 ms of fake time apart: 50 s, i.e. five 10 s cooldowns.
    Duration step = Duration.ofMillis(10);
    for (int i = 0; i < 5000; i++) {
      VerificationResult result = verifier.validate(Fixture.withKid(template, randomKid()));
      assertThat(result.errorCode()).contains(ErrorCode.KEY_NOT_FOUND);
      clock.advance(step);
    }

    // One initial fetch, then one refetch per cooldown window: at 0, 10, 20, 30 and 40 s.
    assertThat(requests()).isEqualTo(1 + 5);
    List<Duration> starts = listener.fetchStartTimes();
    for (int i = 2; i < starts.size(); i++) {
      assertThat(
              Duration.between(
                  starts.get(i - 1).addTo(MutableClock.START),
                  starts.get(i).addTo(MutableClock.START)))
          .as("gap between refetches %d and %d", i - 1, i)
          .isGreaterThanOrEqualTo(COOLDOWN);
    }
    assertThat(listener.count("unknownKidThrottled")).isGreaterThanOrEqualTo(4990);
  }

  @Test
  void verify_randomKidsFromEightThreadsAtOneInstant_oneRefetch() throws Exception {
    String template = Fixture.token(Fixture.keyA(), "a");
    assertThat(source.prime()).isTrue();

    List<ErrorCode> codes =
        ColdStartConcurrencyTest.runTogether(
            8,
            thread -> {
              ErrorCode last = null;
              for (int i = 0; i < 250; i++) {
                last =
                    verifier
                        .validate(Fixture.withKid(template, randomKid()))
                        .errorCode()
                        .orElse(null);
              }
              return last;
            });

    assertThat(codes).containsOnly(ErrorCode.KEY_NOT_FOUND);
    assertThat(requests()).isEqualTo(2);
  }

  @Test
  void verify_newRealKidPublishedDuringFlood_acceptedWithinOneCooldown() {
    String template = Fixture.token(Fixture.keyA(), "a");
    assertThat(source.prime()).isTrue();
    for (int i = 0; i < 500; i++) {
      verifier.validate(Fixture.withKid(template, randomKid()));
      clock.advance(Duration.ofMillis(10));
    }
    // Publish key "b" now (5 s into the flood's second cooldown window).
    server.stubFor(
        get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA(), "b", Fixture.keyB()))));
    Duration publishedAt = clock.elapsed();
    String tokenB = Fixture.token(Fixture.keyB(), "b");

    // The flood goes on for one cooldown; the real token may be refused meanwhile, but no longer.
    for (int i = 0; i < 1000 && clock.elapsed().compareTo(publishedAt.plus(COOLDOWN)) < 0; i++) {
      verifier.validate(Fixture.withKid(template, randomKid()));
      clock.advance(Duration.ofMillis(10));
    }
    clock.setToStartPlus(publishedAt.plus(COOLDOWN));

    VerificationResult result = verifier.validate(tokenB);

    assertThat(result.errorCode()).isEmpty();
    assertThat(result.jwt().keyId()).contains("b");
  }

  @Test
  void verify_newRealKidAfterRandomFlood_acceptedOneCooldownLater() {
    String template = Fixture.token(Fixture.keyA(), "a");
    assertThat(source.prime()).isTrue();
    verifier.validate(Fixture.withKid(template, randomKid())); // uses this cooldown's refetch
    server.stubFor(
        get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA(), "b", Fixture.keyB()))));
    String tokenB = Fixture.token(Fixture.keyB(), "b");

    assertThat(codeOf(() -> verifier.verify(tokenB))).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    clock.advance(COOLDOWN);

    assertThat(verifier.validate(tokenB).errorCode()).isEmpty();
    assertThat(requests()).isEqualTo(3);
  }

  @Test
  void verify_firstNewKidAfterStartUp_pickedUpAtOnce() {
    assertThat(source.prime()).isTrue();
    server.stubFor(
        get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA(), "b", Fixture.keyB()))));

    VerificationResult result = verifier.validate(Fixture.token(Fixture.keyB(), "b"));

    assertThat(result.errorCode()).isEmpty();
    assertThat(requests()).isEqualTo(2);
  }

  @Test
  void verify_kidSeenAbsentThenPublished_acceptedWithinOneCooldownOfPublication() {
    // An issuer that signs with a new key a moment before its JWKS lists it: the first token's
    // refetch shows the kid absent. Once the key is published, it must be picked up within one
    // cooldown (issue 3), not only when the negative-cache entry (1 min) runs out.
    assertThat(source.prime()).isTrue();
    String tokenB = Fixture.token(Fixture.keyB(), "b");
    assertThat(codeOf(() -> verifier.verify(tokenB))).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    clock.advance(Duration.ofSeconds(1));
    server.stubFor(
        get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA(), "b", Fixture.keyB()))));

    clock.advance(COOLDOWN);

    // The kid is in the negative cache, so this caller is answered at once and never waits; it
    // starts the one background re-check this cooldown allows, which picks the key up.
    assertThat(verifier.validate(tokenB).errorCode()).contains(ErrorCode.KEY_NOT_FOUND);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(verifier.validate(tokenB).errorCode()).isEmpty());
    // The prime, the refetch that showed "b" absent, and the background re-check.
    assertThat(requests()).isEqualTo(3);
  }

  @Test
  void verify_sameUnknownKidRepeated_atMostOneRefetchPerCooldown() {
    String template = Fixture.token(Fixture.keyA(), "a");
    assertThat(source.prime()).isTrue();
    String bogus = Fixture.withKid(template, "bogus");

    for (int i = 0; i < 50; i++) {
      assertThat(verifier.validate(bogus).errorCode()).contains(ErrorCode.KEY_NOT_FOUND);
      clock.advance(Duration.ofSeconds(1));
    }

    // The prime, then at most one refetch per 10 s cooldown over 50 s (at 0, 10, 20, 30, 40 s);
    // a negative cache may spare some of them.
    assertThat(requests()).isBetween(2, 1 + 5);
  }
}
