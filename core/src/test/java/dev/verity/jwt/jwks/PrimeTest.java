package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static dev.verity.jwt.jwks.Fixture.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testsupport.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code prime()}: fetch at start-up so the first verification pays nothing. */
@Timeout(30)
class PrimeTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final String tokenA = Fixture.token(Fixture.keyA(), "a");

  @Test
  void prime_workingEndpoint_trueWithOneRequestAndFirstVerifyNeedsNoOther() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());

    assertThat(h.source.prime()).isTrue();
    assertThat(h.requests()).isEqualTo(1);
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(1);
    assertThat(h.listener.events("keyLookup")).extracting(e -> e.detail()).containsOnly(true);
  }

  @Test
  void prime_failingEndpoint_false() {
    Harness h = new Harness(server).answer(serverError());

    assertThat(h.source.prime()).isFalse();
    assertThat(h.requests()).isEqualTo(1);
  }

  @Test
  void prime_hangingEndpoint_falseWithinTheTimeout() {
    Duration timeout = Duration.ofMillis(500);
    Harness h =
        new Harness(server, b -> b.responseTimeout(timeout))
            .answer(okJson(Fixture.jwks("a", Fixture.keyA())).withFixedDelay(3_000));

    boolean[] primed = {true};
    Duration wait = timed(() -> primed[0] = h.source.prime());

    assertThat(primed[0]).isFalse();
    assertThat(wait).isLessThan(timeout.plusSeconds(1));
  }

  @Test
  void prime_slowButInTimeEndpoint_true() {
    Harness h =
        new Harness(server, b -> b.responseTimeout(Duration.ofSeconds(2)))
            .answer(okJson(Fixture.jwks("a", Fixture.keyA())).withFixedDelay(300));

    assertThat(h.source.prime()).isTrue();
  }

  @Test
  void prime_setWithNoUsableKey_false() {
    // prime() promises true only "when usable keys are now cached": a set holding only an HMAC
    // key (never usable from a remote source) leaves nothing to verify with.
    Harness h =
        new Harness(server)
            .answer(
                okJson(
                    "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\","
                        + "\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI\"}]}"));

    assertThat(h.source.prime()).isFalse();
    assertThat(h.requests()).isEqualTo(1);
  }

  @Test
  void verifierPrime_primesItsRemoteSource() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());

    assertThat(h.verifier.prime()).isTrue();
    assertThat(h.requests()).isEqualTo(1);
    assertThat(h.verifier.validate(tokenA).errorCode()).isEmpty();
    assertThat(h.requests()).isEqualTo(1);
  }

  @Test
  void multiIssuerPrime_primesEveryRoutedVerifierAndSaysWhetherAllHaveKeys() {
    Harness h = new Harness(server).answer(serverError());
    JwtVerifier local =
        JwtVerifier.builder()
            .issuer("https://other.example.com")
            .audience(Fixture.AUDIENCE)
            .keys(KeySources.jwks(Fixture.jwks("b", Fixture.keyB())))
            .build();
    JwtVerifier router = JwtVerifier.multiIssuer().route(local).route(h.verifier).build();

    assertThat(router.prime()).isFalse(); // the remote source failed; the local one needs nothing
    assertThat(h.requests()).isEqualTo(1);
    assertThat(local.prime()).isTrue();
  }

  @Test
  void verifierPrime_fetchedSetWithNoKeyForTheAllowedAlgorithms_refused() {
    Harness h =
        new Harness(server)
            .answer(
                okJson(
                    Tokens.jwks(
                        Tokens.publicJwk(Tokens.ec("secp256r1"), "e", java.util.Map.of()))));

    assertThatThrownBy(h.verifier::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no key usable with the allowed algorithms (RS256): 1 key, 1 usable at all");
    assertThat(h.requests()).isEqualTo(1);
  }

  @Test
  void verifierPrime_remoteSourceWithOnlyHmacAlgorithms_refusedWithoutFetching() {
    Harness h = new Harness(server).publish("a", Fixture.keyA());
    JwtVerifier hmacOnly =
        JwtVerifier.builder()
            .issuer(Fixture.ISSUER)
            .audience(Fixture.AUDIENCE)
            .algorithms(java.util.EnumSet.of(Algorithm.HS256))
            .keys(h.source)
            .build();

    assertThatThrownBy(hmacOnly::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a remote JWK Set never provides keys for");
    assertThat(h.requests()).isZero();
  }
}
