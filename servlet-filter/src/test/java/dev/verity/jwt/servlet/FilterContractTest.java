package dev.verity.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.Tokens;
import dev.verity.jwt.web.RouteRules;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The servlet filter's contract (RFC 6750, the contract's table), through real HTTP requests to a
 * real container on loopback with the filter registered by {@code verity.*} init parameters and an
 * application servlet behind it. Each container's test class starts it once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class FilterContractTest {
  static final String RULES = "GET /orders/**=orders:read; DELETE /orders/{id}=role:admin";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final LoopbackIssuer issuer = new LoopbackIssuer();
  private final LoopbackIssuer down = new LoopbackIssuer();
  private String server;
  private String base;

  /**
   * Starts the container on 127.0.0.1 with one context per entry (its path, such as {@code /app}),
   * each with the filter on {@code /*} configured by the init parameters and {@link EchoServlet}
   * behind it; returns {@code http://127.0.0.1:PORT}.
   */
  abstract String start(Map<String, Map<String, String>> contexts, Map<String, Filter> inCode)
      throws Exception;

  abstract void stop() throws Exception;

  @BeforeAll
  void startContainer() throws Exception {
    down.failing(true); // the identity provider of /down is unreachable from the start
    server =
        start(
            Map.of(
                "/app",
                issuer.initParameters(
                    "verity.rules", RULES,
                    "verity.public-paths", "/health, /public/**",
                    "verity.realm", "orders",
                    "verity.roles-claim", "realm_access.roles",
                    "verity.query-token", "access_token"),
                "/down",
                down.initParameters(),
                "/extra",
                issuer.initParameters(
                    "verity.error-body", "problem",
                    "verity.cors-origins", "https://app.example.com",
                    "verity.resource", "https://api.example.com/extra",
                    "verity.rules", RULES)),
            Map.of(
                "/code",
                BearerTokenFilter.builder(
                        JwtVerifier.builder()
                            .issuer(Tokens.ISSUER)
                            .audience(Tokens.AUDIENCE)
                            .keys(
                                KeySources.remoteJwksBuilder(URI.create(issuer.jwksUri()))
                                    .allowHttpToLoopback()
                                    .build())
                            .build())
                    .rules(RouteRules.parse(RULES))
                    .realm("code")
                    .build()));
    base = server + "/app";
  }

  @AfterAll
  void stopContainer() throws Exception {
    stop();
    issuer.close();
    down.close();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    return request(base + path, method, headers);
  }

  static String token(Object... claims) {
    return LoopbackIssuer.token(claims);
  }

  @Test
  void noToken_401RealmWithoutError() throws Exception {
    HttpResponse<String> response = get("/orders/7");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"orders\"");
  }

  @Test
  void basicScheme_sameAsNoToken() throws Exception {
    HttpResponse<String> response = get("/orders/7", "Authorization", "Basic YWxpY2U6cHc=");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"orders\"");
  }

  @Test
  void validToken_passedOnWithPrincipalRolesAndAttribute() throws Exception {
    String token = token("scope", "orders:read", "realm_access", Map.of("roles", List.of("admin")));

    HttpResponse<String> response = get("/orders/7", "Authorization", "bearer " + token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("path=/orders/7\n")
        .contains("user=alice\n")
        .contains("principal=alice\n")
        .contains("authType=BEARER\n")
        .contains("admin=true\n")
        .contains("orders:read=true\n")
        .contains("attribute=true\n");
  }

  @Test
  void twoTokens_400InvalidRequest() throws Exception {
    String token = token("scope", "orders:read");

    HttpResponse<String> response =
        get("/orders/7?access_token=" + token, "Authorization", "Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"orders\", error=\"invalid_request\"");
  }

  @Test
  void queryToken_verified() throws Exception {
    HttpResponse<String> response = get("/orders/7?access_token=" + token("scope", "orders:read"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void expiredToken_401InvalidTokenNeverEchoingIt() throws Exception {
    long past = Instant.now().getEpochSecond() - 7200;
    String token = token("iat", past, "exp", past + 60, "scope", "orders:read");

    HttpResponse<String> response = get("/orders/7", "Authorization", "Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(401);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge)
        .startsWith("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"");
    assertThat(challenge + response.body()).doesNotContain(token.split("\\.")[1]);
  }

  @Test
  void garbledToken_401InvalidToken() throws Exception {
    HttpResponse<String> response = get("/orders/7", "Authorization", "Bearer not-a-jwt");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .get()
        .asString()
        .contains("error=\"invalid_token\"");
  }

  @Test
  void missingScope_403NamingTheScope() throws Exception {
    HttpResponse<String> response = get("/orders/7", "Authorization", "Bearer " + token());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"orders\", error=\"insufficient_scope\", scope=\"orders:read\"");
  }

  @Test
  void missingRole_403WithoutScope() throws Exception {
    HttpResponse<String> response =
        send("DELETE", "/orders/7", "Authorization", "Bearer " + token("scope", "orders:read"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"orders\", error=\"insufficient_scope\"");
  }

  @Test
  void publicPath_passedWithoutToken() throws Exception {
    HttpResponse<String> response = get("/public/readme");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("user=null\n");
  }

  @Test
  void dotSegmentsOutOfAPublicPath_meetTheRulesOfTheTarget() throws Exception {
    HttpResponse<String> response = get("/public/../orders/7");

    assertThat(response.statusCode()).isIn(400, 401);
  }

  @Test
  void pathParameters_cannotSlipPastARule() throws Exception {
    HttpResponse<String> response = get("/orders;x=1/7", "Authorization", "Bearer " + token());

    assertThat(response.statusCode()).isIn(400, 403);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "/public/../orders/7",
        "/public/..;/orders/7",
        "/public/%2e%2e/orders/7",
        "/public/%2E%2E/orders/7",
        "//orders/7",
        "/public//../orders/7",
        "/PUBLIC/readme",
        "/public;x=1/../orders/7",
        "/health/../orders/7",
        "/%70ublic/../orders/7"
      })
  void pathConfusion_neverPassedWithoutAToken(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
    assertThat(response.body()).as(path).doesNotContain("user=");
  }

  @Test
  void corsPreflight_passedUntouched() throws Exception {
    HttpResponse<String> response =
        send(
            "OPTIONS",
            "/orders/7",
            "Origin",
            "https://app.example.com",
            "Access-Control-Request-Method",
            "GET");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void jwksUnavailable_503RetryAfterWithoutChallenge() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server + "/down/orders"))
            .header("Authorization", "Bearer " + token())
            .timeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void forwardDispatch_notVerifiedAgainAndKeepsThePrincipal() throws Exception {
    HttpResponse<String> response =
        get("/forward/orders/7", "Authorization", "Bearer " + token("scope", "orders:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("path=/orders/7\n").contains("user=alice\n");
  }

  @Test
  void authenticateLoginLogout_bearerSemantics() throws Exception {
    HttpResponse<String> response =
        get("/auth/x", "Authorization", "Bearer " + token("scope", "orders:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("authenticate=true\n")
        .contains("login=refused\n")
        .contains("afterLogout=alice\n");
  }

  @Test
  void problemBody_rfc9457WhenConfigured() throws Exception {
    HttpResponse<String> response = request(server + "/extra/orders/7", "GET");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    assertThat(response.body())
        .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}");
  }

  @Test
  void cors_refusalReadableByAConfiguredOriginOnly() throws Exception {
    HttpResponse<String> allowed =
        request(server + "/extra/orders/7", "GET", "Origin", "https://app.example.com");
    HttpResponse<String> other =
        request(server + "/extra/orders/7", "GET", "Origin", "https://evil.example.com");

    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example.com");
    assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers"))
        .get()
        .asString()
        .contains("WWW-Authenticate");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void resourceMetadata_servedAndNamedInTheChallenge() throws Exception {
    HttpResponse<String> refused = request(server + "/extra/orders/7", "GET");
    HttpResponse<String> metadata =
        request(server + "/extra" + BearerTokenFilter.METADATA_PATH, "GET");

    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer resource_metadata=\"https://api.example.com/extra/.well-known/oauth-protected-resource\"");
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(org.jose4j.json.JsonUtil.parseJson(metadata.body()))
        .containsEntry("resource", "https://api.example.com/extra")
        .containsEntry("authorization_servers", List.of(Tokens.ISSUER))
        .containsEntry("scopes_supported", List.of("orders:read"))
        .containsEntry("bearer_methods_supported", List.of("header"));
  }

  @Test
  void builderConfiguredFilter_programmaticRegistration() throws Exception {
    HttpResponse<String> refused = request(server + "/code/orders/7", "GET");
    HttpResponse<String> allowed =
        request(
            server + "/code/orders/7",
            "GET",
            "Authorization",
            "Bearer " + token("scope", "orders:read"));

    assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"code\"");
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentMixedRequests_everyAnswerRight() throws Exception {
    String valid = token("scope", "orders:read");
    String noScope = token();
    long past = Instant.now().getEpochSecond() - 7200;
    String expired = token("iat", past, "exp", past + 60, "scope", "orders:read");
    String[] tokens = {valid, noScope, expired};
    int[] expected = {200, 403, 401};
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 240; i++) {
        int kind = i % 3;
        answers.add(
            pool.submit(
                () ->
                    get("/orders/" + kind, "Authorization", "Bearer " + tokens[kind]).statusCode()
                        == expected[kind]));
      }
      for (java.util.concurrent.Future<Boolean> answer : answers) {
        assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keyRotation_aTokenOfTheNewKeyIsAcceptedOnceTheSetHoldsIt() throws Exception {
    issuer.rotate();

    HttpResponse<String> response =
        get("/orders/7", "Authorization", "Bearer " + issuer.rotatedToken("scope", "orders:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(
            get("/orders/7", "Authorization", "Bearer " + token("scope", "orders:read"))
                .statusCode())
        .as("the old key still published")
        .isEqualTo(200);
  }

  @Test
  void jwksOutageWhileRunning_cachedKeysKeepVerifying() throws Exception {
    issuer.failing(true);
    try {
      assertThat(
              get("/orders/7", "Authorization", "Bearer " + token("scope", "orders:read"))
                  .statusCode())
          .isEqualTo(200);
    } finally {
      issuer.failing(false);
    }
  }

  private HttpResponse<String> request(String url, String method, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
