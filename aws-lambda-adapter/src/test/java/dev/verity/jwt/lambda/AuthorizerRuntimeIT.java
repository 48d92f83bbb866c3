package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.TestData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code verity-authorizer.jar} as Lambda runs it: the real runtime interface client in its own
 * JVM, one process for the class, invoked with API Gateway's sample events (from
 * ../shared/testdata/apigw-events, with a token put where API Gateway puts it) and with events
 * built here. What API Gateway sees is what the client posts back: the answer's JSON, or the error
 * whose {@code errorMessage} decides 401 or 500.
 */
@Timeout(120)
class AuthorizerRuntimeIT {
  @RegisterExtension
  static final AuthorizerFunction function =
      new AuthorizerFunction(
          "VERITY_CONTEXT_CLAIMS", "email", "VERITY_HTTP_API_RESPONSE", "simple");

  private static Map<String, Object> json(String text) throws Exception {
    return JsonUtil.parseJson(text);
  }

  @SuppressWarnings("unchecked")
  private static String sampleWithToken(String file, String token) throws Exception {
    Map<String, Object> event = new LinkedHashMap<>(json(TestData.read("apigw-events/" + file)));
    if ("TOKEN".equals(event.get("type"))) {
      event.put("authorizationToken", "Bearer " + token);
    } else {
      Map<String, Object> headers =
          new LinkedHashMap<>((Map<String, Object>) event.getOrDefault("headers", Map.of()));
      headers.put("Authorization", "Bearer " + token);
      event.put("headers", headers);
      event.remove("multiValueHeaders");
      if (event.get("identitySource") instanceof List) {
        event.put("identitySource", List.of("Bearer " + token));
      } else if (event.containsKey("identitySource")) {
        event.put("identitySource", "Bearer " + token);
      }
    }
    return JsonUtil.toJson(event);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rest-token-authorizer.awsdocs.json",
        "rest-request-authorizer.awsdocs.json",
        "websocket-connect-request-authorizer.awsdocs.json",
        "http-api-v1-lambda-authorizer.awsdocs.json",
        "http-api-v1-lambda-authorizer.aws-lambda-java-libs.json"
      })
  @SuppressWarnings("unchecked")
  void awsSampleEvents_withAValidToken_policyAllowingTheMethodArn(String file) throws Exception {
    String event = sampleWithToken(file, LoopbackIssuer.token("email", "alice@example.com"));
    String methodArn = (String) json(event).get("methodArn");

    FakeRuntimeApi.Outcome outcome = function.invoke(event);

    assertThat(outcome.error()).as(outcome.body()).isFalse();
    Map<String, Object> answer = json(outcome.body());
    assertThat(answer.get("principalId")).isEqualTo("alice");
    List<Map<String, Object>> statements =
        (List<Map<String, Object>>)
            ((Map<String, Object>) answer.get("policyDocument")).get("Statement");
    assertThat(statements.get(0)).containsEntry("Effect", "Allow");
    assertThat((List<String>) statements.get(0).get("Resource")).contains(methodArn);
    assertThat((Map<String, Object>) answer.get("context"))
        .containsEntry("email", "alice@example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http-api-v2-lambda-authorizer.awsdocs.json",
        "http-api-v2-lambda-authorizer.aws-lambda-java-libs.json"
      })
  void awsSampleEvents_httpApiV2_simpleResponse(String file) throws Exception {
    FakeRuntimeApi.Outcome outcome =
        function.invoke(sampleWithToken(file, LoopbackIssuer.token("email", "alice@example.com")));

    assertThat(outcome.error()).as(outcome.body()).isFalse();
    assertThat(json(outcome.body()))
        .containsEntry("isAuthorized", true)
        .containsEntry("context", Map.of("email", "alice@example.com"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rest-token-authorizer.awsdocs.json",
        "rest-request-authorizer.awsdocs.json",
        "http-api-v2-lambda-authorizer.awsdocs.json"
      })
  void awsSampleEvents_asPublished_unauthorized(String file) throws Exception {
    // The samples carry "allow", "user1,123" or no credential: never a token that verifies.
    FakeRuntimeApi.Outcome outcome = function.invoke(TestData.read("apigw-events/" + file));

    assertThat(outcome.error()).isTrue();
    assertThat(json(outcome.body()))
        .containsEntry("errorMessage", "Unauthorized")
        .containsEntry("errorType", AuthorizerException.class.getName());
  }

  @Test
  void expiredToken_unauthorizedWithoutStackTraceAndTheTokenNowhereInTheLogs() throws Exception {
    long past = java.time.Instant.now().getEpochSecond() - 7200;
    String token = LoopbackIssuer.token("iat", past, "exp", past + 60);

    FakeRuntimeApi.Outcome outcome =
        function.invoke(Events.restRequest("GET", "/orders", Events.bearer(token)));

    assertThat(outcome.error()).isTrue();
    Map<String, Object> error = json(outcome.body());
    assertThat(error).containsEntry("errorMessage", "Unauthorized");
    assertThat((List<?>) error.getOrDefault("stackTrace", List.of())).isEmpty();
    assertThat(outcome.body()).doesNotContain(token.split("\\.")[1]);
    assertThat(function.output())
        .contains("\"Code\":\"EXPIRED\"")
        .doesNotContain(token.split("\\.")[1])
        .doesNotContain(token.split("\\.")[2]);
  }

  @Test
  void decisionLines_oneJsonObjectPerLineOnStandardOutput() throws Exception {
    function.invoke(Events.restRequest("GET", "/x", Events.bearer(LoopbackIssuer.token())));

    List<String> decisions =
        function.output().lines().filter(l -> l.contains("\"verity.decision\"")).toList();
    assertThat(decisions).isNotEmpty();
    for (String line : decisions) {
      assertThat(json(line)).containsKeys("_aws", "Outcome", "Code", "Latency", "Decisions");
    }
  }
}
