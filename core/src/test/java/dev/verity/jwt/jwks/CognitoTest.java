package dev.verity.jwt.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.verity.jwt.jwks.Fixture.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.Cognito;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.TokenUse;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.testsupport.MutableClock;
import dev.verity.jwt.testsupport.Tokens;
import java.net.URI;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Cognito preset: pool id to region, issuer and JWKS URL; Cognito-shaped tokens; two pools. */
@Timeout(30)
class CognitoTest {
  private static final String POOL_1 = "us-east-1_AbC123";
  private static final String POOL_2 = "eu-west-2_XyZ789";

  @RegisterExtension static final WireMockExtension server = Fixture.wireMock();

  private final MutableClock clock = new MutableClock();

  @Test
  void issuer_poolId_isTheCognitoIdpUrl() {
    assertThat(Cognito.issuer(POOL_1))
        .isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123");
  }

  @Test
  void jwksUri_poolId_isIssuerPlusWellKnownJwks() {
    assertThat(Cognito.jwksUri(POOL_1))
        .isEqualTo(
            URI.create(
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/.well-known/jwks.json"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "us-east-1_AbC123:us-east-1",
        "eu-west-2_XyZ789:eu-west-2",
        "ap-southeast-2_x9Y:ap-southeast-2",
        "us-gov-west-1_Abc:us-gov-west-1",
        "ca-central-1_Q:ca-central-1"
      })
  void region_validPoolIds_parsed(String poolAndRegion) {
    String[] parts = poolAndRegion.split(":");

    assertThat(Cognito.region(parts[0])).isEqualTo(parts[1]);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "us-east-1",
        "_AbC123",
        "us-east-1_",
        "US-EAST-1_AbC123",
        "us-east-1_AbC-123",
        "us-east-1_AbC123/../../evil",
        "us-east-1_AbC123?x=1",
        "us-east-1_AbC123#frag",
        "evil.com/us-east-1_AbC123",
        "us-east-1_AbC 123",
        "us-east-1_AbC123\n",
        "useast1_AbC123",
        "us-east-1_AbC123@evil.com"
      })
  void region_invalidPoolIds_rejected(String poolId) {
    Class<? extends Exception> expected =
        poolId == null ? NullPointerException.class : IllegalArgumentException.class;

    assertThatThrownBy(() -> Cognito.region(poolId)).isInstanceOf(expected);
    assertThatThrownBy(() -> Cognito.issuer(poolId)).isInstanceOf(expected);
    assertThatThrownBy(() -> Cognito.jwksUri(poolId)).isInstanceOf(expected);
  }

