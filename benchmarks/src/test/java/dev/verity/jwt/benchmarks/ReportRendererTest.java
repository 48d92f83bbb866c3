package dev.verity.jwt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRendererTest {

  private static String run(String name, double score, double bytes, int threads) {
    return "{\"benchmark\":\"dev.verity.jwt.benchmarks.VerifyBenchmark."
        + name
        + "\",\"mode\":\"thrpt\",\"threads\":"
        + threads
        + ",\"forks\":1,\"jdkVersion\":\"17.0.15\",\"vmName\":\"OpenJDK 64-Bit Server VM\","
        + "\"vmVersion\":\"17.0.15+6\",\"jmhVersion\":\"1.37\",\"warmupIterations\":2,"
        + "\"warmupTime\":\"1 s\",\"measurementIterations\":3,\"measurementTime\":\"1 s\","
        + "\"primaryMetric\":{\"score\":"
        + score
        + ",\"scoreError\":10.0,\"scoreUnit\":\"ops/s\"},\"secondaryMetrics\":{"
        + "\"gc.alloc.rate.norm\":{\"score\":"
        + bytes
        + ",\"scoreError\":0.1,\"scoreUnit\":\"B/op\"}}}";
  }

  @Test
  void main_syntheticRun_writesBudgetVerdictsChartsAndKeepsTheLeadsNotes(@TempDir Path dir)
      throws Exception {
    String jmh =
        "["
            + String.join(
                ",",
                run("floor_RS256", 1000, 6000, 1),
                run("verity_RS256", 960, 6900, 1),
                run("nimbus_RS256", 900, 20000, 1),
                run("auth0_RS256", 950, 9000, 1),
                run("floor_HS256", 100000, 48, 1),
                run("verity_HS256", 40000, 4000, 1),
                run("auth0_HS256", 30000, 3000, 1),
                run("floor_EdDSA", 100, 40000, 1),
                run("verity_EdDSA", 110, 40500, 1),
                run("nimbus_EdDSA", 300, 9000, 1),
                run("verityBc_EdDSA", 900, 8000, 1),
                run("verity_reject_badSignature_RS256", 970, 500, 1),
                run("verity_reject_malformed", 500, 100, 1),
                run("verity_RS256_2threads", 1900, 6900, 2))
            + "]";
    String cold =
        "{\"runs\": 2, \"results\": ["
            + "{\"scheme\": \"http\", \"library\": \"baseline\", \"medianMillis\": 100.0,"
            + " \"minMillis\": 90.0, \"maxMillis\": 110.0, \"medianClasses\": 700},"
            + "{\"scheme\": \"http\", \"library\": \"verity\", \"medianMillis\": 300.0,"
            + " \"minMillis\": 290.0, \"maxMillis\": 310.0, \"medianClasses\": 1500}]}";
    Path jmhFile = Files.writeString(dir.resolve("jmh.json"), jmh);
    Path coldFile = Files.writeString(dir.resolve("cold.json"), cold);
    Path page = dir.resolve("docs/performance.md");
    Files.createDirectories(page.getParent());
    String notes =
        ReportRenderer.NOTES_BEGIN
            + "\n| parser on bytes | abc123 | RS256 |\n"
            + ReportRenderer.NOTES_END;
    Files.writeString(page, "# old page\n\n" + notes + "\n\nold tail\n");

    ReportRenderer.main(
        new String[] {
          "--jmh", jmhFile.toString(),
          "--cold", coldFile.toString(),
          "--out", page.toString(),
          "--charts", dir.resolve("docs/performance").toString(),
          "--mode", "quick",
          "--date", "2026-01-01T00:00:00Z"
        });

    String md = Files.readString(page);
    assertThat(md)
        .contains("`benchmarks/run.sh quick`", "2026-01-01T00:00:00Z", "17.0.15")
        .contains("| Verity / floor throughput | RS256 | 96.0% | ≥ 95% | **PASS** |")
        .contains("| **verityBc** | 900 |", "| **verity** | 110 |")
        .contains("| Verity / floor throughput | HS256 | 40.0% | ≥ 50% | **FAIL** |")
        .contains("| Verity B/op ≤ floor B/op + 1024 | RS256 | 6,900 B | ≤ 7,024 B | **PASS** |")
        .contains("| Verity B/op ≤ floor B/op + 1024 | HS256 | 4,000 B | ≤ 1,072 B | **FAIL** |")
        .contains(
            "| Verity ahead of every peer | RS256 | 960 vs auth0 950 | > best peer | **PASS** |")
        .contains(
            "| Verity ahead of every peer | EdDSA | 110 vs nimbus 300 | > best peer |"
                + " **JDK-BOUND** (met with BouncyCastleEngine, below) |")
        .contains(
            "| Verity + BouncyCastleEngine ahead of every peer | EdDSA | 900 vs nimbus 300 |"
                + " > best peer | **PASS** |")
        .contains(
            "| Rejection (malformed) no slower than acceptance | RS256 | 500 ± 10 vs 960 ± 10 |"
                + " not slower beyond the error | **FAIL** |")
        .contains(
            "| Rejection (badSignature_RS256) no slower than acceptance | RS256 | 970 ± 10 vs 960"
                + " ± 10 | not slower beyond the error | **PASS** |")
        .contains("| `verity_RS256` | 960 | 1.90k | 1.98× |")
        .contains("| http | **verity** | 300 | 290 | 310 | +200 | 1500 | +800 |")
        .contains("(performance/ratio-to-floor.png)")
        .contains(notes)
        .doesNotContain("old page", "old tail", "### PS256");
    // The engine never stands in for the plain verifier where the JDK is not the bottleneck.
    assertThat(md).doesNotContain("| RS256 | 960 vs auth0 950 | > best peer | **JDK-BOUND**");
    for (String chart :
        new String[] {
          "ratio-to-floor.png",
          "alloc.png",
          "throughput-RS256.png",
          "throughput-HS256.png",
          "cold-start.png"
        }) {
      byte[] png = Files.readAllBytes(dir.resolve("docs/performance").resolve(chart));
      assertThat(png).as(chart).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  @Test
  void notSlowerVerdict_gapAgainstCombinedError() {
    ReportRenderer.Result acceptance = new ReportRenderer.Result("verity_RS256", 1000, 30, 0, 1);

    assertThat(verdict(1000, 1, acceptance)).isEqualTo("**PASS**");
    // gap 50 against the root of 40² + 30² = 50: not shown to be slower
    assertThat(verdict(950, 40, acceptance))
        .isEqualTo("**PASS** (5% lower, within the error of 50)");
    assertThat(verdict(949, 40, acceptance)).isEqualTo("**FAIL**");
    assertThat(verdict(500, Double.NaN, acceptance)).isEqualTo("**FAIL**");
  }

  private static String verdict(double score, double error, ReportRenderer.Result acceptance) {
    return ReportRenderer.notSlowerVerdict(
        new ReportRenderer.Result("verity_reject_x", score, error, 0, 1), acceptance);
  }

  @Test
  void notes_pageWithoutMarkers_isNull() {
    assertThat(ReportRenderer.notes("# page\nno markers\n")).isNull();
    assertThat(ReportRenderer.defaultNotes())
        .startsWith(ReportRenderer.NOTES_BEGIN)
        .endsWith(ReportRenderer.NOTES_END);
  }

  @Test
  void settings_longerWarmUpForTwoAlgorithms_namesThem() throws Exception {
    String jmh =
        "["
            + String.join(
                ",",
                run("floor_RS256", 1000, 6000, 1),
                longWarmUp(run("verity_ES256", 900, 40000, 1)),
                longWarmUp(run("verityBc_EdDSA", 900, 8000, 1)),
                run("verity_HS256", 40000, 4000, 1))
            + "]";

    String settings = ReportRenderer.settings(new ObjectMapper().readTree(jmh));

    assertThat(settings)
        .isEqualTo(
            "1 fork(s) per benchmark, one per round; warm-up 2 × 1 s"
                + " (ES256, EdDSA: 10 × 1 s); measurement 3 × 1 s");
  }

  private static String longWarmUp(String run) {
    return run.replace("\"warmupIterations\":2", "\"warmupIterations\":10");
  }

  @Test
  void budgetChecks_cacheHit_passesUnder200NanosAndFailsAbove() {
    ReportRenderer fast =
        renderer(new ReportRenderer.Result("verity_cacheHit_RS256", 12.5e6, 1e5, 8, 1));
    ReportRenderer slow =
        renderer(new ReportRenderer.Result("verity_cacheHit_RS256", 4e6, 1e5, 8, 1));

    assertThat(fast.budgetChecks())
        .contains(
            "| Verified-token cache hit (`verity_cacheHit_RS256`) | RS256 | 80 ns (12.50M ops/s, 8"
                + " B/op) | < 200 ns | **PASS** |");
    assertThat(slow.budgetChecks())
        .contains("| 250 ns (4.00M ops/s, 8 B/op) | < 200 ns | **FAIL** |");
  }

  private static ReportRenderer renderer(ReportRenderer.Result result) {
    return new ReportRenderer(java.util.Map.of(result.name(), result), null, java.util.Map.of());
  }
}
