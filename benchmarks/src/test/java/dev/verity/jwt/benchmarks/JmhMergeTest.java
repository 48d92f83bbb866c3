package dev.verity.jwt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link JmhMerge} against JMH itself: the fixture is floor_RS256 as JMH 1.37 wrote it for
 * three forks (full run of 2026-11-24), so the statistics JMH computed are the expected values.
 */
class JmhMergeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode jmhThreeForks() throws IOException {
    try (InputStream in = JmhMergeTest.class.getResourceAsStream("/jmh-floor_RS256-3-forks.json")) {
      return (ObjectNode) MAPPER.readTree(in).get(0);
    }
  }

  /** One fork of a JMH result as JMH would have written it for a run of that fork alone. */
  private static ObjectNode fork(ObjectNode result, int index) {
    ObjectNode one = result.deepCopy();
    one.put("forks", 1);
    oneFork((ObjectNode) one.get("primaryMetric"), index, false);
    ObjectNode secondaries = (ObjectNode) one.get("secondaryMetrics");
    secondaries
        .fieldNames()
        .forEachRemaining(
            name ->
                oneFork((ObjectNode) secondaries.get(name), index, JmhMerge.SUMMED.contains(name)));
    return one;
  }

  private static void oneFork(ObjectNode metric, int index, boolean summed) {
    JsonNode fork = metric.get("rawData").get(index);
    ArrayNode raw = metric.putArray("rawData");
    raw.add(fork.deepCopy());
    if (summed) {
      double sum = 0;
      for (JsonNode value : fork) {
        sum += value.asDouble();
      }
      metric.put("score", sum);
    } else {
      JmhMerge.recompute(metric);
    }
  }

  private static void assertSameStatistics(JsonNode actual, JsonNode expected) {
    double score = expected.get("score").asDouble();
    assertThat(actual.get("score").asDouble()).isCloseTo(score, within(score * 1e-12));
    double error = expected.get("scoreError").asDouble();
    assertThat(actual.get("scoreError").asDouble()).isCloseTo(error, within(error * 1e-9));
    for (int i = 0; i < 2; i++) {
      double bound = expected.get("scoreConfidence").get(i).asDouble();
      assertThat(actual.get("scoreConfidence").get(i).asDouble())
          .isCloseTo(bound, within(Math.abs(bound) * 1e-9));
    }
    Iterator<String> keys = expected.get("scorePercentiles").fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      assertThat(actual.get("scorePercentiles").get(key).asDouble())
          .as("percentile %s", key)
          .isEqualTo(expected.get("scorePercentiles").get(key).asDouble());
    }
  }

  @Test
  void recompute_realThreeForkResult_reproducesJmhsOwnStatistics() throws IOException {
    ObjectNode expected = jmhThreeForks();
    JsonNode secondaries = expected.get("secondaryMetrics");
    for (JsonNode original :
        List.of(
            expected.get("primaryMetric"),
            secondaries.get("gc.alloc.rate.norm"),
            secondaries.get("gc.alloc.rate"))) {
      ObjectNode copy = original.deepCopy();
      copy.put("score", -1.0).put("scoreError", -1.0);
      copy.remove("scorePercentiles");
      JmhMerge.recompute(copy);
      assertSameStatistics(copy, original);
    }
  }

  @Test
  void merge_threeSingleForkRuns_equalsJmhsThreeForkRun() throws IOException {
    ObjectNode expected = jmhThreeForks();
    List<JsonNode> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(MAPPER.createArrayNode().add(fork(expected, i)));
    }
    assertThat(runs.get(0).get(0).get("primaryMetric").get("score").asDouble())
        .as("a single fork differs from the three-fork mean, or the test proves nothing")
        .isNotCloseTo(expected.get("primaryMetric").get("score").asDouble(), within(100.0));

    ArrayNode merged = JmhMerge.merge(MAPPER, runs);

    assertThat(merged).hasSize(1);
    JsonNode result = merged.get(0);
    assertThat(result.get("forks").asInt()).isEqualTo(3);
    assertThat(result.get("primaryMetric").get("rawData"))
        .isEqualTo(expected.get("primaryMetric").get("rawData"));
    assertSameStatistics(result.get("primaryMetric"), expected.get("primaryMetric"));
    assertSameStatistics(
        result.get("secondaryMetrics").get("gc.alloc.rate.norm"),
        expected.get("secondaryMetrics").get("gc.alloc.rate.norm"));
    assertThat(result.get("secondaryMetrics").get("gc.count").get("score").asDouble())
        .as("GC counts add up over forks")
        .isEqualTo(3.0);
  }

  @Test
  void merge_otherBenchmarksAndThreadCounts_stayApartInOrderOfFirstAppearance() throws IOException {
    ObjectNode floor = fork(jmhThreeForks(), 0);
    ObjectNode twoThreads = floor.deepCopy().put("threads", 2);
    ObjectNode verity =
        floor.deepCopy().put("benchmark", "dev.verity.jwt.benchmarks.VerifyBenchmark.verity_RS256");
    List<JsonNode> runs =
        List.of(
            MAPPER.createArrayNode().add(verity).add(floor),
            MAPPER.createArrayNode().add(twoThreads).add(fork(jmhThreeForks(), 1)));

    ArrayNode merged = JmhMerge.merge(MAPPER, runs);

    assertThat(merged).hasSize(3);
    assertThat(merged.get(0).get("benchmark").asText()).endsWith(".verity_RS256");
    assertThat(merged.get(0).get("forks").asInt()).isEqualTo(1);
    assertThat(merged.get(1).get("benchmark").asText()).endsWith(".floor_RS256");
    assertThat(merged.get(1).get("forks").asInt()).isEqualTo(2);
    assertThat(merged.get(2).get("threads").asInt()).isEqualTo(2);
    assertThat(merged.get(2).get("forks").asInt()).isEqualTo(1);
  }

  @Test
  void merge_resultWithoutRawData_isRefused() throws IOException {
    ObjectNode floor = fork(jmhThreeForks(), 0);
    ObjectNode bare = floor.deepCopy();
    ((ObjectNode) bare.get("primaryMetric")).remove("rawData");

    assertThatThrownBy(
            () ->
                JmhMerge.merge(
                    MAPPER,
                    List.of(
                        MAPPER.createArrayNode().add(floor), MAPPER.createArrayNode().add(bare))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rawData");
  }
}
