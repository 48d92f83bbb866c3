package dev.verity.jwt.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JWK Set on loopback for the shared RSA key of {@link Tokens} under kid {@code k1}, and tokens
 * minted by jose4j for it with the current time (the authorizer uses the system clock). The
 * endpoint can be made to fail, and counts its requests.
 */
public final class LoopbackIssuer implements AutoCloseable, AfterAllCallback {
  /** The key id of the shared RSA key in the set. */
  public static final String KID = "k1";

  private final HttpServer server;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile byte[] jwks = Tokens.jwks(Tokens.rsa(), KID).getBytes(StandardCharsets.UTF_8);
  private volatile java.security.KeyPair rotated; // the key added by rotate(), if any

  /** Starts the server on 127.0.0.1 and an ephemeral port. */
  public LoopbackIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/jwks.json",
        exchange -> {
          requests.incrementAndGet();
          if (failing.get()) {
            exchange.sendResponseHeaders(500, -1);
          } else {
            byte[] body = jwks;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  /** The key id of the key {@link #rotate()} adds. */
  public static final String ROTATED_KID = "k2";

  /**
   * Rotates the issuer's keys: the set now also holds a new RSA key under {@link #ROTATED_KID},
   * which {@link #rotatedToken} signs with, as an identity provider publishes its next key.
   */
  public void rotate() {
    java.security.KeyPair next = Tokens.newRsa();
    rotated = next;
    jwks =
        Tokens.jwks(
                Tokens.publicJwk(Tokens.rsa(), KID, Map.of()),
                Tokens.publicJwk(next, ROTATED_KID, Map.of()))
            .getBytes(StandardCharsets.UTF_8);
  }

  /** A valid token signed with the key {@link #rotate()} added. */
  public String rotatedToken(Object... namesAndValues) {
    java.security.KeyPair key = java.util.Objects.requireNonNull(rotated, "rotate() first");
    return Tokens.sign(
        "RS256", key.getPrivate(), ROTATED_KID, Tokens.json(claimsNow(namesAndValues)));
  }

  /** Returns the JWK Set URL. */
  public String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  /** Makes the endpoint answer 500 (true) or the key set (false). */
  public void failing(boolean fail) {
    failing.set(fail);
  }

  /** Returns how many requests the endpoint received. */
  public int requests() {
    return requests.get();
  }

  /**
   * The environment every Lambda test starts from: this key set's URL, the issuer and audience of
   * {@link Tokens}; pairs of name and value added (or, with a null value, removed).
   */
  public Map<String, String> environment(String... namesAndValues) {
    return settings("VERITY_JWKS_URI", "VERITY_ISSUER", "VERITY_AUDIENCE", namesAndValues);
  }

  /** The same as {@code verity.*} init parameters, for the servlet filter. */
  public Map<String, String> initParameters(String... namesAndValues) {
    return settings("verity.jwks-uri", "verity.issuer", "verity.audience", namesAndValues);
  }

  private Map<String, String> settings(
      String jwksUri, String issuer, String audience, String... namesAndValues) {
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put(jwksUri, jwksUri());
    settings.put(issuer, Tokens.ISSUER);
    settings.put(audience, Tokens.AUDIENCE);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null) {
        settings.remove(namesAndValues[i]);
      } else {
        settings.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return settings;
  }

  /** A valid token for now, with claims added or replaced (a null value removes one). */
  public static String token(Object... namesAndValues) {
    return Tokens.rs256(KID, claimsNow(namesAndValues));
  }

  /** The usual claims, valid from now for ten minutes, with members added or replaced. */
  private static Map<String, Object> claimsNow(Object... namesAndValues) {
    long now = Instant.now().getEpochSecond();
    Object[] all = new Object[namesAndValues.length + 4];
    all[0] = "iat";
    all[1] = now;
    all[2] = "exp";
    all[3] = now + 600;
    System.arraycopy(namesAndValues, 0, all, 4, namesAndValues.length);
    return Tokens.claimsWith(all);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Stops the server after the test class that registered it. */
  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
