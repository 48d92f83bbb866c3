package dev.verity.jwt;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Amazon Cognito rules: {@code token_use}, the client id in {@code client_id} (access tokens) or
 * {@code aud} (ID tokens), {@code cognito:groups}, and the RFC 9068 {@code at+jwt} preset.
 */
class CognitoChecksTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String POOL = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
  private static final String CLIENT = "5abc1de2fgh3ij4kl5mn6op7qr";
  private static final KeyPair RSA = Tokens.rsa(2048);

  private static JwtVerifier verifier(UnaryOperator<JwtVerifierBuilder> extra) {
    return extra
        .apply(
            JwtVerifier.builder()
                .issuer(POOL)
                .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "k1", Map.of()))))
                .clock(InstantSource.fixed(NOW)))
        .build();
  }

  private static final JwtVerifier ACCESS =
      verifier(b -> b.tokenUse(TokenUse.ACCESS).clientIds(CLIENT));
  private static final JwtVerifier ID = verifier(b -> b.tokenUse(TokenUse.ID).clientIds(CLIENT));
  private static final JwtVerifier EITHER = verifier(b -> b.clientIds(CLIENT));

  /** Claims and header of a token under construction; a null value removes the member. */
  private static final class Draft {
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, Object> header = new LinkedHashMap<>();

    Draft claim(String name, Object value) {
      if (value == null) {
        claims.remove(name);
      } else {
        claims.put(name, value);
      }
      return this;
    }

    Draft header(String name, Object value) {
      header.put(name, value);
      return this;
    }
  }

  /** A Cognito access token: client id in client_id, no aud. */
  private static Draft accessToken() {
    return new Draft()
        .claim("sub", "3f1c-user")
        .claim("iss", POOL)
        .claim("client_id", CLIENT)
        .claim("token_use", "access")
        .claim("scope", "aws.cognito.signin.user.admin orders/read")
        .claim("auth_time", NOW.getEpochSecond() - 60)
        .claim("exp", NOW.getEpochSecond() + 3600)
        .claim("iat", NOW.getEpochSecond() - 60)
        .claim("jti", "j-1")
        .claim("username", "alice");
  }

  /** A Cognito ID token: client id in aud, no client_id. */
  private static Draft idToken() {
    return new Draft()
        .claim("sub", "3f1c-user")
        .claim("iss", POOL)
        .claim("aud", CLIENT)
        .claim("token_use", "id")
        .claim("cognito:username", "alice")
        .claim("cognito:groups", List.of("admins", "staff"))
        .claim("auth_time", NOW.getEpochSecond() - 60)
        .claim("exp", NOW.getEpochSecond() + 3600)
        .claim("iat", NOW.getEpochSecond() - 60);
  }

  private static String sign(Draft draft) {
    Tokens.Builder builder = Tokens.token().kid("k1");
    draft.header.forEach(builder::header);
    draft.claims.forEach(builder::claim);
    return builder.sign("RS256", RSA.getPrivate());
  }

  // ---- access tokens ----

  @Test
  void accessVerifier_accessToken_accepted() {
    VerifiedJwt jwt = assertAccepted(ACCESS, sign(accessToken()));

    assertThat(jwt.tokenUse()).contains("access");
    assertThat(jwt.clientId()).contains(CLIENT);
    assertThat(jwt.scopes()).contains("orders/read");
  }

  @Test
  void accessVerifier_idToken_invalidClaim() {
    assertRejected(ACCESS, sign(idToken().claim("client_id", CLIENT)), ErrorCode.INVALID_CLAIM);
  }

  @Test
  void accessVerifier_wrongClientId_invalidClaim() {
    assertRejected(
        ACCESS, sign(accessToken().claim("client_id", "other-client")), ErrorCode.INVALID_CLAIM);
  }

  @Test
  void accessVerifier_clientIdOnlyInAud_missingClaim() {
    // For access tokens the client id must be in client_id; aud does not count.
    String token = sign(accessToken().claim("client_id", null).claim("aud", CLIENT));

    assertRejected(ACCESS, token, ErrorCode.MISSING_CLAIM);
  }

  @Test
  void accessVerifier_tokenUseMissing_missingClaim() {
    assertRejected(ACCESS, sign(accessToken().claim("token_use", null)), ErrorCode.MISSING_CLAIM);
  }

  @Test
  void accessVerifier_tokenUseCaseVariant_invalidClaim() {
    assertRejected(
        ACCESS, sign(accessToken().claim("token_use", "Access")), ErrorCode.INVALID_CLAIM);
  }

  // ---- ID tokens ----

  @Test
  void idVerifier_idToken_acceptedWithGroups() {
    VerifiedJwt jwt = assertAccepted(ID, sign(idToken()));

    assertThat(jwt.tokenUse()).contains("id");
    assertThat(jwt.groups()).containsExactly("admins", "staff");
    assertThat(jwt.audience()).containsExactly(CLIENT);
  }

  @Test
  void idVerifier_accessToken_invalidClaim() {
    assertRejected(ID, sign(accessToken().claim("aud", CLIENT)), ErrorCode.INVALID_CLAIM);
  }

  @Test
  void idVerifier_wrongAud_audienceMismatch() {
    assertRejected(ID, sign(idToken().claim("aud", "other-client")), ErrorCode.AUDIENCE_MISMATCH);
  }

  @Test
  void idVerifier_clientIdClaimInsteadOfAud_audienceMismatch() {
    // For ID tokens the client id must be in aud; client_id does not count.
    assertRejected(
        ID,
        sign(idToken().claim("aud", "other-client").claim("client_id", CLIENT)),
        ErrorCode.AUDIENCE_MISMATCH);
  }

  // ---- clientIds without tokenUse ----

  @Test
  void eitherVerifier_matchesClientIdOrAud() {
    assertAccepted(EITHER, sign(accessToken()));
    assertAccepted(EITHER, sign(idToken()));
  }

  @Test
  void eitherVerifier_wrongClientIdNoAud_invalidClaim() {
    assertRejected(
        EITHER, sign(accessToken().claim("client_id", "other-client")), ErrorCode.INVALID_CLAIM);
  }

  @Test
  void eitherVerifier_wrongAudNoClientId_audienceMismatch() {
    assertRejected(
        EITHER, sign(idToken().claim("aud", "other-client")), ErrorCode.AUDIENCE_MISMATCH);
  }

  @Test
  void eitherVerifier_neitherClientIdNorAud_audienceMismatch() {
    assertRejected(
        EITHER, sign(accessToken().claim("client_id", null)), ErrorCode.AUDIENCE_MISMATCH);
  }

  // ---- groups ----

  @Test
  void groups_absent_isEmptyList() {
    VerifiedJwt jwt = assertAccepted(ACCESS, sign(accessToken()));

    assertThat(jwt.groups()).isEmpty();
  }

  @Test
  void groups_notAnArrayOfStrings_malformed() {
    assertRejected(ID, sign(idToken().claim("cognito:groups", "admins")), ErrorCode.MALFORMED);
    assertRejected(
        ID, sign(idToken().claim("cognito:groups", List.of("admins", 7))), ErrorCode.MALFORMED);
  }

  // ---- at+jwt preset ----

  @Test
  void accessTokenType_idTokenWithTypJwt_typeMismatch() {
    JwtVerifier verifier =
        verifier(b -> b.accessTokenType().tokenUse(TokenUse.ACCESS).clientIds(CLIENT));
    String idAsAccess = sign(idToken().header("typ", "JWT").claim("client_id", CLIENT));

    // typ is checked before token_use, so the presented ID token fails on its type.
    assertRejected(verifier, idAsAccess, ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void accessTokenType_typAtJwtVariants_accepted() {
    JwtVerifier verifier = verifier(b -> b.accessTokenType().clientIds(CLIENT));

    for (String typ :
        new String[] {"at+jwt", "application/at+jwt", "AT+JWT", "Application/AT+JWT"}) {
      assertAccepted(verifier, sign(accessToken().header("typ", typ)));
    }
  }

  @Test
  void accessTokenType_missingOrOtherTyp_typeMismatch() {
    JwtVerifier verifier = verifier(b -> b.accessTokenType().clientIds(CLIENT));

    assertRejected(verifier, sign(accessToken()), ErrorCode.TYPE_MISMATCH);
    assertRejected(verifier, sign(accessToken().header("typ", "JWT")), ErrorCode.TYPE_MISMATCH);
    assertRejected(
        verifier, sign(accessToken().header("typ", "application/jwt")), ErrorCode.TYPE_MISMATCH);
    assertRejected(verifier, sign(accessToken().header("typ", "at+jwt ")), ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void accessTokenType_typNotAString_malformed() {
    JwtVerifier verifier = verifier(b -> b.accessTokenType().clientIds(CLIENT));

    assertRejected(verifier, sign(accessToken().header("typ", 1)), ErrorCode.MALFORMED);
  }
}
