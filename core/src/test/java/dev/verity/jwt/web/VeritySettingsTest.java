package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verity.jwt.Cognito;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.testsupport.Tokens;
import dev.verity.jwt.web.VeritySettings.Adapter;
import dev.verity.jwt.web.VeritySettings.HttpApiResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flat settings of the configuration without code: read from an environment ({@code VERITY_*})
 * or from init parameters ({@code verity.*}), validated whole at start, every error naming the
 * setting as its source spells it. Keys come from a seed file while the JWKS URL (a closed loopback
 * port) is unreachable, so tokens verify without a network.
 */
class VeritySettingsTest {
  private static final String ISSUER = "https://issuer.example.com";
  private static final String AUDIENCE = "orders-api";
  private static final String UNREACHABLE_JWKS = "http://127.0.0.1:9/jwks.json";
  private static final KeyPair KEY = Tokens.rsa(2048);

  @TempDir static Path dir;
  private static Path seed;

  @BeforeAll
  static void writeSeed() throws IOException {
    seed =
        Files.writeString(
            dir.resolve("seed.json"), Tokens.jwks(Tokens.publicJwk(KEY, "k1", Map.of())));
  }

  private static Map<String, String> environment(String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin"); // not Verity's: ignored
    env.put("VERITYX", "ignored");
    env.put("VERITY_JWKS_URI", UNREACHABLE_JWKS);
    env.put("VERITY_JWKS_SEED", seed.toString());
    env.put("VERITY_ISSUER", ISSUER);
    env.put("VERITY_AUDIENCE", AUDIENCE);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null) {
        env.remove(namesAndValues[i]);
      } else {
        env.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return env;
  }

