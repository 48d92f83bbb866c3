package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static dev.verity.jwt.jwks.Fixture.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteJwksBuilder;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Seeding: a baked-in JWKS answers at once, and the first live fetch replaces it. */
@Timeout(30)
class SeedTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  @TempDir Path dir;

  private final String seedJson = Fixture.jwks("s", Fixture.keyC());
  private final String seedToken = Fixture.token(Fixture.keyC(), "s");
  private final String liveToken = Fixture.token(Fixture.keyA(), "a");

  private void assertSeedAnswersThenLiveSetReplacesIt(UnaryOperator<RemoteJwksBuilder> seeding) {
    Harness h =
        new Harness(server, seeding)
            .answer(okJson(Fixture.jwks("a", Fixture.keyA())).withFixedDelay(2_000));

    Duration wait = timed(() -> assertThat(h.verifier.validate(seedToken).errorCode()).isEmpty());

    assertThat(wait)
        .as("answered from the seed, not after the fetch")
        .isLessThan(Duration.ofMillis(1_000));
    // The live fetch starts at once, in the background, and replaces the seed.
    h.awaitRequests(1);
    assertThat(h.source.keys().keyIds()).containsExactly("a");
    assertThat(h.verifier.validate(liveToken).errorCode()).isEmpty();
    assertThat(codeOf(() -> h.verifier.verify(seedToken))).isEqualTo(ErrorCode.KEY_NOT_FOUND);
  }

  @Test
  void seed_jwkSet_answersFirstVerificationThenReplacedByLiveSet() {
    assertSeedAnswersThenLiveSetReplacesIt(b -> b.seed(JwkSet.parseRemote(seedJson)));
  }

  @Test
  void seedFile_answersFirstVerificationThenReplacedByLiveSet() throws IOException {
    Path file = Files.writeString(dir.resolve("seed.json"), seedJson);

    assertSeedAnswersThenLiveSetReplacesIt(b -> b.seedFile(file));
  }

  @Test
  void seedResource_answersFirstVerificationThenReplacedByLiveSet() throws IOException {
    Files.createDirectories(dir.resolve("jwks"));
    Files.writeString(dir.resolve("jwks/seed.json"), seedJson);
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      thread.setContextClassLoader(loader);
      assertSeedAnswersThenLiveSetReplacesIt(b -> b.seedResource("jwks/seed.json"));
      // The resource is found through the context class loader, not the library's own.
      thread.setContextClassLoader(new URLClassLoader(new URL[0], null));
      assertThatThrownBy(
              () ->
                  KeySources.remoteJwksBuilder(Fixture.jwksUri(server))
                      .seedResource("jwks/seed.json"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no class-path resource");
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @Test
  void seedResource_missing_refusedAtConfiguration() {
    assertThatThrownBy(
            () ->
                KeySources.remoteJwksBuilder(Fixture.jwksUri(server))
                    .seedResource("no/such/seed.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no/such/seed.json");
  }

  @Test
  void seed_symmetricKey_notUsable() {
    JwkSet seed =
        JwkSet.parseRemote(
            "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI\"}]}");

    assertThat(seed.usableSize()).isZero();
  }

  @Test
  void seed_endpointDown_seedServesUpToMaxStalenessThenUnavailable() {
    Harness h =
        new Harness(
                server, b -> b.seed(JwkSet.parseRemote(seedJson)).maxStaleness(Duration.ofHours(1)))
            .answer(serverError());

    assertThat(h.verifier.validate(seedToken).errorCode()).isEmpty();
    h.awaitRequests(1);
    h.clock.setToStartPlus(Duration.ofMinutes(59));
    assertThat(h.verifier.validate(seedToken).errorCode()).isEmpty();
    h.awaitIdle();
    h.clock.setToStartPlus(Duration.ofMinutes(61));

    assertThat(codeOf(() -> h.verifier.verify(seedToken))).isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
  }

  @Test
  void seed_endpointDown_notHammeredWhileSeedServes() {
    Harness h =
        new Harness(server, b -> b.seed(JwkSet.parseRemote(seedJson))).answer(serverError());

    for (int i = 0; i < 40; i++) {
      assertThat(h.verifier.validate(seedToken).errorCode()).isEmpty();
      h.awaitIdle();
      h.clock.advance(Duration.ofMillis(250));
    }

    // 10 s of fake time: retries at 0, 1, 3 and 7 s.
    assertThat(h.requests()).isEqualTo(4);
  }
}
