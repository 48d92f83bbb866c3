package dev.verity.jwt.servlet;

import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.Tokens;
import dev.verity.jwt.web.RouteRules;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A load run on loopback, not a test: embedded Jetty 12 serves the same endpoint three ways (no
 * filter; the filter with RS256 verification on every request; the filter with core's
 * verified-token cache), and a bounded JDK {@code HttpClient} loop (a fixed number of client
 * threads, stopping after a fixed time) measures requests per second and latency percentiles for
 * each, in turn, after a warm-up. The client shares the machine with the server, so compare the
 * ratios within one run.
 *
 * <pre>
 * benchmarks/servlet-load.sh [SECONDS] [THREADS]
 * </pre>
 */
public final class FilterLoad {
  private FilterLoad() {}

  record Result(String name, long requests, double perSecond, double p50Micros, double p99Micros) {}

  /**
   * {@code SECONDS THREADS OUT.json}: measured seconds per setup (default 20), client threads (4).
   */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path out = Path.of(args.length > 2 ? args[2] : "target/servlet-load.json");
    try (LoopbackIssuer issuer = new LoopbackIssuer()) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      Handler.Sequence contexts = new Handler.Sequence();
      contexts.addHandler(context("/open", null));
      contexts.addHandler(context("/guarded", filter(issuer, false)));
      contexts.addHandler(context("/cached", filter(issuer, true)));
      server.setHandler(contexts);
      server.start();
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      String token = LoopbackIssuer.token("scope", "orders:read");
      List<Result> results = new ArrayList<>();
      try {
        for (String name : List.of("open", "guarded", "cached")) {
          run(base + "/" + name + "/orders/7", token, threads, 5); // warm-up, dropped
        }
        for (String name : List.of("open", "guarded", "cached")) {
          results.add(named(name, run(base + "/" + name + "/orders/7", token, threads, seconds)));
        }
      } finally {
        server.stop();
      }
      StringBuilder json = new StringBuilder("{\"seconds\":" + seconds + ",\"threads\":" + threads);
      System.out.printf(
          Locale.ROOT,
          "%-8s %10s %12s %10s %10s%n",
          "",
          "requests",
          "requests/s",
          "p50 µs",
          "p99 µs");
      for (Result r : results) {
        System.out.printf(
            Locale.ROOT,
            "%-8s %10d %12.0f %10.0f %10.0f%n",
            r.name(),
            r.requests(),
            r.perSecond(),
            r.p50Micros(),
            r.p99Micros());
        json.append(
            String.format(
                Locale.ROOT,
                ",\"%s\":{\"requests\":%d,\"perSecond\":%.1f,\"p50Micros\":%.1f,\"p99Micros\":%.1f}",
                r.name(),
                r.requests(),
                r.perSecond(),
                r.p50Micros(),
                r.p99Micros()));
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json.append("}\n").toString(), StandardCharsets.UTF_8);
      System.out.println("written " + out);
    }
  }

  private static Result named(String name, Result result) {
    return new Result(
        name, result.requests(), result.perSecond(), result.p50Micros(), result.p99Micros());
  }

  private static ServletContextHandler context(String path, BearerTokenFilter filter) {
    ServletContextHandler handler = new ServletContextHandler(path);
    handler.addServlet(new ServletHolder(new EchoServlet()), "/*");
    if (filter != null) {
      handler.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    return handler;
  }

  private static BearerTokenFilter filter(LoopbackIssuer issuer, boolean tokenCache) {
    var builder =
        JwtVerifier.builder()
            .issuer(Tokens.ISSUER)
            .audience(Tokens.AUDIENCE)
            .keys(
                KeySources.remoteJwksBuilder(URI.create(issuer.jwksUri()))
                    .allowHttpToLoopback()
                    .build());
    if (tokenCache) {
      builder.tokenCache(VerifiedTokenCache.inMemory(10_000, 32 << 20));
    }
    return BearerTokenFilter.builder(builder.build())
        .rules(RouteRules.parse("GET /orders/**=orders:read"))
        .build();
  }

  /** Sends requests from {@code threads} threads for {@code seconds}; every answer must be 200. */
  private static Result run(String url, String token, int threads, int seconds) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(5))
            .build();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                long[] latencies = new long[4_000_000];
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length) {
                  long sent = System.nanoTime();
                  HttpResponse<Void> response =
                      client.send(request, HttpResponse.BodyHandlers.discarding());
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException("status " + response.statusCode());
                  }
                  latencies[n++] = System.nanoTime() - sent;
                }
                return java.util.Arrays.copyOf(latencies, n);
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<long[]> future : futures) {
      for (long latency : future.get()) {
        all.add(latency);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    all.sort(null);
    return new Result(
        url,
        all.size(),
        all.size() / elapsed,
        all.get(all.size() / 2) / 1e3,
        all.get((int) Math.min(all.size() - 1, Math.round(all.size() * 0.99))) / 1e3);
  }
}