  @Test
  void cognitoUserPool_builder_buildsWithoutNetworkAndSetsIssuerOnce() {
    // Built with no network: nothing is fetched until a token needs keys, and this machine can
    // reach no Cognito endpoint (nor does the pool exist), so the first token is told so.
    JwtVerifier verifier =
        JwtVerifier.builder()
            .cognitoUserPool(POOL_1)
            .tokenUse(TokenUse.ACCESS)
            .clientIds("client-1")
            .build();
    String token =
        Tokens.token()
            .kid("k1")
            .claim("iss", Cognito.issuer(POOL_1))
            .claim("exp", java.time.Instant.now().getEpochSecond() + 300)
            .sign("RS256", Fixture.keyC().getPrivate());

    assertThat(verifier.validate(token).errorCode()).contains(ErrorCode.JWKS_UNAVAILABLE);
    assertThatThrownBy(
            () -> JwtVerifier.builder().cognitoUserPool(POOL_1).issuer("https://other.example"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("issuer");
  }

  @Test
  void cognito_keySource_pointsAtThePoolsJwksUrl() {
    RemoteKeySource source = KeySources.cognito(POOL_1);

    assertThat(source.uri()).isEqualTo(Cognito.jwksUri(POOL_1));
  }

  private JwtVerifier poolVerifier(String pool, String path, TokenUse use, String clientId) {
    RemoteKeySource source =
        KeySources.remoteJwksBuilder(URI.create(Fixture.base(server) + path))
            .allowHttpToLoopback()
            .clock(clock)
            .build();
    return JwtVerifier.builder()
        .issuer(Cognito.issuer(pool))
        .tokenUse(use)
        .clientIds(clientId)
        .keys(source)
        .clock(clock)
        .build();
  }

  private static String accessToken(String pool, KeyPair key, String kid, String clientId) {
    return Tokens.token()
        .kid(kid)
        .claim("iss", Cognito.issuer(pool))
        .claim("sub", "alice")
        .claim("token_use", "access")
        .claim("client_id", clientId)
        .claim("scope", "orders/read")
        .claim("cognito:groups", List.of("admins", "staff"))
        .claim("exp", MutableClock.START.getEpochSecond() + 3600)
        .claim("iat", MutableClock.START.getEpochSecond())
        .sign("RS256", key.getPrivate());
  }

  @Test
  void verify_cognitoAccessToken_acceptedWithGroups() {
    server.stubFor(get("/pool1/jwks.json").willReturn(okJson(Fixture.jwks("p1", Fixture.keyA()))));
    JwtVerifier verifier = poolVerifier(POOL_1, "/pool1/jwks.json", TokenUse.ACCESS, "client-1");

    VerifiedJwt jwt = verifier.verify(accessToken(POOL_1, Fixture.keyA(), "p1", "client-1"));

    assertThat(jwt.tokenUse()).contains("access");
    assertThat(jwt.clientId()).contains("client-1");
    assertThat(jwt.groups()).containsExactly("admins", "staff");
  }

  @Test
  void verify_cognitoTokenForAnotherClientOrUse_rejected() {
    server.stubFor(get("/pool1/jwks.json").willReturn(okJson(Fixture.jwks("p1", Fixture.keyA()))));
    JwtVerifier verifier = poolVerifier(POOL_1, "/pool1/jwks.json", TokenUse.ACCESS, "client-1");
    String otherClient = accessToken(POOL_1, Fixture.keyA(), "p1", "client-2");
    String idToken =
        Tokens.token()
            .kid("p1")
            .claim("iss", Cognito.issuer(POOL_1))
            .claim("aud", "client-1")
            .claim("token_use", "id")
            .claim("exp", MutableClock.START.getEpochSecond() + 3600)
            .sign("RS256", Fixture.keyA().getPrivate());

    assertThat(codeOf(() -> verifier.verify(otherClient))).isEqualTo(ErrorCode.INVALID_CLAIM);
    assertThat(codeOf(() -> verifier.verify(idToken))).isEqualTo(ErrorCode.INVALID_CLAIM);
  }

  @Test
  void verify_twoPoolsRoutedByIssuer_eachUsesOnlyItsOwnKeys() {
    server.stubFor(get("/pool1/jwks.json").willReturn(okJson(Fixture.jwks("p1", Fixture.keyA()))));
    server.stubFor(get("/pool2/jwks.json").willReturn(okJson(Fixture.jwks("p2", Fixture.keyB()))));
    JwtVerifier router =
        JwtVerifier.multiIssuer()
            .route(poolVerifier(POOL_1, "/pool1/jwks.json", TokenUse.ACCESS, "client-1"))
            .route(poolVerifier(POOL_2, "/pool2/jwks.json", TokenUse.ACCESS, "client-2"))
            .build();

    assertThat(router.verify(accessToken(POOL_1, Fixture.keyA(), "p1", "client-1")).issuer())
        .contains(Cognito.issuer(POOL_1));
    assertThat(router.verify(accessToken(POOL_2, Fixture.keyB(), "p2", "client-2")).issuer())
        .contains(Cognito.issuer(POOL_2));
    // Pool 2's key, claiming pool 1: pool 1's set has no such kid.
    assertThat(codeOf(() -> router.verify(accessToken(POOL_1, Fixture.keyB(), "p2", "client-1"))))
        .isEqualTo(ErrorCode.KEY_NOT_FOUND);
    // Pool 1's kid, signed with pool 2's key.
    assertThat(codeOf(() -> router.verify(accessToken(POOL_1, Fixture.keyB(), "p1", "client-1"))))
        .isEqualTo(ErrorCode.BAD_SIGNATURE);
    // Pool 1's client id presented to pool 2.
    assertThat(codeOf(() -> router.verify(accessToken(POOL_2, Fixture.keyB(), "p2", "client-1"))))
        .isEqualTo(ErrorCode.INVALID_CLAIM);
    assertThat(
            codeOf(
                () ->
                    router.verify(
                        accessToken("us-west-2_Other1", Fixture.keyA(), "p1", "client-1"))))
        .isEqualTo(ErrorCode.ISSUER_MISMATCH);
  }
}
