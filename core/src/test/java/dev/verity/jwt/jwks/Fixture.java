package dev.verity.jwt.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.testsupport.MutableClock;
import dev.verity.jwt.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Shared keys, tokens and verifiers for the remote JWKS tests. */
final class Fixture {
  static final String ISSUER = "https://issuer.example.com";
  static final String AUDIENCE = "orders-api";
  static final String JWKS_PATH = "/jwks.json";

  private Fixture() {}

  /** Three RSA key pairs, generated once per test JVM. */
  private static final class Keys {
    static final KeyPair A = Tokens.rsa(2048);
    static final KeyPair B = Tokens.rsa(2048);
    static final KeyPair C = Tokens.rsa(2048);
  }

  static KeyPair keyA() {
    return Keys.A;
  }

  static KeyPair keyB() {
    return Keys.B;
  }

  static KeyPair keyC() {
    return Keys.C;
  }

  /** A WireMock server on 127.0.0.1 with a random port, reset before each test. */
  static WireMockExtension wireMock() {
    return wireMock(config());
  }

  /**
   * Like {@link #wireMock()}, serving {@code withBodyFile} bodies from {@code root/__files}:
   * WireMock streams those at once, where a large inline body delays the headers by seconds.
   */
  static WireMockExtension wireMock(Path root) {
    return wireMock(config().usingFilesUnderDirectory(root.toString()));
  }

  private static WireMockConfiguration config() {
    return WireMockConfiguration.wireMockConfig()
        .dynamicPort()
        .bindAddress("127.0.0.1")
        .containerThreads(64)
        .jettyAcceptors(2);
  }

  private static WireMockExtension wireMock(WireMockConfiguration config) {
    return WireMockExtension.newInstance().options(config).build();
  }

  private static final Set<Integer> WARMED = ConcurrentHashMap.newKeySet();

  /**
   * Sends one request to a fresh server, whose first answer can take a second (class loading), so
   * that tests with sub-second timeouts measure the code under test, not WireMock's start-up.
   */
  static void warmUp(WireMockExtension server) {
    if (!WARMED.add(server.getPort())) {
      return;
    }
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(base(server) + "/warm-up")).build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String base(WireMockExtension server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  static URI jwksUri(WireMockExtension server) {
    return URI.create(base(server) + JWKS_PATH);
  }

  /** A JWK Set document holding the public keys with these kids: pairs of (kid, key). */
  static String jwks(Object... kidAndKey) {
    String[] jwks = new String[kidAndKey.length / 2];
    for (int i = 0; i < jwks.length; i++) {
      jwks[i] =
          Tokens.publicJwk((KeyPair) kidAndKey[2 * i + 1], (String) kidAndKey[2 * i], Map.of());
    }
    return Tokens.jwks(jwks);
  }

  /** A valid RS256 token for {@link #verifier}, signed by {@code key} under {@code kid}. */
  static String token(KeyPair key, String kid) {
    return claims(kid).sign("RS256", key.getPrivate());
  }

  static Tokens.Builder claims(String kid) {
    return Tokens.token()
        .kid(kid)
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("sub", "alice")
        .claim("iat", MutableClock.START.getEpochSecond())
        .claim("exp", MutableClock.START.plus(Duration.ofDays(365)).getEpochSecond());
  }

  /**
   * A token naming {@code kid} with a signature made for another header: built by hand, since the
   * key lookup (what it attacks) happens before the signature check.
   */
  static String withKid(String template, String kid) {
    String[] parts = template.split("\\.");
    return Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}")
        + "."
        + parts[1]
        + "."
        + parts[2];
  }

  static JwtVerifier verifier(KeySource keys, InstantSource clock) {
    return JwtVerifier.builder().issuer(ISSUER).audience(AUDIENCE).keys(keys).clock(clock).build();
  }

  /** Runs {@code call} and returns the rejection's code, failing when it does not reject. */
  static ErrorCode codeOf(Runnable call) {
    JwtVerificationException e = catchThrowableOfType(JwtVerificationException.class, call::run);
    assertThat(e).as("expected a rejection").isNotNull();
    return e.code();
  }

  /** Runs {@code call} and returns how long it took on the wall clock. */
  static Duration timed(Runnable call) {
    long start = System.nanoTime();
    try {
      call.run();
    } catch (JwtVerificationException e) {
      // the caller checks the outcome separately
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
