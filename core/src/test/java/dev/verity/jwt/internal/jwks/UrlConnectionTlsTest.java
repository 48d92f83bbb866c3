package dev.verity.jwt.internal.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default transport over real TLS: certificates made by {@code keytool} for this run, one
 * naming 127.0.0.1 and one naming another host. Trust and host name come only from the JVM's
 * default {@code SSLContext} and the JDK's own check, never from lax defaults an application set on
 * {@code HttpsURLConnection}.
 */
@Timeout(60)
class UrlConnectionTlsTest {
  private static final String PASSWORD = "changeit";
  private static final Path DIR = tempDir();
  private static final Path RIGHT_HOST = keyStore("right", "ip:127.0.0.1");
  private static final Path WRONG_HOST = keyStore("wrong", "dns:other.example");

  @RegisterExtension static final WireMockExtension right = server(RIGHT_HOST);
  @RegisterExtension static final WireMockExtension wrong = server(WRONG_HOST);

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("verity-tls");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A self-signed certificate with the given subject alternative name, made by keytool. */
  private static Path keyStore(String name, String san) {
    Path store = DIR.resolve(name + ".p12");
    Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
    try {
      Process process =
          new ProcessBuilder(
                  keytool.toString(),
                  "-genkeypair",
                  "-alias",
                  "server",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-dname",
                  "CN=" + name,
                  "-ext",
                  "SAN=" + san,
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  PASSWORD)
              .redirectErrorStream(true)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + new String(output));
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static WireMockExtension server(Path keyStore) {
    return WireMockExtension.newInstance()
        .options(
            WireMockConfiguration.wireMockConfig()
                .dynamicPort()
                .dynamicHttpsPort()
                .bindAddress("127.0.0.1")
                .keystorePath(keyStore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD))
        .build();
  }

  /** A context that trusts exactly the two certificates made above. */
  private static SSLContext trustingBoth() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (Path store : new Path[] {RIGHT_HOST, WRONG_HOST}) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD.toCharArray());
      }
      trust.setCertificateEntry(
          store.getFileName().toString(), (X509Certificate) keys.getCertificate("server"));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static HttpDocumentFetcher fetcher() {
    return new HttpDocumentFetcher(null, Duration.ofSeconds(5), Duration.ofSeconds(10), 1024, null);
  }

  private static URI uri(WireMockExtension server) {
    return URI.create("https://127.0.0.1:" + server.getHttpsPort() + "/doc");
  }

  private static String failure(WireMockExtension server) {
    Throwable thrown = catchThrowable(() -> fetcher().fetch(uri(server)).join());
    assertThat(thrown).hasCauseInstanceOf(HttpDocumentFetcher.FetchException.class);
    return thrown.getCause().getMessage();
  }

  @Test
  void fetch_certificateTrustedByTheDefaultContext_fetches() throws Exception {
    right.stubFor(get("/doc").willReturn(okJson("{\"keys\":[]}")));
    SSLContext saved = SSLContext.getDefault();
    try {
      SSLContext.setDefault(trustingBoth());

      assertThat(fetcher().fetch(uri(right)).join().body()).isEqualTo("{\"keys\":[]}");
    } finally {
      SSLContext.setDefault(saved);
    }
  }

  @Test
  void fetch_trustAllFactorySetGloballyOnHttpsUrlConnection_notInherited() throws Exception {
    right.stubFor(get("/doc").willReturn(okJson("{}")));
    SSLSocketFactory saved = HttpsURLConnection.getDefaultSSLSocketFactory();
    try {
      // The certificate names the right host, so only the trust decision can refuse it.
      HttpsURLConnection.setDefaultSSLSocketFactory(trustingBoth().getSocketFactory());

      assertThat(failure(right)).startsWith("the connection failed");
    } finally {
      HttpsURLConnection.setDefaultSSLSocketFactory(saved);
    }
    right.verify(0, getRequestedFor(urlEqualTo("/doc")));
  }

  @Test
  void fetch_certificateForAnotherHost_refusedEvenWithALaxGlobalVerifier() throws Exception {
    wrong.stubFor(get("/doc").willReturn(okJson("{}")));
    SSLContext savedContext = SSLContext.getDefault();
    var savedVerifier = HttpsURLConnection.getDefaultHostnameVerifier();
    try {
      // Trusted, so only the host name check can refuse it.
      SSLContext.setDefault(trustingBoth());
      HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);

      assertThat(failure(wrong)).startsWith("the connection failed");
    } finally {
      SSLContext.setDefault(savedContext);
      HttpsURLConnection.setDefaultHostnameVerifier(savedVerifier);
    }
    wrong.verify(0, getRequestedFor(urlEqualTo("/doc")));
  }
}
