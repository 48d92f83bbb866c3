package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import java.nio.file.Path;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Init through the runtime interface client: a misconfiguration fails init naming the variable; an
 * identity provider that is down does not, its invocations fail with another message than {@code
 * Unauthorized} (API Gateway 500, never cached), and keys that arrive later are used.
 */
@Timeout(120)
class AuthorizerStartupIT {
  @TempDir Path dir;

  @Test
  void misconfiguration_initErrorNamesTheVariableAndTheProcessExits() throws Exception {
    try (LoopbackIssuer issuer = new LoopbackIssuer();
        FakeRuntimeApi api = new FakeRuntimeApi();
        RuntimeClientProcess function =
            RuntimeClientProcess.start(
                api, issuer.environment("VERITY_AUDIENCE", null, "VERITY_AUDIENSE", "x"), dir)) {
      FakeRuntimeApi.Outcome init = api.initError();

      Map<String, Object> error = JsonUtil.parseJson(init.body());
      assertThat((String) error.get("errorMessage")).startsWith("VERITY_AUDIENSE: ");
      assertThat(function.awaitExit()).isNotZero();
    }
  }

  @Test
  void jwksDownAtInit_invocationsFailAs500UntilKeysArrive() throws Exception {
    try (LoopbackIssuer issuer = new LoopbackIssuer();
        FakeRuntimeApi api = new FakeRuntimeApi()) {
      issuer.failing(true);
      try (RuntimeClientProcess function =
          RuntimeClientProcess.start(api, issuer.environment(), dir)) {
        String event = Events.restRequest("GET", "/", Events.bearer(LoopbackIssuer.token()));

        FakeRuntimeApi.Outcome down = api.invoke(event);

        assertThat(down.error()).isTrue();
        String message = (String) JsonUtil.parseJson(down.body()).get("errorMessage");
        assertThat(message).isNotEqualTo("Unauthorized").startsWith("JWKS_UNAVAILABLE");

        issuer.failing(false);
        FakeRuntimeApi.Outcome up = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
          up = api.invoke(event);
          if (!up.error()) {
            break;
          }
          Thread.sleep(250);
        }
        assertThat(up).isNotNull();
        assertThat(up.error()).as(up.body()).isFalse();
        assertThat(JsonUtil.parseJson(up.body())).containsEntry("principalId", "alice");
      }
    }
  }
}
