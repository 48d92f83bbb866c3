package dev.verity.jwt.lambda;

import static dev.verity.jwt.lambda.Events.API;
import static dev.verity.jwt.lambda.Events.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.web.SettingsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The authorizer in-process, event by event: the contract's outcomes for each shape, the policy,
 * {@code principalId}, {@code context}, {@code usageIdentifierKey}, and the decision line. The
 * runtime client's own path (serialization, errors, init failure) is {@code AuthorizerRuntimeIT}.
 */
class VerityAuthorizerTest {
  @RegisterExtension static final LoopbackIssuer issuer = new LoopbackIssuer();

  /** One authorizer and what it wrote to standard output. */
  private static final class Run {
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final VerityAuthorizer authorizer;

    Run(String... settings) {
      authorizer =
          new VerityAuthorizer(
              issuer.environment(settings),
              new PrintStream(log, true, StandardCharsets.UTF_8),
              InstantSource.system());
    }

    Map<String, Object> answer(String event) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        authorizer.handleRequest(
            new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JsonUtil.parseJson(out.toString(StandardCharsets.UTF_8));
      } catch (java.io.IOException | JoseException e) {
        throw new AssertionError(e);
      }
    }

    AuthorizerException failure(String event) {
      try {
        authorizer.handleRequest(
            new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
            new ByteArrayOutputStream(),
            null);
      } catch (AuthorizerException e) {
        return e;
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      throw new AssertionError("the invocation did not fail");
    }

    Map<String, Object> lastLine() {
      String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
      try {
        return JsonUtil.parseJson(lines[lines.length - 1]);
      } catch (JoseException e) {
        throw new AssertionError(e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(Map<String, Object> answer) {
    return (List<Map<String, Object>>)
        ((Map<String, Object>) answer.get("policyDocument")).get("Statement");
  }

  @SuppressWarnings("unchecked")
  private static List<String> resources(Map<String, Object> answer, String effect) {
    return statements(answer).stream()
        .filter(s -> effect.equals(s.get("Effect")))
        .flatMap(s -> ((List<String>) s.get("Resource")).stream())
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(Map<String, Object> answer) {
    return (Map<String, Object>) answer.get("context");
  }

  @Test
  void restRequest_validTokenNoRules_allowsTheWholeStageForTheSubject() {
    Run run = new Run();

    Map<String, Object> answer =
        run.answer(
            Events.restRequest("GET", "/orders/1", bearer(LoopbackIssuer.token("scope", "a b"))));

    assertThat(answer.get("principalId")).isEqualTo("alice");
    assertThat(((Map<?, ?>) answer.get("policyDocument")).get("Version")).isEqualTo("2012-10-17");
    assertThat(statements(answer))
        .allSatisfy(s -> assertThat(s.get("Action")).isEqualTo("execute-api:Invoke"));
    assertThat(resources(answer, "Allow")).containsExactly(API + "*/*", API + "GET/orders/1");
    assertThat(resources(answer, "Deny")).isEmpty();
    assertThat(context(answer)).containsEntry("scope", "a b");
    assertThat(answer).doesNotContainKey("usageIdentifierKey");
  }

  @Test
  void restToken_validToken_allowed() {
    Run run = new Run();

    Map<String, Object> answer =
        run.answer(Events.restToken("Bearer " + LoopbackIssuer.token(), "GET", "/"));

    assertThat(resources(answer, "Allow")).contains(API + "GET/");
  }

  @Test
  void restToken_bareToken_acceptedAsApiGatewaysCognitoConvention() {
    Map<String, Object> answer =
        new Run().answer(Events.restToken(LoopbackIssuer.token(), "GET", "/"));

    assertThat(answer.get("principalId")).isEqualTo("alice");
  }

  @Test
  void missingToken_unauthorizedAndLoggedAsNoToken() {
    Run run = new Run();

    AuthorizerException e = run.failure(Events.restRequest("GET", "/orders", Map.of()));

    assertThat(e.getMessage()).isEqualTo("Unauthorized");
    assertThat(e.isUnauthorized()).isTrue();
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(run.lastLine())
        .containsEntry("Outcome", "unauthorized")
        .containsEntry("Code", "NO_TOKEN");
  }

  @Test
  void otherScheme_isAMissingToken() {
    AuthorizerException e =
        new Run()
            .failure(
                Events.restRequest(
                    "GET", "/orders", Map.of("Authorization", "Basic YWxpY2U6cHc=")));

    assertThat(e.getMessage()).isEqualTo("Unauthorized");
  }

  @Test
  void lowerCaseSchemeAndHeaderName_verified() {
    Map<String, Object> answer =
        new Run()
            .answer(
                Events.restRequest(
                    "GET", "/orders", Map.of("authorization", "bearer " + LoopbackIssuer.token())));

    assertThat(answer.get("principalId")).isEqualTo("alice");
  }

  @Test
  void expiredToken_unauthorizedLoggedWithItsCodeIssuerAndKidButNeverTheToken() {
    Run run = new Run();
    long past = java.time.Instant.now().getEpochSecond() - 7200;
    String token = LoopbackIssuer.token("iat", past, "exp", past + 60);

    AuthorizerException e = run.failure(Events.restRequest("GET", "/orders", bearer(token)));

    assertThat(e.getMessage()).isEqualTo("Unauthorized");
    assertThat(run.lastLine())
        .containsEntry("Code", "EXPIRED")
        .containsEntry("issuer", "https://issuer.example.com")
        .containsEntry("kid", "k1");
    String log = run.log.toString(StandardCharsets.UTF_8);
    assertThat(log).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
  }

  @Test
  void tokenInHeaderAndQuery_twoTokensAreUnauthorized() {
    Run run = new Run("VERITY_QUERY_TOKEN", "access_token");
    String token = LoopbackIssuer.token();

    AuthorizerException e =
        run.failure(
            Events.restRequest("GET", "/orders", bearer(token), Map.of("access_token", token)));

    assertThat(e.getMessage()).isEqualTo("Unauthorized");
    assertThat(run.lastLine()).containsEntry("Code", "MULTIPLE_TOKENS");
  }

  @Test
  void queryToken_whenConfigured_verified() {
    Run run = new Run("VERITY_QUERY_TOKEN", "access_token");

    Map<String, Object> answer =
        run.answer(
            Events.webSocketConnect(Map.of())
                .replace(
                    "\"headers\":{}",
                    "\"headers\":{},\"queryStringParameters\":{\"access_token\":\""
                        + LoopbackIssuer.token()
                        + "\"}"));

    assertThat(resources(answer, "Allow")).containsExactly(API + "$connect");
  }

  @Test
  void rulesRefuseTheRoute_policyDeniesItAndStillNamesThePrincipal() {
    Run run = new Run("VERITY_RULES", "GET /orders/**=orders:read; DELETE /orders/{id}=role:admin");

    Map<String, Object> answer =
        run.answer(
            Events.restRequest(
                "DELETE", "/orders/7", bearer(LoopbackIssuer.token("scope", "orders:read"))));

    assertThat(answer.get("principalId")).isEqualTo("alice");
    assertThat(resources(answer, "Deny"))
        .contains(API + "DELETE/orders/7", API + "DELETE/orders/*");
    assertThat(run.lastLine())
        .containsEntry("Outcome", "deny")
        .containsEntry("Code", "MISSING_ROLE");
  }

  @Test
  void requiredScopesMissing_wholeStageDenied() {
    Run run = new Run("VERITY_REQUIRED_SCOPES", "orders:read");

    Map<String, Object> answer =
        run.answer(Events.restRequest("GET", "/orders", bearer(LoopbackIssuer.token())));

    assertThat(resources(answer, "Allow")).isEmpty();
    assertThat(resources(answer, "Deny")).containsExactly(API + "*");
    assertThat(run.lastLine()).containsEntry("Code", "INSUFFICIENT_SCOPE");
  }

  @Test
  void contextClaims_keepJsonTypesJoinArraysAndLeaveObjectsOut() {
    Run run =
        new Run(
            "VERITY_CONTEXT_CLAIMS",
            "email, level, admin, groups, address, realm_access.roles, absent");
    String token =
        LoopbackIssuer.token(
            "email",
            "alice@example.com",
            "level",
            3,
            "admin",
            false,
            "groups",
            List.of("a", "b", 7),
            "address",
            Map.of("city", "Paris"),
            "realm_access",
            Map.of("roles", List.of("reader", "writer")));

    Map<String, Object> context =
        context(run.answer(Events.restRequest("GET", "/", bearer(token))));

    assertThat(context)
        .containsEntry("email", "alice@example.com")
        .containsEntry("level", 3L)
        .containsEntry("admin", false)
        .containsEntry("groups", "a,b,7")
        .containsEntry("realm_access.roles", "reader,writer")
        .doesNotContainKeys("address", "absent", "scope");
  }

  @Test
  void usageIdentifierKey_fromTheClaimOnRestOnly() {
    Run run = new Run("VERITY_USAGE_IDENTIFIER_CLAIM", "api_key");
    String token = LoopbackIssuer.token("api_key", "key-123");

    assertThat(run.answer(Events.restRequest("GET", "/", bearer(token))))
        .containsEntry("usageIdentifierKey", "key-123");
    assertThat(run.answer(Events.httpApiV1("GET", "/", "Bearer " + token)))
        .doesNotContainKey("usageIdentifierKey");
  }

  @Test
  void principalClaim_configured_isThePrincipalId() {
    Run run = new Run("VERITY_PRINCIPAL_CLAIM", "email");

    Map<String, Object> answer =
        run.answer(
            Events.restRequest("GET", "/", bearer(LoopbackIssuer.token("email", "a@example.com"))));

    assertThat(answer.get("principalId")).isEqualTo("a@example.com");
    assertThat(
            new Run("VERITY_PRINCIPAL_CLAIM", "email")
                .failure(Events.restRequest("GET", "/", bearer(LoopbackIssuer.token())))
                .getMessage())
        .isEqualTo("Unauthorized");
  }

  @Test
  void httpApiV2Simple_allowedWithContextAndRefusedWithout() {
    Run run = new Run("VERITY_RULES", "POST /orders=orders:write", "VERITY_CONTEXT_CLAIMS", "sub");
    String token = LoopbackIssuer.token("scope", "orders:read");

    assertThat(run.answer(Events.httpApiV2("GET", "/orders", "Bearer " + token)))
        .containsEntry("isAuthorized", true)
        .containsEntry("context", Map.of("sub", "alice", "scope", "orders:read"));
    assertThat(run.answer(Events.httpApiV2("POST", "/orders", "Bearer " + token)))
        .isEqualTo(Map.of("isAuthorized", false));
  }

  @Test
  void httpApiV2Iam_policyForTheRouteArn() {
    Run run = new Run("VERITY_HTTP_API_RESPONSE", "iam");

    Map<String, Object> answer =
        run.answer(Events.httpApiV2("GET", "/orders", "Bearer " + LoopbackIssuer.token()));

    assertThat(resources(answer, "Allow")).contains(API + "GET/orders");
  }

  @Test
  void httpApiV1_tokenFromTheAuthorizationHeader() {
    Map<String, Object> answer =
        new Run().answer(Events.httpApiV1("GET", "/orders", "Bearer " + LoopbackIssuer.token()));

    assertThat(answer.get("principalId")).isEqualTo("alice");
  }

  @Test
  void webSocketConnect_onlyRequiredScopesApplyAndOnlyTheConnectRouteIsNamed() {
    Run run = new Run("VERITY_RULES", "GET /orders/**=orders:read");

    Map<String, Object> answer =
        run.answer(Events.webSocketConnect(bearer(LoopbackIssuer.token())));

    assertThat(resources(answer, "Allow")).containsExactly(API + "$connect");
  }

  @Test
  void jwksUnreachable_initSucceedsAndInvocationsFailWithAnotherMessageThanUnauthorized() {
    issuer.failing(true);
    try {
      Run run = new Run();

      AuthorizerException e =
          run.failure(Events.restRequest("GET", "/", bearer(LoopbackIssuer.token())));

      assertThat(e.isUnauthorized()).isFalse();
      assertThat(e.getMessage()).startsWith("JWKS_UNAVAILABLE");
      assertThat(run.lastLine()).containsEntry("Outcome", "unavailable");
    } finally {
      issuer.failing(false);
    }
  }

  @Test
  void jwksSeed_firstInvocationVerifiesWithoutAnyFetch(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path seed =
        java.nio.file.Files.writeString(
            dir.resolve("jwks.json"),
            dev.verity.jwt.testsupport.Tokens.jwks(
                dev.verity.jwt.testsupport.Tokens.rsa(), LoopbackIssuer.KID));
    Run run =
        new Run(
            "VERITY_JWKS_URI", "http://127.0.0.1:9/jwks.json", "VERITY_JWKS_SEED", seed.toString());

    Map<String, Object> answer =
        run.answer(Events.restRequest("GET", "/", bearer(LoopbackIssuer.token())));

    assertThat(answer.get("principalId")).isEqualTo("alice");
  }

  @Test
  void misconfiguration_failsInitNamingTheVariable() {
    assertThatThrownBy(() -> new Run("VERITY_ALGORITHM", "RS256"))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("VERITY_ALGORITHM: ");
    assertThatThrownBy(() -> new Run("VERITY_PUBLIC_PATHS", "/health"))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("VERITY_PUBLIC_PATHS: ");
  }

  @Test
  void notAnAuthorizerEvent_failsWithAnotherMessageThanUnauthorized() {
    Run run = new Run();

    AuthorizerException e = run.failure("{\"requestContext\":{\"eventType\":\"CONNECT\"}}");

    assertThat(e.isUnauthorized()).isFalse();
    assertThat(run.lastLine()).containsEntry("Code", "INVALID_EVENT");
  }

  @Test
  @SuppressWarnings("unchecked")
  void decisionLine_isEmbeddedMetricFormatWithEveryMetricAtTheRoot() {
    Run run = new Run();
    run.answer(Events.restRequest("GET", "/orders", bearer(LoopbackIssuer.token())));

    Map<String, Object> line = run.lastLine();
    Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
    assertThat(aws.get("Timestamp")).isInstanceOf(Number.class);
    for (Map<String, Object> directive : (List<Map<String, Object>>) aws.get("CloudWatchMetrics")) {
      assertThat(directive.get("Namespace")).isEqualTo("Verity");
      for (List<String> dimensions : (List<List<String>>) directive.get("Dimensions")) {
        for (String dimension : dimensions) {
          assertThat(line.get(dimension)).isInstanceOf(String.class);
        }
      }
      for (Map<String, Object> metric : (List<Map<String, Object>>) directive.get("Metrics")) {
        assertThat(line.get((String) metric.get("Name"))).isInstanceOf(Number.class);
      }
    }
    assertThat(line)
        .containsEntry("Outcome", "allow")
        .containsEntry("Code", "NONE")
        .containsEntry("route", "GET /orders")
        .containsEntry("principal", "alice");
  }

  @Test
  void malformedEvent_failureNeverQuotesTheEventsText() {
    Run run = new Run();
    String token = LoopbackIssuer.token();

    AuthorizerException e =
        run.failure("{\"type\":\"TOKEN\",\"authorizationToken\":" + token + "}");

    assertThat(e.isUnauthorized()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo("Invalid authorizer event: the event is not JSON within the limits");
    assertThat(run.log.toString(StandardCharsets.UTF_8)).doesNotContain(token.substring(0, 20));
  }
}
