package dev.verity.jwt.benchmarks;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Cold start: the wall time from a fresh JVM's start to its first verified token, with the JWK Set
 * served over loopback, and the number of classes the JVM had loaded by then.
 *
 * <p>{@code ColdStart --runs N --out FILE} mints an RS256 token, serves the JWK Set from {@code
 * 127.0.0.1} with the JDK's HTTP server, once over plain http and once over https (a self-signed
 * certificate made with {@code keytool}, trusted by the children through {@code
 * javax.net.ssl.trustStore}, as a production JWKS URL is https), and for each transport and library
 * starts {@code java -cp <this jar> dev.verity.jwt.benchmarks.ColdStartChild <library> <url>
 * <token>} N+1 times in turn; the first round only warms the disk cache and is dropped. Each child
 * is timed from just before its process is started to the moment it prints {@code verified}; the
 * class count it prints next is read, and medians are written as JSON.
 *
 * <p>The {@code baseline} child verifies nothing: it is the JVM's own start-up with this jar on the
 * class path, so that each library's own cost is its number minus the baseline's.
 */
public final class ColdStart {
  static final List<String> LIBRARIES =
      List.of("baseline", "verity", "nimbus", "jose4j", "auth0", "jjwt");

  private static final String PASSWORD = "cold-start";
  private static final String JWKS_PATH = "/.well-known/jwks.json";

  private ColdStart() {}

