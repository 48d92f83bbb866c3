package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.Tokens;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route rules through the runtime interface client: a tampered token is 401; a valid token without
 * the scope or role a route needs gets a policy that denies that route (API Gateway's 403) and
 * still names the caller.
 */
@Timeout(120)
class AuthorizerRulesRuntimeIT {
  @RegisterExtension
  static final AuthorizerFunction function =
      new AuthorizerFunction(
          "VERITY_RULES",
          "GET /orders/**=orders:read; DELETE /orders/{id}=role:admin",
          "VERITY_HTTP_API_RESPONSE",
          "simple");

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> effects(String body) throws Exception {
    Map<String, Object> answer = JsonUtil.parseJson(body);
    List<Map<String, Object>> statements =
        (List<Map<String, Object>>)
            ((Map<String, Object>) answer.get("policyDocument")).get("Statement");
    Map<String, List<String>> effects = new java.util.HashMap<>();
    for (Map<String, Object> statement : statements) {
      effects.put((String) statement.get("Effect"), (List<String>) statement.get("Resource"));
    }
    return effects;
  }

  @Test
  void tamperedToken_unauthorized() throws Exception {
    String token = Tokens.tamperSignature(LoopbackIssuer.token("scope", "orders:read"));

    FakeRuntimeApi.Outcome outcome =
        function.invoke(Events.restRequest("GET", "/orders", Events.bearer(token)));

    assertThat(outcome.error()).isTrue();
    assertThat(JsonUtil.parseJson(outcome.body())).containsEntry("errorMessage", "Unauthorized");
    assertThat(function.output()).contains("\"Code\":\"BAD_SIGNATURE\"");
  }

  @Test
  void missingScope_policyDeniesTheRoute() throws Exception {
    FakeRuntimeApi.Outcome outcome =
        function.invoke(
            Events.restRequest(
                "GET", "/orders/7", Events.bearer(LoopbackIssuer.token("scope", "other"))));

    assertThat(outcome.error()).as(outcome.body()).isFalse();
    assertThat(JsonUtil.parseJson(outcome.body())).containsEntry("principalId", "alice");
    assertThat(effects(outcome.body()).get("Deny")).contains(Events.API + "GET/orders/7");
  }

  @Test
  void wrongRoute_roleMissing_deniedWhileTheReadRouteIsAllowed() throws Exception {
    String token = LoopbackIssuer.token("scope", "orders:read");

    FakeRuntimeApi.Outcome delete =
        function.invoke(Events.restRequest("DELETE", "/orders/7", Events.bearer(token)));
    FakeRuntimeApi.Outcome read =
        function.invoke(Events.restRequest("GET", "/orders/7", Events.bearer(token)));

    assertThat(effects(delete.body()).get("Deny")).contains(Events.API + "DELETE/orders/7");
    assertThat(effects(read.body()).get("Allow")).containsExactly(Events.API + "*/*");
    assertThat(effects(read.body()).get("Deny")).contains(Events.API + "DELETE/orders/*");
  }

  @Test
  void httpApiV2Simple_wrongScopeIsNotAuthorized() throws Exception {
    FakeRuntimeApi.Outcome outcome =
        function.invoke(Events.httpApiV2("GET", "/orders", "Bearer " + LoopbackIssuer.token()));

    assertThat(JsonUtil.parseJson(outcome.body())).isEqualTo(Map.of("isAuthorized", false));
  }
}
