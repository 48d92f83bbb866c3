package dev.verity.jwt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Runs every state's setup (which proves each verifier accepts the token and rejects a tampered
 * one) and every benchmark method once, so a broken peer setup fails the build, not a benchmark
 * run.
 */
class VerifyBenchmarkTest {

  @Test
  void everyBenchmark_calledOnce_answersAsExpected() throws Exception {
    VerifyBenchmark benchmark = new VerifyBenchmark();
    Map<Class<?>, Object> states = new HashMap<>();
    List<String> called = new ArrayList<>();
    for (Method method : benchmarkMethods()) {
      Object state = states.computeIfAbsent(method.getParameterTypes()[0], this::setUp);
      Object result = method.invoke(benchmark, state);
      String name = method.getName();
      if (name.startsWith("verity_reject_badSignature_")) {
        assertThat(result).as(name).isEqualTo(ErrorCode.BAD_SIGNATURE);
      } else if (name.equals("verity_reject_expired_RS256")) {
        assertThat(result).as(name).isEqualTo(ErrorCode.EXPIRED);
      } else if (name.equals("verity_reject_worstHeader_RS256")) {
        assertThat(result).as(name).isEqualTo(ErrorCode.ALGORITHM_NOT_ALLOWED);
      } else if (name.equals("verity_reject_malformed")) {
        assertThat(result).as(name).isEqualTo(ErrorCode.MALFORMED);
      } else if (name.startsWith("floor_")) {
        assertThat(result).as(name).isEqualTo(Boolean.TRUE);
      } else {
        assertThat(result).as(name).isNotNull();
      }
      called.add(name);
    }
    assertThat(called)
        .hasSize(44)
        .contains(
            "verity_RS256",
            "verity_cacheHit_RS256",
            "verityBc_ES256",
            "verityBc_EdDSA",
            "nimbus_EdDSA",
            "jjwt_EdDSA",
            "auth0_ES256",
            "floor_HS256",
            "verity_reject_worstHeader_RS256")
        .doesNotContain("auth0_PS256", "auth0_EdDSA");
  }

  @Test
  void methodNames_followLibraryUnderscoreAlgorithm() {
    List<String> libraries =
        List.of("verity", "verityBc", "nimbus", "jose4j", "auth0", "jjwt", "floor");
    for (Method method : benchmarkMethods()) {
      String[] parts = method.getName().split("_");
      assertThat(libraries).as(method.getName()).contains(parts[0]);
      if (parts.length == 2) {
        assertThat(Fixture.ALGORITHMS).as(method.getName()).contains(parts[1]);
      }
    }
  }

  private static List<Method> benchmarkMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method method : VerifyBenchmark.class.getMethods()) {
      if (method.isAnnotationPresent(Benchmark.class)) {
        methods.add(method);
      }
    }
    methods.sort((a, b) -> a.getName().compareTo(b.getName()));
    return methods;
  }

  private Object setUp(Class<?> stateType) {
    try {
      Object state = stateType.getConstructor().newInstance();
      Method setup =
          Arrays.stream(stateType.getMethods())
              .filter(m -> m.isAnnotationPresent(Setup.class))
              .findFirst()
              .orElseThrow();
      setup.invoke(state);
      return state;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("setup of " + stateType.getSimpleName() + " failed", e);
    }
  }
}
