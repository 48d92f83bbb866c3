package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.temporaryRedirect;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.KeySources;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which URLs a remote source may fetch, and that it never follows redirects. */
@Timeout(30)
class RemoteJwksUrlRulesTest {
  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/jwks.json",
        "http://10.0.0.1/jwks.json",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost.evil.example/jwks.json",
        "http://127.0.0.1.nip.io/jwks.json",
      })
  void build_plainHttpToNonLoopbackHost_refusedEvenWhenHttpAllowed(String url) {
    assertThatThrownBy(
            () -> KeySources.remoteJwksBuilder(URI.create(url)).allowHttpToLoopback().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/jwks.json", "http://localhost/jwks.json"})
  void build_plainHttpToLoopbackWithoutOptIn_refused(String url) {
    assertThatThrownBy(() -> KeySources.remoteJwks(URI.create(url)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/jwks.json",
        "http://localhost/jwks.json",
        "http://[::1]:8080/jwks.json",
        "http://127.1.2.3/jwks.json"
      })
  void build_plainHttpToLoopbackWithOptIn_accepted(String url) {
    assertThatCode(
            () -> KeySources.remoteJwksBuilder(URI.create(url)).allowHttpToLoopback().build())
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "ftp://example.com/jwks.json",
        "jar:file:/tmp/x.jar!/jwks.json",
        "gopher://example.com/",
        "/relative/jwks.json",
        "https:///no-host",
        "https://user:secret@example.com/jwks.json"
      })
  void build_otherSchemesOrMalformedUrls_refused(String url) {
    assertThatThrownBy(
            () -> KeySources.remoteJwksBuilder(URI.create(url)).allowHttpToLoopback().build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_https_acceptedWithoutNetwork() {
    assertThat(KeySources.remoteJwks(URI.create("https://example.com/jwks.json")).uri())
        .isEqualTo(URI.create("https://example.com/jwks.json"));
  }

  @Test
  void fetch_redirectToAnotherPath_notFollowedAndReasonNamesTheRedirect() {
    Harness h = new Harness(server);
    server.stubFor(
        get(Fixture.JWKS_PATH)
            .willReturn(
                WireMock.aResponse()
                    .withStatus(302)
                    .withHeader("Location", Fixture.base(server) + "/elsewhere.json")));
    server.stubFor(get("/elsewhere.json").willReturn(okJson(Fixture.jwks("a", Fixture.keyA()))));

    assertThat(codeOf(() -> h.verifier.verify(Fixture.token(Fixture.keyA(), "a"))))
        .isEqualTo(ErrorCode.JWKS_UNAVAILABLE);

    assertThat(
            server
                .countRequestsMatching(getRequestedFor(urlEqualTo("/elsewhere.json")).build())
                .getCount())
        .isZero();
    assertThat(h.listener.failureReasons()).singleElement().asString().contains("redirect", "302");
  }

  @Test
  void fetch_redirectToAnotherHost_notFollowed() {
    Harness h = new Harness(server);
    // 127.0.0.2 is loopback too but another host: the same server must see no second request.
    server.stubFor(
        get(Fixture.JWKS_PATH)
            .willReturn(
                temporaryRedirect("http://127.0.0.2:" + server.getPort() + "/elsewhere.json")));
    server.stubFor(get("/elsewhere.json").willReturn(okJson(Fixture.jwks("a", Fixture.keyA()))));

    assertThat(h.source.prime()).isFalse();

    assertThat(
            server
                .countRequestsMatching(getRequestedFor(urlEqualTo("/elsewhere.json")).build())
                .getCount())
        .isZero();
    assertThat(h.listener.failureReasons()).singleElement().asString().contains("redirect", "302");
  }
}
