package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.TestData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two helpers for Lambda backends: claims API Gateway's own authorizer passed on (trusted from
 * the gateway, not verified here), and a backend behind a proxy integration verifying the token and
 * the rules itself, answering with ready 401/400/403/503 proxy responses.
 */
class BackendHelpersTest {
  @RegisterExtension static final LoopbackIssuer issuer = new LoopbackIssuer();

  private static Map<String, Object> event(String file) throws Exception {
    return new LinkedHashMap<>(JsonUtil.parseJson(TestData.read("apigw-events/" + file)));
  }

  private static Map<String, Object> withHeader(
      Map<String, Object> event, String name, String value) {
    @SuppressWarnings("unchecked")
    Map<String, Object> headers =
        new LinkedHashMap<>((Map<String, Object>) event.getOrDefault("headers", Map.of()));
    headers.put(name, value);
    event.put("headers", headers);
    return event;
  }

  @Test
  void gatewayClaims_httpApiJwtAuthorizer_claimsAndScopes() throws Exception {
    for (String file :
        List.of(
            "http-api-v2-integration-jwt-claims.awsdocs.json",
            "http-api-v2-integration-jwt-claims.aws-lambda-java-libs.json")) {
      ClaimsFromGateway claims = ClaimsFromGateway.of(event(file)).orElseThrow();

      assertThat(claims.claims())
          .containsEntry("claim1", "value1")
          .containsEntry("claim2", "value2");
      assertThat(claims.scopes()).containsExactly("scope1", "scope2");
      assertThat(claims.toString()).contains("not verified here").doesNotContain("value1");
    }
  }

  @Test
  void gatewayClaims_restCognitoAuthorizer_scopesFromTheScopeClaim() throws Exception {
    String json =
        "{\"httpMethod\":\"GET\",\"requestContext\":{\"authorizer\":{\"claims\":"
            + "{\"sub\":\"alice\",\"scope\":\"orders:read orders:write\",\"auth_time\":1700000000}}}}";

    ClaimsFromGateway claims =
        ClaimsFromGateway.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
            .orElseThrow();

    assertThat(claims.subject()).contains("alice");
    assertThat(claims.claim("auth_time")).contains("1700000000");
    assertThat(claims.scopes()).containsExactly("orders:read", "orders:write");
  }

  @Test
  void gatewayClaims_noAuthorizer_empty() throws Exception {
    assertThat(
            ClaimsFromGateway.of(event("websocket-connect-integration.aws-lambda-java-libs.json")))
        .isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> headers(ProxyAuthenticator.Result result) {
    return (Map<String, Object>) result.response().orElseThrow().get("headers");
  }

  @Test
  void proxy_httpApiEventWithAValidToken_authenticated() throws Exception {
    ProxyAuthenticator proxy = new ProxyAuthenticator(issuer.environment());
    Map<String, Object> event =
        withHeader(
            event("http-api-v2-integration-jwt-claims.awsdocs.json"),
            "authorization",
            "Bearer " + LoopbackIssuer.token());

    ProxyAuthenticator.Result result = proxy.authenticate(event);

    assertThat(result.authenticated()).isTrue();
    assertThat(result.jwt().orElseThrow().subject()).contains("alice");
    assertThat(result.response()).isEmpty();
  }

  @Test
  void proxy_noToken_401ChallengeWithoutError() throws Exception {
    ProxyAuthenticator.Result result =
        new ProxyAuthenticator(issuer.environment())
            .authenticate(event("http-api-v2-integration-jwt-claims.awsdocs.json"));

    assertThat(result.authenticated()).isFalse();
    assertThat(result.response().orElseThrow()).containsEntry("statusCode", 401);
    assertThat(headers(result)).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(JsonUtil.parseJson(result.responseJson().orElseThrow()))
        .containsEntry("statusCode", 401L);
  }

  @Test
  void proxy_expiredToken_401InvalidToken() throws Exception {
    long past = java.time.Instant.now().getEpochSecond() - 7200;
    String token = LoopbackIssuer.token("iat", past, "exp", past + 60);
    Map<String, Object> event =
        restProxy("GET", "/orders", Map.of("Authorization", List.of("Bearer " + token)));

    ProxyAuthenticator.Result result =
        new ProxyAuthenticator(issuer.environment()).authenticate(event);

    assertThat(result.response().orElseThrow()).containsEntry("statusCode", 401);
    assertThat((String) headers(result).get("WWW-Authenticate"))
        .startsWith("Bearer error=\"invalid_token\"")
        .doesNotContain(token);
  }

  @Test
  void proxy_twoAuthorizationLines_400InvalidRequest() throws Exception {
    String token = LoopbackIssuer.token();
    Map<String, Object> event =
        restProxy(
            "GET",
            "/orders",
            Map.of("Authorization", List.of("Bearer " + token, "Bearer " + token)));

    ProxyAuthenticator.Result result =
        new ProxyAuthenticator(issuer.environment()).authenticate(event);

    assertThat(result.response().orElseThrow()).containsEntry("statusCode", 400);
    assertThat((String) headers(result).get("WWW-Authenticate")).contains("invalid_request");
  }

  @Test
  void proxy_rulesRefuse_403NamingTheScopes() throws Exception {
    ProxyAuthenticator proxy =
        new ProxyAuthenticator(issuer.environment("VERITY_RULES", "POST /orders=orders:write"));
    Map<String, Object> event =
        restProxy(
            "POST",
            "/orders",
            Map.of(
                "Authorization",
                List.of("Bearer " + LoopbackIssuer.token("scope", "orders:read"))));

    ProxyAuthenticator.Result result = proxy.authenticate(event);

    assertThat(result.response().orElseThrow()).containsEntry("statusCode", 403);
    assertThat((String) headers(result).get("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"orders:write\"");
  }

  @Test
  void proxy_keysUnavailable_503RetryAfter() throws Exception {
    issuer.failing(true);
    try {
      ProxyAuthenticator proxy = new ProxyAuthenticator(issuer.environment());

      ProxyAuthenticator.Result result =
          proxy.authenticate(
              restProxy(
                  "GET",
                  "/",
                  Map.of("Authorization", List.of("Bearer " + LoopbackIssuer.token()))));

      assertThat(result.response().orElseThrow()).containsEntry("statusCode", 503);
      assertThat(headers(result))
          .containsEntry("Retry-After", "5")
          .doesNotContainKey("WWW-Authenticate");
    } finally {
      issuer.failing(false);
    }
  }

  private static Map<String, Object> restProxy(
      String method, String path, Map<String, List<String>> multiValueHeaders) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("resource", path);
    event.put("path", path);
    event.put("httpMethod", method);
    event.put("multiValueHeaders", multiValueHeaders);
    event.put("requestContext", Map.of("stage", "prod"));
    return event;
  }
}
