package dev.verity.jwt.lambda;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measures a Lambda cold start as the runtime has it, not a unit test: for {@code
 * verity-authorizer.jar} and for {@link NimbusNaiveAuthorizer}, each in turn, a fresh JVM runs the
 * real runtime interface client against a {@link FakeRuntimeApi} on loopback (with the JVM options
 * Lambda's Java runtimes set: tiered compilation stopped at C1, the serial collector), and the run
 * records: init (process start to the client's first request for an invocation, the handler
 * constructed), the first invocation (that request to the answer: a REST {@code TOKEN} event, RS256
 * token, key set fetched from loopback unless init fetched it), and the classes loaded by then
 * ({@code -Xlog:class+load}). The first round of each only warms the disk cache and is dropped;
 * medians are printed and written as JSON.
 *
 * <pre>
 * benchmarks/lambda-cold-start.sh [RUNS]
 * </pre>
 */
public final class LambdaColdStart {
  /** The options Lambda's Java runtime starts the JVM with (JAVA_TOOL_OPTIONS aside). */
  static final List<String> LAMBDA_JVM_OPTIONS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private LambdaColdStart() {}

  record Run(double initMillis, double firstInvocationMillis, int classes) {}

  /** {@code RUNS OUT.json}: runs per authorizer (default 10), where to write the medians. */
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path out = Path.of(args.length > 1 ? args[1] : "target/lambda-cold-start.json");
    Path dir = Files.createTempDirectory("lambda-cold-start");
    Map<String, List<Run>> results = new LinkedHashMap<>();
    results.put("verity", new ArrayList<>());
    results.put("nimbus", new ArrayList<>());
    try (LoopbackIssuer issuer = new LoopbackIssuer()) {
      for (int round = 0; round <= runs; round++) {
        for (String authorizer : results.keySet()) {
          Run run = once(authorizer, issuer, dir, round);
          if (round > 0) {
            results.get(authorizer).add(run);
          }
        }
      }
    }
    StringBuilder json =
        new StringBuilder("{\"runs\":")
            .append(runs)
            .append(",\"jvmOptions\":\"")
            .append(String.join(" ", LAMBDA_JVM_OPTIONS))
            .append("\",\"java\":\"")
            .append(System.getProperty("java.version"))
            .append("\"");
    System.out.printf(
        Locale.ROOT,
        "%-8s %10s %18s %10s %9s%n",
        "",
        "init ms",
        "first invocation",
        "total ms",
        "classes");
    for (Map.Entry<String, List<Run>> entry : results.entrySet()) {
      List<Run> list = entry.getValue();
      double init = median(list.stream().map(Run::initMillis).collect(Collectors.toList()));
      double first =
          median(list.stream().map(Run::firstInvocationMillis).collect(Collectors.toList()));
      double total =
          median(
              list.stream()
                  .map(r -> r.initMillis() + r.firstInvocationMillis())
                  .collect(Collectors.toList()));
      double classes =
          median(list.stream().map(r -> (double) r.classes()).collect(Collectors.toList()));
      System.out.printf(
          Locale.ROOT,
          "%-8s %10.0f %18.0f %10.0f %9.0f%n",
          entry.getKey(),
          init,
          first,
          total,
          classes);
      json.append(
          String.format(
              Locale.ROOT,
              ",\"%s\":{\"initMs\":%.1f,\"firstInvocationMs\":%.1f,\"totalMs\":%.1f,\"classes\":%.0f}",
              entry.getKey(),
              init,
              first,
              total,
              classes));
    }
    json.append("}\n");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json.toString(), StandardCharsets.UTF_8);
    System.out.println("written " + out);
  }

  private static Run once(String authorizer, LoopbackIssuer issuer, Path dir, int round)
      throws Exception {
    Path classLog = dir.resolve(authorizer + "-" + round + "-classes.txt");
    List<String> options = new ArrayList<>(LAMBDA_JVM_OPTIONS);
    options.add("-Xlog:class+load=info:file=" + classLog);
    boolean verity = authorizer.equals("verity");
    String event = Events.restToken("Bearer " + LoopbackIssuer.token(), "GET", "/orders/7");
    try (FakeRuntimeApi api = new FakeRuntimeApi()) {
      long start = System.nanoTime();
      try (RuntimeClientProcess function =
          RuntimeClientProcess.start(
              api,
              issuer.environment(),
              dir,
              false,
              verity ? null : nimbusClassPath(),
              verity
                  ? RuntimeClientProcess.HANDLER
                  : NimbusNaiveAuthorizer.class.getName() + "::handleRequest",
              options)) {
        FakeRuntimeApi.Outcome outcome = api.invoke(event);
        long answered = System.nanoTime();
        if (outcome.error()) {
          throw new IllegalStateException(
              authorizer + " failed: " + outcome.body() + "\n" + function.output());
        }
        long initDone = api.firstNextNanos();
        int classes = countClasses(classLog);
        return new Run((initDone - start) / 1e6, (answered - initDone) / 1e6, classes);
      }
    }
  }

  private static int countClasses(Path log) throws IOException {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return (int) lines.filter(l -> l.contains(" source: ")).count();
    }
  }

  /** Nimbus, Jackson, the Lambda interfaces and the test classes holding the handler. */
  private static List<String> nimbusClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(
            entry -> {
              String name = Path.of(entry).getFileName().toString();
              return name.startsWith("nimbus-jose-jwt-")
                  || name.startsWith("jcip-annotations-")
                  || name.startsWith("jackson-databind-")
                  || name.startsWith("jackson-core-")
                  || name.startsWith("jackson-annotations-")
                  || name.startsWith("aws-lambda-java-core-")
                  || name.equals("test-classes");
            })
        .map(entry -> Path.of(entry).toAbsolutePath().toString()) // the child runs elsewhere
        .collect(Collectors.toList());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
