package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SnapStart through the runtime interface client in its SnapStart mode: before the checkpoint the
 * keys are fetched and the signature path run; after restore, keys still fresh are kept; the first
 * invocation then needs no fetch.
 */
@Timeout(120)
class AuthorizerSnapStartIT {
  @TempDir Path dir;

  @Test
  void checkpointAndRestore_hooksRunInOrderAndTheFirstInvocationFetchesNothing() throws Exception {
    try (LoopbackIssuer issuer = new LoopbackIssuer();
        FakeRuntimeApi api = new FakeRuntimeApi();
        RuntimeClientProcess function =
            RuntimeClientProcess.start(api, issuer.environment(), dir, true)) {
      FakeRuntimeApi.Outcome outcome =
          api.invoke(Events.restRequest("GET", "/", Events.bearer(LoopbackIssuer.token())));

      assertThat(outcome.error()).as(outcome.body()).isFalse();
      assertThat(api.restores()).isEqualTo(1);
      List<String> lines = function.output().lines().filter(l -> l.startsWith("{\"")).toList();
      int checkpoint = indexOf(lines, "verity.checkpoint");
      int restore = indexOf(lines, "verity.restore");
      int decision = indexOf(lines, "verity.decision");
      assertThat(checkpoint).isNotNegative().isLessThan(restore);
      assertThat(restore).isLessThan(decision);
      Map<String, Object> before = JsonUtil.parseJson(lines.get(checkpoint));
      assertThat(before).containsEntry("keysFetched", true);
      assertThat((Long) before.get("signatureChecksWarmed")).isPositive();
      assertThat(JsonUtil.parseJson(lines.get(restore))).containsEntry("keysFetched", false);
      assertThat(issuer.requests()).as("init and the checkpoint, nothing after").isEqualTo(2);
    }
  }

  private static int indexOf(List<String> lines, String event) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"" + event + "\"")) {
        return i;
      }
    }
    return -1;
  }
}
