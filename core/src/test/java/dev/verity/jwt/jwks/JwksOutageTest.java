package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static dev.verity.jwt.jwks.Fixture.timed;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.RemoteJwksBuilder;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Outages of the JWKS endpoint: the last good keys keep serving up to the staleness bound, no
 * caller waits past the timeout, retries back off, and each failure reaches the listener with its
 * own clear reason.
 */
@Timeout(30)
class JwksOutageTest {
  // Generous for a loaded 2-core CI machine with a cold JIT; the hang lasts longer. Every large
  // body is a file: WireMock held a 150 KB inline body back past even 4 s once in CI.
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration WAIT_BOUND = RESPONSE_TIMEOUT.plusSeconds(1);
  private static final Duration MAX_STALENESS = Duration.ofHours(2);

  private static final Path FILES = bodyFiles();

  @RegisterExtension static final WireMockExtension server = Fixture.wireMock(FILES);

  /**
   * Large bodies as files, which WireMock streams at once (inline ones it holds back for seconds).
   */
  private static Path bodyFiles() {
    try {
      Path root = Files.createTempDirectory("verity-jwks-outage");
      Path files = Files.createDirectories(root.resolve("__files"));
      Files.write(files.resolve("twenty-megabytes.json"), new byte[20_000_000]);
      Files.writeString(files.resolve("ten-thousand-rsa-keys.json"), manyRsaKeys(10_000));
      Files.writeString(files.resolve("ten-thousand-small-entries.json"), manySmallEntries(10_000));
      Files.writeString(files.resolve("one-hundred-and-one-keys.json"), manyRsaKeys(101));
      root.toFile().deleteOnExit();
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final String tokenA = Fixture.token(Fixture.keyA(), "a");

  /** The ways an endpoint fails, each with the words its reason must contain. */
  enum Outage {
    SERVER_ERROR("HTTP 500", () -> serverError().withBody("{\"keys\":[]}")),
    CONNECTION_RESET("connection", () -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
    HANGS_PAST_TIMEOUT(
        "timeout", () -> okJson(Fixture.jwks("a", Fixture.keyA())).withFixedDelay(6_000)),
    GARBAGE(
        "not valid JSON",
        () ->
            ok().withHeader("Content-Type", "application/json")
                .withBody("garbage\u0001{{{ not a key set")),
    HTML_ERROR_PAGE(
        "content type",
        () ->
            ok().withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")),
    HUGE_BODY_WITH_LENGTH(
        "larger than the limit",
        () ->
            ok().withHeader("Content-Type", "application/json")
                .withHeader("Content-Length", "20000000")
                .withBodyFile("twenty-megabytes.json")),
    HUGE_BODY_CHUNKED(
        "larger than the limit",
        () ->
            ok().withHeader("Content-Type", "application/json")
                .withBodyFile("twenty-megabytes.json")),
    TEN_THOUSAND_RSA_KEYS(
        "larger than the limit",
        () ->
            ok().withHeader("Content-Type", "application/json")
                .withBodyFile("ten-thousand-rsa-keys.json")),
    TEN_THOUSAND_SMALL_ENTRIES(
        "more than the limit of 100", () -> jsonFile("ten-thousand-small-entries.json")),
    ONE_HUNDRED_AND_ONE_KEYS(
        "more than the limit of 100", () -> jsonFile("one-hundred-and-one-keys.json"));

    final String reason;
    final Supplier<ResponseDefinitionBuilder> response;

    Outage(String reason, Supplier<ResponseDefinitionBuilder> response) {
      this.reason = reason;
      this.response = response;
    }
  }

  private static ResponseDefinitionBuilder jsonFile(String name) {
    return ok().withHeader("Content-Type", "application/json").withBodyFile(name);
  }

  private static String manyRsaKeys(int n) {
    String one = Tokens.publicJwk(Fixture.keyA(), "KID", Map.of());
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(one.replace("\"KID\"", "\"k" + i + "\""));
    }
    return Tokens.jwks(keys.toArray(String[]::new));
  }

  private static String manySmallEntries(int n) {
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add("{\"kid\":\"" + i + "\"}");
    }
    return Tokens.jwks(keys.toArray(String[]::new));
  }

  private Harness harness() {
    return new Harness(
        server, b -> b.responseTimeout(RESPONSE_TIMEOUT).maxStaleness(MAX_STALENESS));
  }

  private static void assertReason(String reason, Outage outage) {
    assertThat(reason).contains(outage.reason);
    for (Outage other : Outage.values()) {
      if (!other.reason.equals(outage.reason)) {
        assertThat(reason).doesNotContain(other.reason);
      }
    }
    assertThat(reason).doesNotContain("<html", "garbage", "Bad Gateway", "\"kty\"");
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void outage_withCachedKeys_servesThemUntilStalenessBoundThenUnavailable(Outage outage) {
    Harness h = harness().publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(outage.response.get());

    // Past the refresh point and past expiry: the refresh fails in the background.
    h.clock.setToStartPlus(Duration.ofMinutes(11));
    List<Duration> waits = new ArrayList<>();
    waits.add(timed(() -> assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty()));
    h.awaitRequests(2);
    assertThat(h.listener.failureReasons()).hasSize(1);
    assertThat(h.listener.count("servedStale")).isGreaterThanOrEqualTo(1);

    h.clock.setToStartPlus(MAX_STALENESS.minusSeconds(1));
    waits.add(timed(() -> assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty()));
    h.awaitIdle();

    h.clock.setToStartPlus(MAX_STALENESS.plusSeconds(1));
    waits.add(
        timed(
            () ->
                assertThat(h.verifier.validate(tokenA).errorCode())
                    .contains(ErrorCode.JWKS_UNAVAILABLE)));

    assertThat(waits).allSatisfy(w -> assertThat(w).isLessThan(WAIT_BOUND));
    assertThat(h.listener.failureReasons()).allSatisfy(r -> assertReason(r, outage));
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void outage_atColdStart_unavailableWithinTimeoutAndNotHammered(Outage outage) {
    Harness h = harness().answer(outage.response.get());

    Duration firstWait =
        timed(
            () ->
                assertThat(codeOf(() -> h.verifier.verify(tokenA)))
                    .isEqualTo(ErrorCode.JWKS_UNAVAILABLE));
    h.awaitIdle();
    h.awaitLogged(1);
    int afterFirst = h.requests();
    List<Duration> laterWaits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      laterWaits.add(
          timed(
              () ->
                  assertThat(h.verifier.validate(tokenA).errorCode())
                      .contains(ErrorCode.JWKS_UNAVAILABLE)));
    }

    assertThat(firstWait).isLessThan(WAIT_BOUND);
    assertThat(laterWaits).allSatisfy(w -> assertThat(w).isLessThan(WAIT_BOUND));
    assertThat(afterFirst).isBetween(1, 2);
    assertThat(h.requests()).as("no retry before the backoff ends").isEqualTo(afterFirst);
    assertThat(h.listener.count("fetchStarted")).isEqualTo(1);
    assertThat(h.listener.failureReasons()).singleElement().satisfies(r -> assertReason(r, outage));
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void prime_failingEndpoint_returnsFalseWithinTimeout(Outage outage) {
    Harness h = harness().answer(outage.response.get());

    boolean[] primed = new boolean[1];
    Duration wait = timed(() -> primed[0] = h.source.prime());

    assertThat(primed[0]).isFalse();
    assertThat(wait).isLessThan(WAIT_BOUND);
  }

  @Test
  void outage_failingRefreshes_retriedWithBackoffDoublingToTheCap() {
    Harness h =
        new Harness(
                server,
                b ->
                    b.responseTimeout(RESPONSE_TIMEOUT)
                        .retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)))
            .publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(serverError());
    Duration firstFailure = Duration.ofMinutes(9);

    // Verify every 500 ms of fake time for 200 s, letting each background refresh settle.
    for (int step = 0; step <= 400; step++) {
      h.clock.setToStartPlus(firstFailure.plusMillis(500L * step));
      assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
      h.awaitIdle();
    }

    List<Long> retryOffsets =
        h.listener.fetchStartTimes().stream()
            .skip(1) // the prime
            .map(t -> t.minus(firstFailure).toMillis())
            .toList();
    // Delays 1, 2, 4, 8, 16, 32 s, then capped at 60 s.
    assertThat(retryOffsets)
        .containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L, 31_000L, 63_000L, 123_000L, 183_000L);
    assertThat(h.requests()).isEqualTo(1 + 9);
  }

  @Test
  void outage_coldStartFailures_retriedWithBackoff() {
    Harness h = harness().answer(serverError());

    for (int step = 0; step <= 80; step++) {
      h.clock.setToStartPlus(Duration.ofMillis(250L * step));
      assertThat(h.verifier.validate(tokenA).errorCode()).contains(ErrorCode.JWKS_UNAVAILABLE);
      h.awaitIdle();
    }

    assertThat(h.listener.fetchStartTimes())
        .containsExactly(
            Duration.ZERO,
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Duration.ofSeconds(7),
            Duration.ofSeconds(15));
    assertThat(h.requests()).isEqualTo(5);
  }

  @Test
  void outage_endpointRecovers_freshKeysServedAndBackoffReset() {
    Harness h = harness().answer(serverError());
    assertThat(h.source.prime()).isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    h.publish("a", Fixture.keyA());

    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(2);
    h.answer(serverError());
    h.clock.advance(Duration.ofMinutes(9));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(3);
    // The success reset the backoff: the next retry is 1 s after this failure, not 2 s.
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    h.awaitRequests(4);
    assertThat(h.requests()).isEqualTo(4);
  }

  @Test
  void outage_200CallersWhileEndpointHangs_noneWaitsPastTimeoutAndOneRequest() throws Exception {
    Harness h = harness().answer(Outage.HANGS_PAST_TIMEOUT.response.get());

    List<Duration> waits =
        ColdStartConcurrencyTest.runTogether(
            200,
            i -> {
              long start = System.nanoTime();
              VerificationResult result = h.verifier.validate(tokenA);
              assertThat(result.errorCode()).contains(ErrorCode.JWKS_UNAVAILABLE);
              return Duration.ofNanos(System.nanoTime() - start);
            });

    assertThat(waits).allSatisfy(w -> assertThat(w).isLessThan(WAIT_BOUND));
    h.awaitIdle();
    assertThat(h.requests()).isEqualTo(1);
  }

  @Test
  void outage_unknownKidWhileEndpointHangs_waitsAtMostTheTimeout() {
    Harness h = harness().publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(Outage.HANGS_PAST_TIMEOUT.response.get());

    Duration wait =
        timed(
            () ->
                assertThat(h.verifier.validate(Fixture.withKid(tokenA, "new")).errorCode())
                    .contains(ErrorCode.KEY_NOT_FOUND));

    assertThat(wait).isLessThan(WAIT_BOUND);
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
  }

  @Test
  void outage_randomKidFloodDuringOutage_notHammered() {
    Harness h = harness().publish("a", Fixture.keyA());
    assertThat(h.source.prime()).isTrue();
    h.answer(serverError());

    for (int i = 0; i < 2000; i++) {
      assertThat(h.verifier.validate(Fixture.withKid(tokenA, "x" + i)).errorCode())
          .contains(ErrorCode.KEY_NOT_FOUND);
      h.clock.advance(Duration.ofMillis(10));
    }
    h.awaitIdle();
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();

    // 20 s of fake time: the prime, then at most one refetch per 10 s cooldown.
    assertThat(h.requests()).isBetween(2, 3);
  }

  @Test
  void outage_reasonsOfDifferentFailures_areDistinct() {
    // Guard the fixture itself: each kind's expected words name a different failure.
    assertThat(Arrays.stream(Outage.values()).map(o -> o.reason).distinct().count()).isEqualTo(7);
  }

  @Test
  void builder_defaultsAreTheDocumentedOnes() {
    assertThat(RemoteJwksBuilder.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
    assertThat(RemoteJwksBuilder.DEFAULT_RESPONSE_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
    assertThat(RemoteJwksBuilder.DEFAULT_MAX_DOCUMENT_BYTES).isEqualTo(256 * 1024);
    assertThat(RemoteJwksBuilder.DEFAULT_MAX_KEYS).isEqualTo(100);
    assertThat(RemoteJwksBuilder.DEFAULT_TTL).isEqualTo(Duration.ofMinutes(10));
    assertThat(RemoteJwksBuilder.DEFAULT_MIN_TTL).isEqualTo(Duration.ofMinutes(1));
    assertThat(RemoteJwksBuilder.DEFAULT_MAX_TTL).isEqualTo(Duration.ofHours(24));
    assertThat(RemoteJwksBuilder.DEFAULT_REFRESH_AHEAD_FRACTION).isEqualTo(0.8);
    assertThat(RemoteJwksBuilder.DEFAULT_UNKNOWN_KID_COOLDOWN).isEqualTo(Duration.ofSeconds(10));
    assertThat(RemoteJwksBuilder.DEFAULT_NEGATIVE_CACHE_TTL).isEqualTo(Duration.ofMinutes(1));
    assertThat(RemoteJwksBuilder.DEFAULT_MAX_STALENESS).isEqualTo(Duration.ofHours(24));
    assertThat(RemoteJwksBuilder.DEFAULT_INITIAL_BACKOFF).isEqualTo(Duration.ofSeconds(1));
    assertThat(RemoteJwksBuilder.DEFAULT_MAX_BACKOFF).isEqualTo(Duration.ofSeconds(60));
  }
}
