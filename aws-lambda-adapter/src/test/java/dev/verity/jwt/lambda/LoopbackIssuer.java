package dev.verity.jwt.lambda;

import com.sun.net.httpserver.HttpServer;
import dev.verity.jwt.testsupport.Tokens;
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
final class LoopbackIssuer implements AutoCloseable, AfterAllCallback {
  static final String KID = "k1";

  private final HttpServer server;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();

  LoopbackIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jwks = Tokens.jwks(Tokens.rsa(), KID).getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/jwks.json",
        exchange -> {
          requests.incrementAndGet();
          if (failing.get()) {
            exchange.sendResponseHeaders(500, -1);
          } else {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
          }
          exchange.close();
        });
    server.start();
  }

  String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  /** Makes the endpoint answer 500 (true) or the key set (false). */
  void failing(boolean fail) {
    failing.set(fail);
  }

  int requests() {
    return requests.get();
  }

  /** The settings every test starts from: this issuer, the audience, the key set's URL. */
  Map<String, String> environment(String... namesAndValues) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("VERITY_JWKS_URI", jwksUri());
    env.put("VERITY_ISSUER", Tokens.ISSUER);
    env.put("VERITY_AUDIENCE", Tokens.AUDIENCE);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null) {
        env.remove(namesAndValues[i]);
      } else {
        env.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return env;
  }

  /** A valid token for now, with claims added or replaced (a null value removes one). */
  static String token(Object... namesAndValues) {
    long now = Instant.now().getEpochSecond();
    Object[] all = new Object[namesAndValues.length + 4];
    all[0] = "iat";
    all[1] = now;
    all[2] = "exp";
    all[3] = now + 600;
    System.arraycopy(namesAndValues, 0, all, 4, namesAndValues.length);
    return Tokens.rs256(KID, Tokens.claimsWith(all));
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
