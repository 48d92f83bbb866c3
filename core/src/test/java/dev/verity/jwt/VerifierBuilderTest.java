package dev.verity.jwt;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link JwtVerifierBuilder}: required settings, settings made once, bad values refused. */
class VerifierBuilderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final KeySource KEYS =
      KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "k1", Map.of())));

  private static JwtVerifierBuilder complete() {
    return JwtVerifier.builder()
        .issuer(ISS)
        .audience(AUD)
        .keys(KEYS)
        .clock(InstantSource.fixed(NOW));
  }

  private static String token(Tokens.Builder builder) {
    return builder.kid("k1").sign("RS256", RSA.getPrivate());
  }

  private static Tokens.Builder claims() {
    return Tokens.token()
        .claim("iss", ISS)
        .claim("aud", AUD)
        .claim("exp", NOW.getEpochSecond() + 300);
  }

  // ---- required settings ----

  @Test
  void build_complete_verifies() {
    assertAccepted(complete().build(), token(claims()));
  }

  @Test
  void build_withoutKeys_throwsIllegalState() {
    JwtVerifierBuilder builder = JwtVerifier.builder().issuer(ISS).audience(AUD);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_withoutIssuerOrAnyIssuer_throwsIllegalState() {
    JwtVerifierBuilder builder = JwtVerifier.builder().audience(AUD).keys(KEYS);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_withoutAudienceClientIdsOrAnyAudience_throwsIllegalState() {
    JwtVerifierBuilder builder = JwtVerifier.builder().issuer(ISS).keys(KEYS);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_withTokenUseButNoAudienceRule_throwsIllegalState() {
    JwtVerifierBuilder builder =
        JwtVerifier.builder().issuer(ISS).keys(KEYS).tokenUse(TokenUse.ACCESS);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_withClientIdsAsAudienceRule_builds() {
    assertThatCode(() -> JwtVerifier.builder().issuer(ISS).clientIds("c1").keys(KEYS).build())
        .doesNotThrowAnyException();
  }

  @Test
  void build_withExplicitWaivers_acceptsTokenWithoutIssAndAud() {
    JwtVerifier verifier =
        JwtVerifier.builder()
            .anyIssuer()
            .anyAudience()
            .keys(KEYS)
            .clock(InstantSource.fixed(NOW))
            .build();

    assertAccepted(verifier, token(Tokens.token().claim("exp", NOW.getEpochSecond() + 300)));
  }

  @Test
  void build_defaultAllowListIsRs256Only() {
    JwtVerifier verifier = complete().build();

    assertRejected(
        verifier,
        token(claims()).replaceFirst("^[^.]+", Tokens.b64("{\"alg\":\"RS384\",\"kid\":\"k1\"}")),
        ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertRejected(
        verifier,
        claims().kid("k1").sign("PS256", RSA.getPrivate()),
        ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void build_defaultLeewayIsSixtySeconds() {
    JwtVerifier verifier = complete().build();

    assertAccepted(verifier, token(claims().claim("exp", NOW.getEpochSecond() - 59)));
    assertRejected(
        verifier, token(claims().claim("exp", NOW.getEpochSecond() - 60)), ErrorCode.EXPIRED);
  }

  @Test
  void build_defaultMaxTokenBytesIs16KiB() {
    JwtVerifier verifier = complete().build();
    String padding = "x".repeat(20_000);
    String token = token(claims().claim("pad", padding));

    assertThat(token.length()).isGreaterThan(16 * 1024);
    assertRejected(verifier, token, ErrorCode.TOKEN_TOO_LARGE);
    assertRejected(verifier, "a".repeat(16 * 1024 + 1), ErrorCode.TOKEN_TOO_LARGE);
    assertRejected(verifier, "a".repeat(16 * 1024), ErrorCode.MALFORMED);
  }

  // ---- each setting once ----

  static Stream<Arguments> repeatedSettings() {
    return Stream.of(
        repeated("issuer twice", b -> b.issuer(ISS), b -> b.issuer("https://other")),
        repeated("issuer then anyIssuer", b -> b.issuer(ISS), JwtVerifierBuilder::anyIssuer),
        repeated("anyIssuer then issuer", JwtVerifierBuilder::anyIssuer, b -> b.issuer(ISS)),
        repeated("anyIssuer twice", JwtVerifierBuilder::anyIssuer, JwtVerifierBuilder::anyIssuer),
        repeated("audience twice", b -> b.audience(AUD), b -> b.audience("other")),
        repeated(
            "audience then anyAudience", b -> b.audience(AUD), JwtVerifierBuilder::anyAudience),
        repeated(
            "anyAudience then audience", JwtVerifierBuilder::anyAudience, b -> b.audience(AUD)),
        repeated(
            "algorithms twice",
            b -> b.algorithms(Algorithm.RS256),
            b -> b.algorithms(Algorithm.ES256)),
        repeated("keys twice", b -> b.keys(KEYS), b -> b.keys(KEYS)),
        repeated(
            "leeway twice",
            b -> b.leeway(Duration.ofSeconds(1)),
            b -> b.leeway(Duration.ofSeconds(2))),
        repeated(
            "maxAge twice", b -> b.maxAge(Duration.ofHours(1)), b -> b.maxAge(Duration.ofHours(2))),
        repeated("type twice", b -> b.type("at+jwt"), b -> b.type("JWT")),
        repeated(
            "type then accessTokenType", b -> b.type("JWT"), JwtVerifierBuilder::accessTokenType),
        repeated("requireClaims twice", b -> b.requireClaims("jti"), b -> b.requireClaims("sub")),
        repeated("requireScopes twice", b -> b.requireScopes("a"), b -> b.requireScopes("b")),
        repeated(
            "check with the same name", b -> b.check("c", j -> true), b -> b.check("c", j -> true)),
        repeated("tokenUse twice", b -> b.tokenUse(TokenUse.ID), b -> b.tokenUse(TokenUse.ACCESS)),
        repeated("clientIds twice", b -> b.clientIds("a"), b -> b.clientIds("b")),
        repeated("maxTokenBytes twice", b -> b.maxTokenBytes(100), b -> b.maxTokenBytes(200)),
        repeated(
            "clock twice",
            b -> b.clock(InstantSource.system()),
            b -> b.clock(InstantSource.system())),
        repeated(
            "allowMissingExpiration twice",
            JwtVerifierBuilder::allowMissingExpiration,
            JwtVerifierBuilder::allowMissingExpiration));
  }

  private static Arguments repeated(
      String name, Consumer<JwtVerifierBuilder> first, Consumer<JwtVerifierBuilder> second) {
    return Arguments.of(Named.of(name, first), second);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repeatedSettings")
  void setting_madeTwice_throwsIllegalState(
      Consumer<JwtVerifierBuilder> first, Consumer<JwtVerifierBuilder> second) {
    JwtVerifierBuilder builder = JwtVerifier.builder();
    first.accept(builder);

    assertThatThrownBy(() -> second.accept(builder)).isInstanceOf(IllegalStateException.class);
  }

  // ---- bad values ----

  @Test
  void algorithms_emptyAllowList_throwsIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().algorithms())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().algorithms(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void algorithms_nullElement_throwsNullPointer() {
    assertThatThrownBy(() -> JwtVerifier.builder().algorithms(Algorithm.RS256, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void leeway_negative_throwsIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().leeway(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leeway_aboveOneDay_refusedByTheBuilder() {
    // More than a day is a misconfiguration, not a clock skew; FOREVER is the JDK's "no limit".
    for (Duration huge :
        List.of(Duration.ofDays(1).plusSeconds(1), ChronoUnit.FOREVER.getDuration())) {
      assertThatThrownBy(() -> JwtVerifier.builder().leeway(huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leeway is larger than");
    }
  }

  @Test
  void leeway_oneDay_appliesWithoutOverflow() {
    JwtVerifier verifier = complete().leeway(JwtVerifierBuilder.MAX_LEEWAY).build();
    long day = JwtVerifierBuilder.MAX_LEEWAY.getSeconds();

    assertAccepted(verifier, token(claims().claim("exp", NOW.getEpochSecond() - day + 1)));
    assertRejected(
        verifier, token(claims().claim("exp", NOW.getEpochSecond() - day)), ErrorCode.EXPIRED);
    assertRejected(
        verifier,
        token(claims().claim("nbf", NOW.getEpochSecond() + day + 1)),
        ErrorCode.NOT_YET_VALID);
  }

  @Test
  void maxAge_aboveHundredYears_refusedByTheBuilder() {
    for (Duration huge :
        List.of(JwtVerifierBuilder.MAX_MAX_AGE.plusSeconds(1), ChronoUnit.FOREVER.getDuration())) {
      assertThatThrownBy(() -> JwtVerifier.builder().maxAge(huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxAge is larger than");
    }
  }

  @Test
  void maxAge_hundredYears_appliesWithoutOverflow() {
    JwtVerifier verifier = complete().maxAge(JwtVerifierBuilder.MAX_MAX_AGE).build();

    // The oldest NumericDate there is (1970) is well within 100 years of 2026: accepted, and the
    // other time checks still run after the age arithmetic.
    assertAccepted(verifier, token(claims().claim("iat", 0)));
    assertRejected(
        verifier,
        token(claims().claim("iat", NOW.getEpochSecond() + 3600)),
        ErrorCode.ISSUED_IN_FUTURE);
  }

  @Test
  void leeway_zero_expiresExactlyAtExp() {
    JwtVerifier verifier = complete().leeway(Duration.ZERO).build();

    assertAccepted(verifier, token(claims().claim("exp", NOW.getEpochSecond() + 1)));
    // RFC 7519 §4.1.4: the token must be rejected once now >= exp; no grace at all.
    assertRejected(verifier, token(claims().claim("exp", NOW.getEpochSecond())), ErrorCode.EXPIRED);
    assertRejected(
        verifier, token(claims().claim("nbf", NOW.getEpochSecond() + 1)), ErrorCode.NOT_YET_VALID);
  }

  @Test
  void maxAge_negative_throwsIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().maxAge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuerAudienceClientIds_emptyOrBlankValues_throwIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().issuer())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().issuer(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().audience())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().audience(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().clientIds())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().issuer(ISS, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void requireScopes_emptyOrContainingSpace_throwsIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().requireScopes())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().requireScopes("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requireClaims_moreThan64_throwsIllegalArgument() {
    String[] names = IntStream.range(0, 65).mapToObj(i -> "c" + i).toArray(String[]::new);

    assertThatThrownBy(() -> JwtVerifier.builder().requireClaims(names))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requireClaims_exactly64_allEnforced() {
    String[] names = IntStream.range(0, 64).mapToObj(i -> "c" + i).toArray(String[]::new);
    JwtVerifier verifier = complete().requireClaims(names).build();
    Tokens.Builder all = claims();
    for (String name : names) {
      all.claim(name, 1);
    }
    Tokens.Builder lastMissing = claims();
    for (int i = 0; i < 63; i++) {
      lastMissing.claim(names[i], 1);
    }

    assertAccepted(verifier, token(all));
    assertRejected(verifier, token(lastMissing), ErrorCode.MISSING_CLAIM);
  }

  @Test
  void type_blank_throwsIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().type(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxTokenBytes_belowMinimum_throwsIllegalArgument() {
    assertThatThrownBy(() -> JwtVerifier.builder().maxTokenBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().maxTokenBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keys_null_throwsNullPointer() {
    assertThatThrownBy(() -> JwtVerifier.builder().keys(null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- the built verifier is immutable ----

  @Test
  void build_laterBuilderChanges_doNotAffectBuiltVerifier() {
    JwtVerifierBuilder builder = complete();
    JwtVerifier first = builder.build();
    builder.check("deny-all", jwt -> false);
    JwtVerifier second = builder.build();
    String token = token(claims());

    assertAccepted(first, token);
    assertRejected(second, token, ErrorCode.INVALID_CLAIM);
  }
}
