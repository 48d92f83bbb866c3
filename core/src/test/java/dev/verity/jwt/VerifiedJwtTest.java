package dev.verity.jwt;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testsupport.Tokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link VerifiedJwt}: typed accessors, lazily built maps, and the JSON exactly as signed. */
class VerifiedJwtTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final String ISS = "https://issuer.example.com";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final JwtVerifier VERIFIER =
      JwtVerifier.builder()
          .issuer(ISS)
          .anyAudience()
          .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "k1", Map.of()))))
          .clock(InstantSource.fixed(NOW))
          .build();

  // Odd but valid JSON: white space, escapes, non-ASCII text, member order, nesting, null.
  private static final String PAYLOAD =
      "{ \"iss\" : \"https://issuer.example.com\",\n"
          + "  \"sub\":\"al\\u0069ce\",\"aud\":[\"orders-api\",\"billing\"],\n"
          + "  \"exp\":"
          + (T + 300)
          + ".25,\"nbf\":"
          + (T - 10)
          + ",\"iat\":"
          + (T - 20)
          + ",\n"
          + "  \"jti\":\"j-1\",\"scope\":\"a  b\",\"scp\":[\"c\",\"a\"],\"client_id\":\"c1\",\n"
          + "  \"token_use\":\"access\",\"cognito:groups\":[\"admins\"],\n"
          + "  \"name\":\"Zoë 🚀\",\"age\":42,\"ratio\":0.5,\"admin\":true,\"nothing\":null,\n"
          + "  \"roles\":[\"r1\",\"r2\"],\"mixed\":[\"r1\",2],\"one\":\"solo\",\n"
          + "  \"address\":{\"city\":\"Oslo\",\"zip\":[1,2]}\n"
          + "}";

  private static String token() {
    return Tokens.token()
        .kid("k1")
        .header("typ", "at+jwt")
        .header("x-custom", List.of(1, "two"))
        .rawPayload(PAYLOAD)
        .sign("RS256", RSA.getPrivate());
  }

  @Test
  void accessors_registeredClaims_typed() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token());

    assertThat(jwt.algorithm()).isEqualTo(Algorithm.RS256);
    assertThat(jwt.keyId()).contains("k1");
    assertThat(jwt.type()).contains("at+jwt");
    assertThat(jwt.issuer()).contains(ISS);
    assertThat(jwt.subject()).contains("alice");
    assertThat(jwt.audience()).containsExactly("orders-api", "billing");
    assertThat(jwt.expiresAt()).contains(Instant.ofEpochSecond(T + 300, 250_000_000));
    assertThat(jwt.notBefore()).contains(Instant.ofEpochSecond(T - 10));
    assertThat(jwt.issuedAt()).contains(Instant.ofEpochSecond(T - 20));
    assertThat(jwt.jwtId()).contains("j-1");
    assertThat(jwt.scopes()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(jwt.clientId()).contains("c1");
    assertThat(jwt.tokenUse()).contains("access");
    assertThat(jwt.groups()).containsExactly("admins");
  }

  @Test
  void accessors_absentClaims_emptyNeverNull() {
    String token =
        Tokens.token()
            .rawPayload("{\"iss\":\"" + ISS + "\",\"exp\":" + (T + 300) + "}")
            .sign("RS256", RSA.getPrivate());
    VerifiedJwt jwt = assertAccepted(VERIFIER, token);

    assertThat(jwt.keyId()).isEmpty();
    assertThat(jwt.type()).isEmpty();
    assertThat(jwt.subject()).isEmpty();
    assertThat(jwt.audience()).isEmpty();
    assertThat(jwt.notBefore()).isEmpty();
    assertThat(jwt.issuedAt()).isEmpty();
    assertThat(jwt.jwtId()).isEmpty();
    assertThat(jwt.scopes()).isEmpty();
    assertThat(jwt.clientId()).isEmpty();
    assertThat(jwt.tokenUse()).isEmpty();
    assertThat(jwt.groups()).isEmpty();
    assertThat(jwt.claim("missing")).isEmpty();
    assertThat(jwt.hasClaim("missing")).isFalse();
  }

  @Test
  void audience_singleString_isListOfOne() {
    String token =
        Tokens.token()
            .rawPayload("{\"iss\":\"" + ISS + "\",\"aud\":\"solo\",\"exp\":" + (T + 300) + "}")
            .sign("RS256", RSA.getPrivate());

    assertThat(assertAccepted(VERIFIER, token).audience()).containsExactly("solo");
  }

  @Test
  void typedClaimGetters_matchJsonTypes() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token());

    assertThat(jwt.stringClaim("name")).contains("Zoë 🚀");
    assertThat(jwt.stringClaim("age")).isEmpty();
    assertThat(jwt.numberClaim("age").map(Number::intValue)).contains(42);
    assertThat(jwt.numberClaim("ratio").map(n -> new BigDecimal(n.toString())))
        .contains(new BigDecimal("0.5"));
    assertThat(jwt.numberClaim("name")).isEmpty();
    assertThat(jwt.booleanClaim("admin")).contains(true);
    assertThat(jwt.booleanClaim("age")).isEmpty();
    assertThat(jwt.stringListClaim("roles")).contains(List.of("r1", "r2"));
    assertThat(jwt.stringListClaim("one")).contains(List.of("solo"));
    assertThat(jwt.stringListClaim("mixed")).isEmpty();
    assertThat(jwt.stringListClaim("age")).isEmpty();
  }

  @Test
  void claim_jsonNull_presentButEmpty() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token());

    assertThat(jwt.hasClaim("nothing")).isTrue();
    assertThat(jwt.claim("nothing")).isEmpty();
    assertThat(jwt.stringClaim("nothing")).isEmpty();
  }

  @Test
  void claims_nestedValuesArePlainJavaValues() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token());

    assertThat(jwt.claim("address")).get().isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> address = (Map<String, Object>) jwt.claim("address").orElseThrow();
    assertThat(address).containsEntry("city", "Oslo");
    assertThat(address.get("zip")).isInstanceOf(List.class);
    assertThat(jwt.claims()).containsKeys("iss", "sub", "aud", "exp", "address", "nothing");
    assertThat(jwt.claims().get("sub")).isEqualTo("alice");
    assertThat(jwt.header()).containsEntry("alg", "RS256").containsEntry("kid", "k1");
    assertThat(jwt.header().get("x-custom")).isInstanceOf(List.class);
  }

  @Test
  void maps_builtOnceAndUnmodifiable() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token());

    assertThat(jwt.claims()).isSameAs(jwt.claims());
    assertThat(jwt.header()).isSameAs(jwt.header());
    assertThatThrownBy(() -> jwt.claims().put("sub", "mallory"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> jwt.header().remove("alg"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> roles = (List<Object>) jwt.claims().get("roles");
    assertThatThrownBy(() -> roles.add("root")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> jwt.audience().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> jwt.scopes().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> jwt.groups().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rawJson_isExactlyWhatWasSigned() {
    String token = token();
    VerifiedJwt jwt = assertAccepted(VERIFIER, token);
    String[] parts = JwsForge.parts(token);

    assertThat(jwt.claimsJson()).isEqualTo(PAYLOAD);
    assertThat(jwt.claimsJson())
        .isEqualTo(new String(JwsForge.decode(parts[1]), StandardCharsets.UTF_8));
    assertThat(jwt.headerJson())
        .isEqualTo(new String(JwsForge.decode(parts[0]), StandardCharsets.UTF_8));
  }

  @Test
  void toString_carriesNoClaimValues() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token());

    assertThat(jwt.toString())
        .doesNotContain("alice")
        .doesNotContain("Oslo")
        .doesNotContain("issuer.example.com")
        .doesNotContain("j-1");
  }

  @Test
  void claimAt_dottedPath_readsNestedValues() {
    VerifiedJwt jwt = VERIFIER.verify(token());

    assertThat(jwt.claimAt("address.city")).contains("Oslo");
    assertThat(jwt.claimAt("address.zip")).contains(List.of(1, 2));
    assertThat(jwt.claimAt("address.city.more")).isEmpty();
    assertThat(jwt.claimAt("address.street")).isEmpty();
    assertThat(jwt.claimAt("nothing")).isEmpty();
    assertThat(jwt.claimAt("cognito:groups")).contains(List.of("admins"));
  }

  @Test
  void claimAt_topLevelNameWithDots_winsOverThePath() {
    String payload =
        "{\"iss\":\""
            + ISS
            + "\",\"exp\":"
            + (T + 300)
            + ","
            + "\"a.b\":\"flat\",\"a\":{\"b\":\"nested\"},\"x\":{\"y\":{\"z\":[\"deep\"]}}}";
    VerifiedJwt jwt =
        VERIFIER.verify(
            Tokens.token().kid("k1").rawPayload(payload).sign("RS256", RSA.getPrivate()));

    assertThat(jwt.claimAt("a.b")).contains("flat");
    assertThat(jwt.claimAt("x.y.z")).contains(List.of("deep"));
    assertThat(jwt.roles("x.y.z")).containsExactly("deep");
  }

  @Test
  void roles_claimOrPathOrDefault() {
    VerifiedJwt jwt = VERIFIER.verify(token());

    assertThat(jwt.roles(null)).containsExactly("admins"); // cognito:groups first
    assertThat(jwt.roles("roles")).containsExactly("r1", "r2");
    assertThat(jwt.roles("one")).containsExactly("solo"); // one string is one role
    assertThat(jwt.roles("mixed")).isEmpty(); // an array holding a non-string is no roles
    assertThat(jwt.roles("address")).isEmpty();
    assertThat(jwt.roles("absent")).isEmpty();
  }

  @Test
  void roles_withoutCognitoGroups_defaultsToGroups() {
    String payload =
        "{\"iss\":\"" + ISS + "\",\"exp\":" + (T + 300) + ",\"groups\":[\"g1\",\"g2\"]}";
    VerifiedJwt jwt =
        VERIFIER.verify(
            Tokens.token().kid("k1").rawPayload(payload).sign("RS256", RSA.getPrivate()));

    assertThat(jwt.roles(null)).containsExactly("g1", "g2");
  }
}
