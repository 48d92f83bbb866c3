package dev.verity.jwt.internal.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.temporaryRedirect;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fetcher's parsing of headers, and its limits against a real HTTP server. */
@Timeout(30)
class HttpDocumentFetcherTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(
              WireMockConfiguration.wireMockConfig()
                  .dynamicPort()
                  .dynamicHttpsPort()
                  .bindAddress("127.0.0.1"))
          .build();

  private static HttpHeaders cacheControl(String... values) {
    return HttpHeaders.of(Map.of("Cache-Control", List.of(values)), (name, value) -> true);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "max-age=60|60",
        "public, max-age=3600|3600",
        "public,max-age=3600,must-revalidate|3600",
        "max-age=\"120\"|120",
        "MAX-AGE=90|90",
        "max-age = 30|30",
        "private, max-age=0|0",
        "no-store|0",
        "no-cache|0",
        "max-age=600, no-store|0",
      })
  void maxAge_cacheControlValues_parsed(String header, long seconds) {
    assertThat(HttpDocumentFetcher.maxAge(cacheControl(header)))
        .contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "s-maxage=100", "max-age=", "max-age=abc", "max-age=-5", ""})
  void maxAge_noUsableMaxAge_empty(String header) {
    assertThat(HttpDocumentFetcher.maxAge(cacheControl(header))).isEmpty();
  }

  @Test
  void maxAge_noHeader_empty() {
    assertThat(HttpDocumentFetcher.maxAge(HttpHeaders.of(Map.of(), (n, v) -> true))).isEmpty();
  }

  @Test
  void headersOf_namesDifferingInCaseAndTheStatusLine_mergedAndDropped() {
    Map<String, List<String>> fields = new java.util.HashMap<>();
    fields.put(null, List.of("HTTP/1.1 200 OK"));
    fields.put("cache-control", List.of("no-transform"));
    fields.put("Cache-Control", List.of("max-age=120"));
    fields.put("Content-Type", List.of("application/json"));

    HttpHeaders headers = UrlConnectionExchange.headersOf(fields);

    assertThat(headers.allValues("CACHE-CONTROL"))
        .containsExactlyInAnyOrder("no-transform", "max-age=120");
    assertThat(HttpDocumentFetcher.maxAge(headers)).contains(Duration.ofSeconds(120));
    assertThat(headers.map()).hasSize(2);
  }

  @Test
  void maxAge_sMaxAgeBeforeMaxAge_takesMaxAge() {
    assertThat(HttpDocumentFetcher.maxAge(cacheControl("s-maxage=10, max-age=300")))
        .contains(Duration.ofSeconds(300));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "Application/JSON",
        "application/jwk-set+json",
        "application/jwk-set+json; charset=utf-8"
      })
  void isJson_jsonTypes_accepted(String type) {
    assertThat(HttpDocumentFetcher.isJson(type)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/html",
        "text/html; charset=utf-8",
        "text/plain",
        "application/octet-stream",
        "application/jsonp",
        "application/x-www-form-urlencoded",
        "application/javascript"
      })
  void isJson_otherTypes_refused(String type) {
    assertThat(HttpDocumentFetcher.isJson(type)).isFalse();
  }

  /** The two ways Verity fetches: its default, and a caller's own {@code HttpClient}. */
  enum Transport {
    URL_CONNECTION,
    HTTP_CLIENT
  }

  private static HttpDocumentFetcher fetcher(
      Transport transport, int maxBytes, Consumer<HttpRequest.Builder> customizer) {
    return fetcher(transport, Duration.ofSeconds(10), maxBytes, customizer);
  }

  // No test here but the deadline ones is about time; the slack keeps a loaded CI machine from
  // turning a size refusal into a timeout (WireMock can hold a 100 KB inline body back for
  // seconds).
  private static HttpDocumentFetcher fetcher(
      Transport transport,
      Duration responseTimeout,
      int maxBytes,
      Consumer<HttpRequest.Builder> customizer) {
    Duration connectTimeout = Duration.ofSeconds(5);
    HttpClient client =
        transport == Transport.URL_CONNECTION
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    return new HttpDocumentFetcher(client, connectTimeout, responseTimeout, maxBytes, customizer);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  private static String failure(HttpDocumentFetcher fetcher, String path) {
    return failure(fetcher, uri(path));
  }

  private static String failure(HttpDocumentFetcher fetcher, URI uri) {
    Throwable thrown = catchThrowable(() -> fetcher.fetch(uri).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).isInstanceOf(HttpDocumentFetcher.FetchException.class);
    return thrown.getCause().getMessage();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_requestCustomizer_headerReachesServer(Transport transport) {
    server.stubFor(get("/doc").willReturn(okJson("{}")));

    fetcher(transport, 1024, b -> b.header("X-Api-Key", "k-123")).fetch(uri("/doc")).join();

    server.verify(
        getRequestedFor(urlEqualTo("/doc"))
            .withHeader("X-Api-Key", equalTo("k-123"))
            .withHeader("Accept", equalTo(HttpDocumentFetcher.ACCEPT)));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_customizerChangesUriOrTimeout_onlyItsHeadersTaken(Transport transport) {
    server.stubFor(get("/doc").willReturn(okJson("{}")));
    server.stubFor(get("/elsewhere").willReturn(okJson("{\"other\":1}")));

    HttpDocumentFetcher.Document document =
        fetcher(
                transport,
                1024,
                b -> b.uri(uri("/elsewhere")).timeout(Duration.ofDays(1)).header("X-A", "1"))
            .fetch(uri("/doc"))
            .join();

    assertThat(document.body()).isEqualTo("{}");
    server.verify(getRequestedFor(urlEqualTo("/doc")).withHeader("X-A", equalTo("1")));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_jsonDocument_bodyAndMaxAge(Transport transport) {
    server.stubFor(
        get("/doc").willReturn(okJson("{\"keys\":[]}").withHeader("Cache-Control", "max-age=300")));

    HttpDocumentFetcher.Document document =
        fetcher(transport, 1024, null).fetch(uri("/doc")).join();

    assertThat(document.body()).isEqualTo("{\"keys\":[]}");
    assertThat(document.maxAge()).isEqualTo(Optional.of(Duration.ofSeconds(300)));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_bodyExactlyAtTheCap_accepted(Transport transport) {
    String body = "{\"k\":\"" + "x".repeat(1024 - 8) + "\"}";
    server.stubFor(get("/doc").willReturn(okJson(body)));

    assertThat(fetcher(transport, 1024, null).fetch(uri("/doc")).join().body()).hasSize(1024);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_bodyOneByteOverTheCap_refused(Transport transport) {
    String body = "{\"k\":\"" + "x".repeat(1024 - 7) + "\"}";
    server.stubFor(get("/doc").willReturn(okJson(body)));

    assertThat(failure(fetcher(transport, 1024, null), "/doc")).contains("larger than the limit");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_declaredLengthOverTheCap_refusedWithSizeReason(Transport transport) {
    server.stubFor(
        get("/doc")
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withHeader("Content-Length", "100000")
                    .withBody(new byte[100_000])));

    assertThat(failure(fetcher(transport, 1024, null), "/doc"))
        .isEqualTo("the response is larger than the limit");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_chunkedBodyOverTheCap_refusedWithSizeReason(Transport transport) {
    server.stubFor(
        get("/doc")
            .willReturn(
                ok().withHeader("Content-Type", "application/json").withBody(new byte[100_000])));

    assertThat(failure(fetcher(transport, 1024, null), "/doc"))
        .isEqualTo("the response is larger than the limit");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_bodyDribbledPastTheDeadline_timeoutWithinIt(Transport transport) {
    // Every chunk arrives well within any per-read timeout; only a deadline for the whole response
    // stops a server that dribbles (slowloris in reverse).
    server.stubFor(
        get("/doc")
            .willReturn(
                okJson("{\"k\":\"" + "x".repeat(200) + "\"}").withChunkedDribbleDelay(40, 8_000)));
    HttpDocumentFetcher fetcher = fetcher(transport, Duration.ofSeconds(2), 1024, null);

    long start = System.nanoTime();
    String reason = failure(fetcher, "/doc");
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(reason).isEqualTo("the server did not answer within the timeout");
    assertThat(waited).isLessThan(Duration.ofSeconds(4));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_redirect_refusedNotFollowed(Transport transport) {
    server.stubFor(get("/doc").willReturn(temporaryRedirect(uri("/other").toString())));
    server.stubFor(get("/other").willReturn(okJson("{}")));

    assertThat(failure(fetcher(transport, 1024, null), "/doc"))
        .isEqualTo("the server answered with a redirect (HTTP 302)");
    server.verify(0, getRequestedFor(urlEqualTo("/other")));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_unauthorizedWithAGlobalAuthenticator_noCredentialsSent(Transport transport) {
    server.stubFor(
        get("/doc")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Basic realm=\"jwks\"")));
    Authenticator.setDefault(
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication("app-user", "app-secret".toCharArray());
          }
        });
    try {
      assertThat(failure(fetcher(transport, 1024, null), "/doc"))
          .isEqualTo("the server answered HTTP 401");
    } finally {
      Authenticator.setDefault(null);
    }
    server.verify(1, getRequestedFor(urlEqualTo("/doc")));
    server.verify(
        0, getRequestedFor(urlEqualTo("/doc")).withHeader("Authorization", matching(".*")));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_notFound_reasonNamesStatus(Transport transport) {
    server.stubFor(get("/doc").willReturn(notFound().withBody("secret-ish body")));

    String reason = failure(fetcher(transport, 1024, null), "/doc");

    assertThat(reason).contains("HTTP 404").doesNotContain("secret-ish");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_invalidUtf8_refused(Transport transport) {
    server.stubFor(
        get("/doc")
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withBody(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})));

    assertThat(failure(fetcher(transport, 1024, null), "/doc")).contains("UTF-8");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_htmlContentType_refused(Transport transport) {
    server.stubFor(
        get("/doc").willReturn(ok("<html>login</html>").withHeader("Content-Type", "text/html")));

    assertThat(failure(fetcher(transport, 1024, null), "/doc"))
        .contains("not JSON")
        .doesNotContain("login");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_connectionRefused_reasonSaysSo(Transport transport) {
    assertThat(failure(fetcher(transport, 1024, null), URI.create("http://127.0.0.1:9/doc")))
        .contains("refused");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_httpsWithUntrustedCertificate_refused(Transport transport) {
    server.stubFor(get("/doc").willReturn(okJson("{}")));
    URI https = URI.create("https://127.0.0.1:" + server.getHttpsPort() + "/doc");

    assertThat(failure(fetcher(transport, 1024, null), https)).startsWith("the connection failed");
    server.verify(0, getRequestedFor(urlEqualTo("/doc")));
  }

  @Test
  void checkUrl_ipv6LoopbackAndLocalhost_allowedOverHttpWhenOptedIn() {
    HttpDocumentFetcher.checkUrl(URI.create("http://[::1]:8080/x"), true);
    HttpDocumentFetcher.checkUrl(URI.create("http://LOCALHOST/x"), true);

    assertThat(HttpDocumentFetcher.isLoopback("127.0.0.1")).isTrue();
    assertThat(HttpDocumentFetcher.isLoopback("example.com")).isFalse();
    assertThat(HttpDocumentFetcher.isLoopback("10.0.0.1")).isFalse();
  }
}
