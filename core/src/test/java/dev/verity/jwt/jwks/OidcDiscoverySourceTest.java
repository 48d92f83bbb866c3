package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OIDC discovery: the document's issuer must match; its jwks_uri must exist and be acceptable. */
@Timeout(30)
class OidcDiscoverySourceTest {
  private static final String CONFIG_PATH = "/tenant/.well-known/openid-configuration";
  private static final String JWKS_PATH = "/tenant/keys";

  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final MutableClock clock = new MutableClock();
  private final RecordingListener listener = new RecordingListener(clock);
  private String issuer;

  @BeforeEach
  void setUp() {
    Fixture.warmUp(server);
    issuer = Fixture.base(server) + "/tenant";
    server.stubFor(get(JWKS_PATH).willReturn(okJson(Fixture.jwks("a", Fixture.keyA()))));
  }

  private void discoveryDocument(String json) {
    server.stubFor(get(CONFIG_PATH).willReturn(okJson(json)));
  }

  private RemoteKeySource source() {
    return KeySources.oidcDiscoveryBuilder(issuer)
        .allowHttpToLoopback()
        .responseTimeout(Duration.ofSeconds(1))
        .clock(clock)
        .listener(listener)
        .build();
  }

  private JwtVerifier verifier(RemoteKeySource source) {
    return JwtVerifier.builder()
        .issuer(issuer)
        .audience(Fixture.AUDIENCE)
        .keys(source)
        .clock(clock)
        .build();
  }

  private String token() {
    return Fixture.claims("a").claim("iss", issuer).sign("RS256", Fixture.keyA().getPrivate());
  }

  private int requests(String path) {
    return server.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
  }

  @Test
  void discovery_goodDocument_keysFetchedFromItsJwksUriAndTokensVerify() {
    discoveryDocument(
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + Fixture.base(server)
            + JWKS_PATH
            + "\"}");
    RemoteKeySource source = source();
    assertThat(source.uri()).isNull();
    JwtVerifier verifier = verifier(source);

    assertThat(verifier.validate(token()).errorCode()).isEmpty();
    assertThat(verifier.validate(token()).errorCode()).isEmpty();

    assertThat(source.uri()).isEqualTo(URI.create(Fixture.base(server) + JWKS_PATH));
    assertThat(requests(CONFIG_PATH)).isEqualTo(1);
    assertThat(requests(JWKS_PATH)).isEqualTo(1);
  }

  @Test
  void discovery_issuerWithTrailingSlash_sameWellKnownUrl() {
    issuer = issuer + "/";
    discoveryDocument(
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + Fixture.base(server)
            + JWKS_PATH
            + "\"}");

    assertThat(source().prime()).isTrue();
    assertThat(requests(CONFIG_PATH)).isEqualTo(1);
  }

  @Test
  void discovery_mismatchedIssuer_primeThrowsAndVerifyIsUnavailable() {
    discoveryDocument(
        "{\"issuer\":\"https://evil.example.com/tenant\",\"jwks_uri\":\""
            + Fixture.base(server)
            + JWKS_PATH
            + "\"}");
    RemoteKeySource source = source();

    assertThatThrownBy(source::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("issuer differs");
    assertThat(codeOf(() -> verifier(source).verify(token())))
        .isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
    assertThat(requests(JWKS_PATH)).isZero();
    assertThat(listener.failureReasons()).first().asString().contains("issuer");
  }

  @Test
  void discovery_noJwksUri_primeThrowsConfigurationError() {
    discoveryDocument("{\"issuer\":\"" + issuer + "\"}");
    RemoteKeySource source = source();

    assertThatThrownBy(source::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no jwks_uri");
    assertThat(codeOf(() -> verifier(source).verify(token())))
        .isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
  }

  @Test
  void discovery_configurationError_notRetried() {
    discoveryDocument("{\"issuer\":\"" + issuer + "\"}");
    RemoteKeySource source = source();
    JwtVerifier verifier = verifier(source);

    for (int i = 0; i < 10; i++) {
      verifier.validate(token());
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(requests(CONFIG_PATH)).isEqualTo(1);
  }

  @Test
  void discovery_jwksUriOverPlainHttpToAnotherHost_refused() {
    discoveryDocument(
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"http://keys.example.com/jwks\"}");

    assertThatThrownBy(source()::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jwks_uri");
  }

  @Test
  void discovery_documentNotAnObject_primeFalseNotConfigurationError() {
    discoveryDocument("[1,2,3]");

    // A broken document may be fixed by the provider: not a configuration error, so no throw.
    assertThat(source().prime()).isFalse();
  }

  @Test
  void discovery_endpointDown_retriedWithBackoffThenSucceeds() {
    server.stubFor(get(CONFIG_PATH).willReturn(serverError()));
    RemoteKeySource source = source();
    JwtVerifier verifier = verifier(source);

    assertThat(source.prime()).isFalse();
    assertThat(codeOf(() -> verifier.verify(token()))).isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
    assertThat(requests(CONFIG_PATH)).as("no retry within the backoff").isEqualTo(1);
    discoveryDocument(
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + Fixture.base(server)
            + JWKS_PATH
            + "\"}");
    clock.advance(Duration.ofSeconds(1));

    assertThat(verifier.validate(token()).errorCode()).isEmpty();
    assertThat(requests(CONFIG_PATH)).isEqualTo(2);
    assertThat(listener.failureReasons()).first().asString().contains("OIDC discovery", "HTTP 500");
  }

  @Test
  void discovery_plainHttpIssuerWithoutAllowHttp_refusedAtBuild() {
    assertThatThrownBy(() -> KeySources.oidcDiscovery(issuer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http");
  }

  @Test
  void discovery_seed_refusedAtBuild() {
    assertThatThrownBy(
            () ->
                KeySources.oidcDiscoveryBuilder("https://issuer.example.com")
                    .seed(dev.verity.jwt.JwkSet.parseRemote(Fixture.jwks("a", Fixture.keyA())))
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }
}
