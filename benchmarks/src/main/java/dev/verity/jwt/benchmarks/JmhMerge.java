package dev.verity.jwt.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Merges JMH JSON results into one array. Results of one benchmark (same method, mode, thread count
 * and parameters) from several JMH runs become one result whose forks are the runs' forks: {@code
 * rawData} is concatenated and the score, 99.9% error, confidence interval and percentiles are
 * computed again from every iteration, the way JMH computes them for a run of several forks.
 *
 * <p>{@code run.sh full} needs this because it measures each benchmark in several rounds spread
 * over the run, one fork per round, with the floor and Verity back to back in each round: a shared
 * machine drifts between speeds up to 25% apart for minutes at a time, and a benchmark whose forks
 * all ran in one slow spell would otherwise be compared with a floor whose forks did not.
 */
final class JmhMerge {
  /**
   * Secondary metrics that JMH sums over iterations instead of averaging (the GC profiler's counts
   * and times); every other metric is an average.
   */
  static final Set<String> SUMMED = Set.of("gc.count", "gc.time");

  private static final double[] PERCENTILES = {
    0, 50, 90, 95, 99, 99.9, 99.99, 99.999, 99.9999, 100
  };

  private static final double CONFIDENCE = 0.999;

  private JmhMerge() {}

  /** Merges the given JMH result arrays, keeping benchmarks in order of first appearance. */
  static ArrayNode merge(ObjectMapper mapper, List<JsonNode> runs) {
    Map<String, ObjectNode> merged = new LinkedHashMap<>();
    for (JsonNode run : runs) {
      for (JsonNode result : run) {
        String key = key(result);
        ObjectNode existing = merged.get(key);
        if (existing == null) {
          merged.put(key, result.deepCopy());
        } else {
          append(existing, result);
        }
      }
    }
    ArrayNode all = mapper.createArrayNode();
    merged.values().forEach(all::add);
    return all;
  }

  private static String key(JsonNode result) {
    return result.path("benchmark").asText()
        + '|'
        + result.path("mode").asText()
        + '|'
        + result.path("threads").asInt()
        + '|'
        + result.path("params");
  }

  private static void append(ObjectNode into, JsonNode more) {
    into.put("forks", into.path("forks").asInt() + more.path("forks").asInt());
    combine((ObjectNode) into.get("primaryMetric"), more.path("primaryMetric"), false);
    ObjectNode secondaries = (ObjectNode) into.get("secondaryMetrics");
    JsonNode moreSecondaries = more.path("secondaryMetrics");
    if (secondaries == null) {
      return;
    }
    Iterator<String> names = secondaries.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode other = moreSecondaries.path(name);
      if (!other.isMissingNode()) {
        combine((ObjectNode) secondaries.get(name), other, SUMMED.contains(name));
      }
    }
  }

  private static void combine(ObjectNode metric, JsonNode more, boolean summed) {
    ArrayNode raw = (ArrayNode) metric.get("rawData");
    JsonNode moreRaw = more.path("rawData");
    if (raw == null || !moreRaw.isArray()) {
      throw new IllegalArgumentException(
          "JMH results without rawData cannot be merged (run JMH with -rf json)");
    }
    moreRaw.forEach(fork -> raw.add(fork.deepCopy()));
    if (summed) {
      metric.put("score", metric.path("score").asDouble() + more.path("score").asDouble());
      return;
    }
    recompute(metric);
  }

  /** Recomputes an averaged metric's statistics from its {@code rawData}, as JMH does. */
  static void recompute(ObjectNode metric) {
    ListStatistics statistics = new ListStatistics();
    for (JsonNode fork : metric.get("rawData")) {
      for (JsonNode iteration : fork) {
        statistics.addValue(iteration.asDouble());
      }
    }
    double error = statistics.getMeanErrorAt(CONFIDENCE);
    metric.put("score", statistics.getMean());
    if (Double.isNaN(error)) {
      metric.put("scoreError", "NaN"); // as JMH writes it: JSON has no NaN
    } else {
      metric.put("scoreError", error);
    }
    ArrayNode confidence = metric.putArray("scoreConfidence");
    for (double bound : statistics.getConfidenceIntervalAt(CONFIDENCE)) {
      confidence.add(bound);
    }
    ObjectNode percentiles = metric.putObject("scorePercentiles");
    for (double percentile : PERCENTILES) {
      percentiles.put(
          String.format(Locale.ROOT, "%s", percentile), percentile(statistics, percentile));
    }
  }

  private static double percentile(ListStatistics statistics, double percentile) {
    return percentile == 0 ? statistics.getMin() : statistics.getPercentile(percentile);
  }
}