  private static String token(Object... claimsAndValues) {
    Tokens.Builder builder =
        Tokens.token()
            .kid("k1")
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "alice")
            .claim("exp", Instant.now().getEpochSecond() + 600);
    for (int i = 0; i < claimsAndValues.length; i += 2) {
      builder.claim((String) claimsAndValues[i], claimsAndValues[i + 1]);
    }
    return builder.sign("RS256", KEY.getPrivate());
  }

  private static SettingsException refused(Map<String, String> source, Adapter adapter) {
    try {
      VeritySettings.fromEnvironment(source, adapter);
    } catch (SettingsException e) {
      return e;
    }
    throw new AssertionError("the settings were accepted");
  }

  @Test
  void fromEnvironment_minimalSettings_verifyAndDefault() {
    VeritySettings settings =
        VeritySettings.fromEnvironment(environment(), Adapter.LAMBDA_AUTHORIZER);

    VerifiedJwt jwt = settings.verifier().verify(token());
    assertThat(jwt.subject()).contains("alice");
    assertThat(settings.principalClaim()).isEqualTo("sub");
    assertThat(settings.rolesClaim()).isEmpty();
    assertThat(settings.routeRules().rules()).isEmpty();
    assertThat(settings.routeRules().requiredScopes()).isEmpty();
    assertThat(settings.httpApiResponse()).isEqualTo(HttpApiResponse.SIMPLE);
    assertThat(settings.queryToken()).isEmpty();
    assertThat(settings.challenge().missingToken().wwwAuthenticate()).contains("Bearer");
  }

  @Test
  void fromEnvironment_wrongAudienceOrIssuer_rejectedByTheVerifier() {
    VeritySettings settings = VeritySettings.fromEnvironment(environment(), Adapter.SERVLET_FILTER);

    assertThatThrownBy(() -> settings.verifier().verify(token("aud", "other-api")))
        .isInstanceOf(JwtVerificationException.class)
        .extracting(e -> ((JwtVerificationException) e).code())
        .isEqualTo(ErrorCode.AUDIENCE_MISMATCH);
    assertThatThrownBy(() -> settings.verifier().verify(token("iss", ISSUER + "/")))
        .extracting(e -> ((JwtVerificationException) e).code())
        .isEqualTo(ErrorCode.ISSUER_MISMATCH);
  }

  @Test
  void fromProperties_lowerCaseDottedNames_sameSettings() {
    Map<String, String> properties = new HashMap<>();
    properties.put("verity.jwks-uri", UNREACHABLE_JWKS);
    properties.put("verity.jwks-seed", seed.toString());
    properties.put("verity.issuer", ISSUER);
    properties.put("verity.audience", " " + AUDIENCE + " , other-api ");
    properties.put("verity.realm", "orders");
    properties.put("verity.public-paths", "/health, /public/**");
    properties.put("verity.roles-claim", "realm_access.roles");
    properties.put("verity.query-token", "access_token");
    properties.put("other.setting", "not Verity's");

    VeritySettings settings = VeritySettings.fromProperties(properties, Adapter.SERVLET_FILTER);

    assertThat(settings.verifier().verify(token("aud", "other-api")).subject()).contains("alice");
    assertThat(settings.challenge().missingToken().wwwAuthenticate())
        .contains("Bearer realm=\"orders\"");
    assertThat(settings.publicPaths()).hasSize(2);
    assertThat(settings.publicPaths().get(1).matches("/public/a/b")).isTrue();
    assertThat(settings.rolesClaim()).contains("realm_access.roles");
    assertThat(settings.queryToken()).contains("access_token");
  }

  @Test
  void fromEnvironment_everySetting_appliedToTheVerifierAndRules() {
    VeritySettings settings =
        VeritySettings.fromEnvironment(
            environment(
                "VERITY_ALGORITHMS", "RS256, ES256",
                "VERITY_LEEWAY_SECONDS", "0",
                "VERITY_MAX_TOKEN_BYTES", "4096",
                "VERITY_REQUIRED_CLAIMS", "tenant",
                "VERITY_REQUIRED_SCOPES", "api",
                "VERITY_RULES", "GET /orders/**=orders:read; DELETE /orders/{id}=role:admin",
                "VERITY_PRINCIPAL_CLAIM", "email",
                "VERITY_CONTEXT_CLAIMS", "email, tenant",
                "VERITY_HTTP_API_RESPONSE", "iam"),
            Adapter.LAMBDA_AUTHORIZER);

    assertThatThrownBy(() -> settings.verifier().verify(token()))
        .extracting(e -> ((JwtVerificationException) e).code())
        .isEqualTo(ErrorCode.MISSING_CLAIM);
    assertThat(
            settings
                .verifier()
                .verify(token("tenant", "t1", "email", "a@example.com"))
                .claim("tenant"))
        .contains("t1");
    // The principal claim is required too: without email the caller has no name.
    assertThatThrownBy(() -> settings.verifier().verify(token("tenant", "t1")))
        .extracting(e -> ((JwtVerificationException) e).code())
        .isEqualTo(ErrorCode.MISSING_CLAIM);
    RouteRules rules = settings.routeRules();
    assertThat(rules.requiredScopes()).containsExactly("api");
    assertThat(rules.decide("GET", "/other", Set.of(), Set.of()).allowed()).isFalse();
    assertThat(rules.decide("GET", "/other", Set.of("api"), Set.of()).allowed()).isTrue();
    assertThat(rules.decide("GET", "/orders/1", Set.of("api"), Set.of()).neededScopes())
        .containsExactly("api", "orders:read");
    assertThat(settings.principalClaim()).isEqualTo("email");
    assertThat(settings.contextClaims()).containsExactly("email", "tenant");
    assertThat(settings.httpApiResponse()).isEqualTo(HttpApiResponse.IAM);
  }

  @Test
  void fromEnvironment_cognitoPool_impliesIssuerAndSeedStillApplies() throws IOException {
    String pool = "us-east-1_AbC123";
    VeritySettings settings =
        VeritySettings.fromEnvironment(
            environment(
                "VERITY_JWKS_URI",
                null,
                "VERITY_ISSUER",
                null,
                "VERITY_AUDIENCE",
                null,
                "VERITY_COGNITO_USER_POOL_ID",
                pool,
                "VERITY_CLIENT_ID",
                "client-1",
                "VERITY_TOKEN_USE",
                "access"),
            Adapter.LAMBDA_AUTHORIZER);

    String accessToken =
        Tokens.token()
            .kid("k1")
            .claim("iss", Cognito.issuer(pool))
            .claim("client_id", "client-1")
            .claim("token_use", "access")
            .claim("sub", "alice")
            .claim("exp", Instant.now().getEpochSecond() + 600)
            .sign("RS256", KEY.getPrivate());
    assertThat(settings.verifier().verify(accessToken).clientId()).contains("client-1");
  }

  @Test
  void unknownName_refusedWithTheNearestSetting() {
    SettingsException e =
        refused(environment("VERITY_JWKS_URL", "https://x/jwks"), Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.setting()).isEqualTo("VERITY_JWKS_URL");
    assertThat(e.getMessage()).contains("is not a Verity setting").contains("VERITY_JWKS_URI");
  }

  @Test
  void unknownProperty_refusedWithTheNearestSetting() {
    Map<String, String> properties =
        Map.of("verity.jwks-uri", UNREACHABLE_JWKS, "verity.isuer", ISSUER);

    assertThatThrownBy(() -> VeritySettings.fromProperties(properties, Adapter.SERVLET_FILTER))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("verity.isuer: ")
        .hasMessageContaining("did you mean verity.issuer?");
  }

  @Test
  void settingOfTheOtherAdapter_refused() {
    assertThat(
            refused(environment("VERITY_PUBLIC_PATHS", "/health"), Adapter.LAMBDA_AUTHORIZER)
                .setting())
        .isEqualTo("VERITY_PUBLIC_PATHS");
    assertThat(refused(environment("VERITY_REALM", "api"), Adapter.LAMBDA_AUTHORIZER).setting())
        .isEqualTo("VERITY_REALM");
    assertThat(
            refused(environment("VERITY_HTTP_API_RESPONSE", "iam"), Adapter.SERVLET_FILTER)
                .getMessage())
        .contains("not used by the servlet filter");
    assertThat(
            refused(environment("VERITY_CONTEXT_CLAIMS", "email"), Adapter.SERVLET_FILTER)
                .setting())
        .isEqualTo("VERITY_CONTEXT_CLAIMS");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VERITY_ISSUER", "VERITY_RULES", "VERITY_REQUIRED_SCOPES", "VERITY_TYP"})
  void emptyValue_refusedNamingTheSetting(String name) {
    SettingsException e = refused(environment(name, "  "), Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.setting()).isEqualTo(name);
    assertThat(e.getMessage()).contains("is empty");
  }

  @Test
  void emptyListItem_refused() {
    SettingsException e =
        refused(environment("VERITY_AUDIENCE", "orders-api,,x"), Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.setting()).isEqualTo("VERITY_AUDIENCE");
    assertThat(e.getMessage()).contains("empty item");
  }

  @Test
  void keySource_noneOrSeveral_refused() {
    assertThat(
            refused(environment("VERITY_JWKS_URI", null), Adapter.LAMBDA_AUTHORIZER).getMessage())
        .contains("no key source");
    SettingsException two =
        refused(
            environment("VERITY_OIDC_ISSUER", "https://issuer.example.com"),
            Adapter.LAMBDA_AUTHORIZER);
    assertThat(two.setting()).isEqualTo("VERITY_OIDC_ISSUER");
    assertThat(two.getMessage()).contains("contradicts VERITY_JWKS_URI");
  }

  @Test
  void issuerOrAudienceMissing_refused() {
    assertThat(refused(environment("VERITY_ISSUER", null), Adapter.LAMBDA_AUTHORIZER).setting())
        .isEqualTo("VERITY_ISSUER");
    SettingsException audience =
        refused(environment("VERITY_AUDIENCE", null), Adapter.SERVLET_FILTER);
    assertThat(audience.setting()).isEqualTo("VERITY_AUDIENCE");
    assertThat(audience.getMessage()).contains("VERITY_CLIENT_ID");
  }

  @Test
  void oidcIssuerWithAnotherIssuer_refused() {
    SettingsException e =
        refused(
            environment(
                "VERITY_JWKS_URI",
                null,
                "VERITY_JWKS_SEED",
                null,
                "VERITY_OIDC_ISSUER",
                "https://login.example.com",
                "VERITY_ISSUER",
                "https://other.example.com"),
            Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.getMessage()).startsWith("VERITY_ISSUER: ").contains("VERITY_OIDC_ISSUER");
  }

  @Test
  void oidcIssuerWithASeed_refusedNamingTheSeed() {
    SettingsException e =
        refused(
            environment(
                "VERITY_JWKS_URI", null,
                "VERITY_ISSUER", null,
                "VERITY_OIDC_ISSUER", "https://login.example.com"),
            Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.getMessage()).startsWith("VERITY_JWKS_SEED: ").contains("VERITY_OIDC_ISSUER");
  }

  @Test
  void oidcIssuer_impliesTheIssuer() {
    VeritySettings settings =
        VeritySettings.fromEnvironment(
            environment(
                "VERITY_JWKS_URI", null,
                "VERITY_JWKS_SEED", null,
                "VERITY_ISSUER", null,
                "VERITY_OIDC_ISSUER", "http://127.0.0.1:9"),
            Adapter.LAMBDA_AUTHORIZER);

    // Discovery on a closed loopback port: no keys, but the settings were accepted.
    assertThat(settings.verifier().validate(token()).errorCode())
        .contains(ErrorCode.JWKS_UNAVAILABLE);
  }

  @ParameterizedTest(name = "{0}={1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "VERITY_LEEWAY_SECONDS, abc",
    "VERITY_LEEWAY_SECONDS, -1",
    "VERITY_MAX_AGE_SECONDS, 0",
    "VERITY_MAX_TOKEN_BYTES, 99999999999",
    "VERITY_ALGORITHMS, none",
    "VERITY_ALGORITHMS, HS256",
    "VERITY_TOKEN_USE, refresh",
    "VERITY_HTTP_API_RESPONSE, IAM policy",
    "VERITY_QUERY_TOKEN, access token",
    "VERITY_RULES, GET /orders",
    "VERITY_REQUIRED_SCOPES, a b",
    "VERITY_JWKS_SEED, /no/such/file.json",
    "VERITY_JWKS_SEED, classpath:no/such/resource.json",
    "VERITY_JWKS_URI, http://example.com/jwks.json",
    "VERITY_JWKS_URI, ftp://127.0.0.1/jwks.json",
    "VERITY_COGNITO_USER_POOL_ID, not-a-pool"
  })
  void badValue_refusedNamingTheSetting(String name, String value) {
    Map<String, String> env = environment(name, value);
    if (name.equals("VERITY_COGNITO_USER_POOL_ID")) {
      env.remove("VERITY_JWKS_URI");
    }
    SettingsException e = refused(env, Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.setting()).isEqualTo(name);
    assertThat(e.getMessage()).startsWith(name + ": ");
  }

  @Test
  void rules_errorNamesTheRuleAndTheSetting() {
    SettingsException e =
        refused(environment("VERITY_RULES", "GET /a=x; POST /orders"), Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.getMessage()).startsWith("VERITY_RULES: ").contains("rule 2");
  }

  @Test
  void realmWithControlCharacter_refused() {
    Map<String, String> properties =
        Map.of(
            "verity.jwks-uri", UNREACHABLE_JWKS,
            "verity.issuer", ISSUER,
            "verity.audience", AUDIENCE,
            "verity.realm", "a\u0007b");

    assertThatThrownBy(() -> VeritySettings.fromProperties(properties, Adapter.SERVLET_FILTER))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("verity.realm: ");
  }

  @Test
  void errors_neverCarryATokenOrAPassword() {
    String token = token();
    SettingsException tokenAsTokenUse =
        refused(environment("VERITY_TOKEN_USE", token), Adapter.LAMBDA_AUTHORIZER);
    SettingsException password =
        refused(
            environment("VERITY_JWKS_URI", "https://alice:s3cr3t-pw@issuer.example.com/jwks"),
            Adapter.LAMBDA_AUTHORIZER);

    assertThat(tokenAsTokenUse.getMessage()).doesNotContain(token.substring(0, 20));
    assertThat(password.setting()).isEqualTo("VERITY_JWKS_URI");
    assertThat(password.getMessage())
        .contains("user info")
        .doesNotContain("s3cr3t-pw")
        .doesNotContain("alice");
  }

  @Test
  void editDistance_countsEdits() {
    assertThat(VeritySettings.editDistance("VERITY_JWKS_URL", "VERITY_JWKS_URI")).isEqualTo(1);
    assertThat(VeritySettings.editDistance("abc", "")).isEqualTo(3);
    assertThat(VeritySettings.editDistance("isuer", "issuer")).isEqualTo(1);
  }

  @Test
  void prime_unreachableKeySource_falseNotAnError() {
    VeritySettings settings =
        VeritySettings.fromEnvironment(
            environment("VERITY_JWKS_SEED", null), Adapter.LAMBDA_AUTHORIZER);

    assertThat(settings.prime()).isFalse();
  }

  @Test
  void prime_publishedKeysOfNoAllowedAlgorithm_refusedNamingTheAlgorithms() {
    String ecOnly = Tokens.jwks(Tokens.publicJwk(Tokens.ec("secp256r1"), "e1", Map.of()));
    com.github.tomakehurst.wiremock.WireMockServer server =
        new com.github.tomakehurst.wiremock.WireMockServer(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort());
    server.start();
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get("/jwks.json")
            .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(ecOnly)));
    try {
      String url = "http://127.0.0.1:" + server.port() + "/jwks.json";
      VeritySettings settings =
          VeritySettings.fromEnvironment(
              environment("VERITY_JWKS_SEED", null, "VERITY_JWKS_URI", url),
              Adapter.SERVLET_FILTER);

      SettingsException e = assertThrows(SettingsException.class, settings::prime);

      assertThat(e.setting()).isEqualTo("VERITY_ALGORITHMS");
      assertThat(e.getMessage())
          .startsWith(
              "VERITY_ALGORITHMS: allows no algorithm of the keys published at \"http://127.0.0.1:")
          .endsWith("no key usable with the allowed algorithms (RS256): 1 key, 1 usable at all");
    } finally {
      server.stop();
    }
  }

  @Test
  void oidcIssuerOverPlainHttpToAnotherHost_refusedAtStart() {
    SettingsException e =
        refused(
            environment(
                "VERITY_JWKS_URI", null,
                "VERITY_JWKS_SEED", null,
                "VERITY_ISSUER", null,
                "VERITY_OIDC_ISSUER", "http://login.example.com"),
            Adapter.LAMBDA_AUTHORIZER);

    assertThat(e.setting()).isEqualTo("VERITY_OIDC_ISSUER");
    assertThat(e.getMessage()).contains("plain http is allowed only to a loopback address");
  }

  private static SettingsException refusedProperties(Map<String, String> properties) {
    try {
      VeritySettings.fromProperties(properties, Adapter.SERVLET_FILTER);
    } catch (SettingsException e) {
      return e;
    }
    throw new AssertionError("the settings were accepted");
  }

  private static Map<String, String> properties(String... namesAndValues) {
    Map<String, String> properties = new HashMap<>();
    properties.put("verity.jwks-uri", UNREACHABLE_JWKS);
    properties.put("verity.issuer", ISSUER);
    properties.put("verity.audience", AUDIENCE);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void servletOnlySettings_readAndChecked() {
    VeritySettings settings =
        VeritySettings.fromProperties(
            properties(
                "verity.error-body", "problem",
                "verity.cors-origins", "https://app.example.com, *",
                "verity.resource", "https://api.example.com/orders"),
            Adapter.SERVLET_FILTER);

    assertThat(settings.errorBody()).isEqualTo(VeritySettings.ErrorBody.PROBLEM);
    assertThat(settings.corsOrigins()).containsExactly("https://app.example.com", "*");
    assertThat(settings.resource()).contains(java.net.URI.create("https://api.example.com/orders"));
    assertThat(settings.issuers()).containsExactly(ISSUER);
    assertThat(refusedProperties(properties("verity.error-body", "html")).setting())
        .isEqualTo("verity.error-body");
    assertThat(
            refusedProperties(properties("verity.cors-origins", "https://app.example.com/x"))
                .setting())
        .isEqualTo("verity.cors-origins");
    assertThat(refusedProperties(properties("verity.resource", "http://api.example.com")).setting())
        .isEqualTo("verity.resource");
    assertThat(
            refusedProperties(properties("verity.resource", "https://api.example.com/?a=b"))
                .setting())
        .isEqualTo("verity.resource");
    assertThat(
            refused(
                    environment("VERITY_RESOURCE", "https://a.example.com"),
                    Adapter.LAMBDA_AUTHORIZER)
                .getMessage())
        .isEqualTo("VERITY_RESOURCE: is not used by the Lambda authorizer; remove it");
  }
}