  /** Runs the launcher: {@code --runs N} (default 10), {@code --out FILE}. */
  public static void main(String[] args) throws Exception {
    int runs = 10;
    Path out = Paths.get("benchmarks/results/cold-start.json");
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 == args.length) {
        throw new IllegalArgumentException("no value for " + args[i]);
      }
      switch (args[i]) {
        case "--runs":
          runs = Integer.parseInt(args[i + 1]);
          break;
        case "--out":
          out = Paths.get(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    launch(runs, out);
  }

  private static void launch(int runs, Path out) throws Exception {
    Fixture fixture = Fixture.of("RS256");
    byte[] jwks = fixture.jwksJson.getBytes(StandardCharsets.UTF_8);
    Path tls = Files.createTempDirectory("verity-cold-start");
    String java = ProcessHandle.current().info().command().orElse("java");
    makeCertificate(java, tls);
    String jar =
        Paths.get(ColdStart.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();

    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverContext(tls)));
    for (HttpServer server : List.of(http, https)) {
      server.createContext(
          JWKS_PATH,
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=300");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
              body.write(jwks);
            }
          });
      server.start();
    }
    try {
      Map<String, String> urls = new LinkedHashMap<>();
      urls.put("http", "http://127.0.0.1:" + http.getAddress().getPort() + JWKS_PATH);
      urls.put("https", "https://127.0.0.1:" + https.getAddress().getPort() + JWKS_PATH);
      List<String> javaOptions =
          List.of(
              "-Djavax.net.ssl.trustStore=" + tls.resolve("trust.p12"),
              "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
              "-Djavax.net.ssl.trustStoreType=PKCS12");
      Map<String, List<double[]>> samples = new LinkedHashMap<>();
      for (String scheme : urls.keySet()) {
        LIBRARIES.forEach(library -> samples.put(scheme + " " + library, new ArrayList<>()));
      }
      for (int round = 0; round <= runs; round++) {
        for (Map.Entry<String, String> url : urls.entrySet()) {
          // Rotate the order each round so that no library always runs right after the same one.
          for (int i = 0; i < LIBRARIES.size(); i++) {
            String library = LIBRARIES.get((i + round) % LIBRARIES.size());
            double[] sample =
                runChild(java, javaOptions, jar, library, url.getValue(), fixture.token);
            if (round > 0) {
              samples.get(url.getKey() + " " + library).add(sample);
            }
          }
        }
        System.err.printf(
            Locale.ROOT,
            "cold start: round %d of %d done%s%n",
            round,
            runs,
            round == 0 ? " (warm-up)" : "");
      }
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, json(runs, samples));
      System.err.println("cold start: wrote " + out);
    } finally {
      http.stop(0);
      https.stop(0);
      for (String file : new String[] {"server.p12", "server.cer", "trust.p12"}) {
        Files.deleteIfExists(tls.resolve(file));
      }
      Files.deleteIfExists(tls);
    }
  }

  /** A throw-away self-signed certificate for 127.0.0.1, and a trust store holding only it. */
  private static void makeCertificate(String java, Path dir)
      throws IOException, InterruptedException {
    Path bin = Paths.get(java).getParent();
    String keytool = bin == null ? "keytool" : bin.resolve("keytool").toString();
    String server = dir.resolve("server.p12").toString();
    String cer = dir.resolve("server.cer").toString();
    String trust = dir.resolve("trust.p12").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "jwks",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1",
        "-keystore",
        server,
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    run(
        keytool,
        "-exportcert",
        "-alias",
        "jwks",
        "-keystore",
        server,
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-file",
        cer);
    run(
        keytool,
        "-importcert",
        "-noprompt",
        "-alias",
        "jwks",
        "-file",
        cer,
        "-keystore",
        trust,
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          command[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
  }

  private static SSLContext serverContext(Path dir) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Returns {milliseconds to "verified", classes loaded}. */
  private static double[] runChild(
      String java, List<String> javaOptions, String jar, String library, String url, String token)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", jar, ColdStartChild.class.getName(), library, url, token));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    double millis = -1;
    long classes = -1;
    List<String> output = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (millis < 0 && line.startsWith("verified ")) {
          millis = (System.nanoTime() - start) / 1e6;
          if (!line.equals("verified " + Fixture.SUBJECT) && !library.equals("baseline")) {
            throw new IllegalStateException(library + " verified the wrong subject: " + line);
          }
        } else if (line.startsWith("classes ")) {
          classes = Long.parseLong(line.substring("classes ".length()));
        } else {
          output.add(line);
        }
      }
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(library + ": the child did not exit");
    }
    if (process.exitValue() != 0 || millis < 0 || classes < 0) {
      throw new IllegalStateException(
          library + " " + url + ": the child failed (exit " + process.exitValue() + "): " + output);
    }
    return new double[] {millis, classes};
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String json(int runs, Map<String, List<double[]>> samples) {
    StringBuilder json = new StringBuilder();
    json.append("{\n");
    json.append("  \"runs\": ").append(runs).append(",\n");
    json.append("  \"date\": \"").append(Instant.now()).append("\",\n");
    json.append("  \"jdk\": \"").append(System.getProperty("java.runtime.version")).append("\",\n");
    json.append("  \"vm\": \"").append(System.getProperty("java.vm.name")).append("\",\n");
    json.append("  \"processors\": ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(",\n");
    json.append("  \"results\": [\n");
    int n = 0;
    for (Map.Entry<String, List<double[]>> entry : samples.entrySet()) {
      String[] key = entry.getKey().split(" ");
      double[] millis = entry.getValue().stream().mapToDouble(s -> s[0]).toArray();
      double[] classes = entry.getValue().stream().mapToDouble(s -> s[1]).toArray();
      json.append("    {\"scheme\": \"").append(key[0]).append("\", ");
      json.append("\"library\": \"").append(key[1]).append("\", ");
      json.append(String.format(Locale.ROOT, "\"medianMillis\": %.1f, ", median(millis)));
      json.append(
          String.format(
              Locale.ROOT, "\"minMillis\": %.1f, ", Arrays.stream(millis).min().orElse(0)));
      json.append(
          String.format(
              Locale.ROOT, "\"maxMillis\": %.1f, ", Arrays.stream(millis).max().orElse(0)));
      json.append(String.format(Locale.ROOT, "\"medianClasses\": %.0f, ", median(classes)));
      json.append("\"millis\": ").append(list(millis, "%.1f")).append(", ");
      json.append("\"classes\": ").append(list(classes, "%.0f")).append("}");
      json.append(++n < samples.size() ? ",\n" : "\n");
    }
    json.append("  ]\n}\n");
    return json.toString();
  }

  private static String list(double[] values, String format) {
    StringBuilder list = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      list.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, values[i]));
    }
    return list.append(']').toString();
  }
}
