package dev.verity.jwt.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.lambda.VerityAuthorizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Lambda authorizer's own cost on top of verification (budget, issue 12: at most 5 µs and 4 KiB
 * per invocation more than {@code verify}): {@code handleRequest} on a REST {@code TOKEN} event and
 * an HTTP API 2.0 event, bytes in to bytes out, decision line rendered (to a discarding stream),
 * next to {@code verify} of the same RS256 token by a verifier with the same rules.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LambdaBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class LambdaBenchmark {
  private static final String ISSUER = "https://issuer.example.com";
  private static final String AUDIENCE = "orders-api";
  private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/";

  private HttpServer jwksServer;
  private String token;
  private JwtVerifier verifier;
  private VerityAuthorizer authorizer;
  private byte[] restTokenEvent;
  private byte[] httpApiEvent;

  /** Mints one RS256 token with the JCA (not with Verity) and serves its key on loopback. */
  @Setup
  public void setUp() throws Exception {
    JcaRs256Token minted = JcaRs256Token.mint(ISSUER, AUDIENCE, "orders:read");
    token = minted.token();
    byte[] jwks = minted.jwks().getBytes(StandardCharsets.UTF_8);

    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/jwks.json",
        exchange -> {
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    jwksServer.start();
    String rules = "GET /orders/**=orders:read; DELETE /orders/{id}=role:admin";
    authorizer =
        VerityAuthorizer.of(
            Map.of(
                "VERITY_JWKS_URI",
                    "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json",
                "VERITY_ISSUER", ISSUER,
                "VERITY_AUDIENCE", AUDIENCE,
                "VERITY_RULES", rules,
                "VERITY_CONTEXT_CLAIMS", "sub"),
            new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    verifier =
        JwtVerifier.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .keys(KeySources.jwks(new String(jwks, StandardCharsets.UTF_8)))
            .build();
    restTokenEvent =
        ("{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer "
                + token
                + "\",\"methodArn\":\""
                + ARN
                + "GET/orders/7\"}")
            .getBytes(StandardCharsets.UTF_8);
    httpApiEvent =
        ("{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\""
                + ARN
                + "GET/orders/7\",\"identitySource\":[\"Bearer "
                + token
                + "\"],\"routeKey\":\"GET /orders/{id}\",\"rawPath\":\"/orders/7\","
                + "\"headers\":{\"authorization\":\"Bearer "
                + token
                + "\",\"user-agent\":\"curl/8.5.0\",\"accept\":\"*/*\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/orders/7\","
                + "\"sourceIp\":\"203.0.113.7\"},\"stage\":\"prod\"}}")
            .getBytes(StandardCharsets.UTF_8);
    // Both must be answered, not failed: a benchmark of the error path would measure nothing.
    if (restTokenEvent().size() == 0 || httpApiV2Event().size() == 0) {
      throw new IllegalStateException("no answer");
    }
  }

  /** Stops the key set's server. */
  @TearDown
  public void tearDown() {
    jwksServer.stop(0);
  }

  /** Verification alone, by a verifier with the same issuer, audience and key. */
  @Benchmark
  public VerifiedJwt verity_verify_RS256() {
    return verifier.verify(token);
  }

  /** A REST TOKEN event: parse, resolve, verify, rules, cache-safe policy, JSON, decision line. */
  @Benchmark
  public ByteArrayOutputStream lambda_restToken_RS256() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    authorizer.handleRequest(new ByteArrayInputStream(restTokenEvent), out, null);
    return out;
  }

  /** An HTTP API payload 2.0 event answered with the simple response. */
  @Benchmark
  public ByteArrayOutputStream lambda_httpApiV2_RS256() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    authorizer.handleRequest(new ByteArrayInputStream(httpApiEvent), out, null);
    return out;
  }

  private ByteArrayOutputStream restTokenEvent() throws IOException {
    return lambda_restToken_RS256();
  }

  private ByteArrayOutputStream httpApiV2Event() throws IOException {
    return lambda_httpApiV2_RS256();
  }
}
