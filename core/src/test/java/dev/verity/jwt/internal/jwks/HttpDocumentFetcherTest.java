package dev.verity.jwt.internal.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.net.http.HttpHeaders;
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
import org.junit.jupiter.params.provider.ValueSource;

/** The fetcher's parsing of headers, and its limits against a real HTTP server. */
@Timeout(30)
class HttpDocumentFetcherTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
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

  private static HttpDocumentFetcher fetcher(
      int maxBytes, Consumer<java.net.http.HttpRequest.Builder> customizer) {
    // No test here is about time; the slack keeps a loaded CI machine from turning a size refusal
    // into a timeout (WireMock can hold a 100 KB inline body back for seconds).
    return new HttpDocumentFetcher(
        HttpDocumentFetcher.defaultClient(Duration.ofSeconds(5)),
        Duration.ofSeconds(10),
        maxBytes,
        customizer);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  private static String failure(HttpDocumentFetcher fetcher, String path) {
    Throwable thrown = catchThrowable(() -> fetcher.fetch(uri(path)).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).isInstanceOf(HttpDocumentFetcher.FetchException.class);
    return thrown.getCause().getMessage();
  }

  @Test
  void fetch_requestCustomizer_headerReachesServer() {
    server.stubFor(get("/doc").willReturn(okJson("{}")));

    fetcher(1024, b -> b.header("X-Api-Key", "k-123")).fetch(uri("/doc")).join();

    server.verify(
        getRequestedFor(urlEqualTo("/doc"))
            .withHeader("X-Api-Key", equalTo("k-123"))
            .withHeader("Accept", equalTo("application/jwk-set+json, application/json")));
  }

  @Test
  void fetch_jsonDocument_bodyAndMaxAge() {
    server.stubFor(
        get("/doc").willReturn(okJson("{\"keys\":[]}").withHeader("Cache-Control", "max-age=300")));

    HttpDocumentFetcher.Document document = fetcher(1024, b -> {}).fetch(uri("/doc")).join();

    assertThat(document.body()).isEqualTo("{\"keys\":[]}");
    assertThat(document.maxAge()).isEqualTo(Optional.of(Duration.ofSeconds(300)));
  }

  @Test
  void fetch_bodyExactlyAtTheCap_accepted() {
    String body = "{\"k\":\"" + "x".repeat(1024 - 8) + "\"}";
    server.stubFor(get("/doc").willReturn(okJson(body)));

    assertThat(fetcher(1024, b -> {}).fetch(uri("/doc")).join().body()).hasSize(1024);
  }

  @Test
  void fetch_bodyOneByteOverTheCap_refused() {
    String body = "{\"k\":\"" + "x".repeat(1024 - 7) + "\"}";
    server.stubFor(get("/doc").willReturn(okJson(body)));

    assertThat(failure(fetcher(1024, b -> {}), "/doc")).contains("larger than the limit");
  }

  @Test
  void fetch_declaredLengthOverTheCap_refusedWithSizeReason() {
    server.stubFor(
        get("/doc")
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withHeader("Content-Length", "100000")
                    .withBody(new byte[100_000])));

    assertThat(failure(fetcher(1024, b -> {}), "/doc"))
        .isEqualTo("the response is larger than the limit");
  }

  @Test
  void fetch_chunkedBodyOverTheCap_refusedWithSizeReason() {
    server.stubFor(
        get("/doc")
            .willReturn(
                ok().withHeader("Content-Type", "application/json").withBody(new byte[100_000])));

    assertThat(failure(fetcher(1024, b -> {}), "/doc"))
        .isEqualTo("the response is larger than the limit");
  }

  @Test
  void fetch_notFound_reasonNamesStatus() {
    server.stubFor(get("/doc").willReturn(notFound().withBody("secret-ish body")));

    String reason = failure(fetcher(1024, b -> {}), "/doc");

    assertThat(reason).contains("HTTP 404").doesNotContain("secret-ish");
  }

  @Test
  void fetch_invalidUtf8_refused() {
    server.stubFor(
        get("/doc")
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withBody(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})));

    assertThat(failure(fetcher(1024, b -> {}), "/doc")).contains("UTF-8");
  }

  @Test
  void fetch_htmlContentType_refused() {
    server.stubFor(
        get("/doc").willReturn(ok("<html>login</html>").withHeader("Content-Type", "text/html")));

    assertThat(failure(fetcher(1024, b -> {}), "/doc"))
        .contains("not JSON")
        .doesNotContain("login");
  }

  @Test
  void fetch_connectionRefused_reasonSaysSo() {
    HttpDocumentFetcher fetcher = fetcher(1024, b -> {});
    Throwable thrown =
        catchThrowable(() -> fetcher.fetch(URI.create("http://127.0.0.1:9/doc")).join());

    assertThat(thrown.getCause()).hasMessageContaining("refused");
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
