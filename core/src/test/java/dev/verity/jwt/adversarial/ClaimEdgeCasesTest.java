package dev.verity.jwt.adversarial;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertMessageFreeOf;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static dev.verity.jwt.testing.JwsForge.signature;
import static dev.verity.jwt.testing.JwsForge.withSignature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.TokenUse;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests {@code threat78_} to {@code threat89_}: claims of tokens whose signature is valid (RFC 7519
 * §4.1, RFC 9068 §2.2; CVE-2020-26160, CVE-2024-51744), checked against a pinned clock with leeway
 * L = 60 s. Payloads are written as raw JSON so that numbers such as {@code 1e400} reach the
 * verifier exactly as written.
 */
class ClaimEdgeCasesTest {
  private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
  private static final long L = 60;
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final String JWKS = Tokens.jwks(Tokens.publicJwk(RSA, "k1", Map.of()));

  private static JwtVerifier verifier(UnaryOperator<JwtVerifierBuilder> extra) {
    return extra
        .apply(
            JwtVerifier.builder()
                .keys(KeySources.jwks(JWKS))
                .clock(InstantSource.fixed(Instant.ofEpochSecond(NOW))))
        .build();
  }

  private static final JwtVerifier VERIFIER =
      verifier(b -> b.issuer(ISS).audience(AUD).leeway(Duration.ofSeconds(L)));

  /**
   * Returns a signed token whose claims are the defaults (iss, aud, sub, exp = now + 300) with
   * overrides given as name, raw JSON value pairs; a null value removes the claim.
   */
  private static String token(String... overrides) {
    Map<String, String> claims = new LinkedHashMap<>();
    claims.put("iss", quote(ISS));
    claims.put("aud", quote(AUD));
    claims.put("sub", quote("alice"));
    claims.put("exp", Long.toString(NOW + 300));
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        claims.remove(overrides[i]);
      } else {
        claims.put(overrides[i], overrides[i + 1]);
      }
    }
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> claim : claims.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(quote(claim.getKey())).append(':').append(claim.getValue());
    }
    String payload = json.append('}').toString();
    return Tokens.token().kid("k1").rawPayload(payload).sign("RS256", RSA.getPrivate());
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String num(long value) {
    return Long.toString(value);
  }

  // ---- 78: exp required ----

  @Test
  void threat78_expMissing_missingClaim() {
    assertRejected(VERIFIER, token("exp", null), ErrorCode.MISSING_CLAIM);
  }

  @Test
  void threat78_expMissingButWaived_accepted() {
    JwtVerifier lenient = verifier(b -> b.issuer(ISS).audience(AUD).allowMissingExpiration());

    assertAccepted(lenient, token("exp", null));
    assertRejected(lenient, token("exp", num(NOW - 61)), ErrorCode.EXPIRED);
  }

  // ---- 79: exp boundaries ----

  @Test
  void threat79_expAtNowMinusLeewayMinus1_expired() {
    assertRejected(VERIFIER, token("exp", num(NOW - L - 1)), ErrorCode.EXPIRED);
  }

  @Test
  void threat79_expAtNowMinusLeeway_expired() {
    // now ≥ exp + L: the last instant of validity is strictly before exp + L.
    assertRejected(VERIFIER, token("exp", num(NOW - L)), ErrorCode.EXPIRED);
  }

  @Test
  void threat79_expAtNowMinusLeewayPlus1_accepted() {
    assertAccepted(VERIFIER, token("exp", num(NOW - L + 1)));
  }

  @Test
  void threat79_zeroLeewayExpEqualsNow_expired() {
    JwtVerifier strict = verifier(b -> b.issuer(ISS).audience(AUD).leeway(Duration.ZERO));

    assertRejected(strict, token("exp", num(NOW)), ErrorCode.EXPIRED);
    assertAccepted(strict, token("exp", num(NOW + 1)));
  }

  @Test
  void threat79_fractionalExpAroundBoundary() {
    assertAccepted(VERIFIER, token("exp", (NOW - L) + ".5"));
    assertRejected(VERIFIER, token("exp", (NOW - L - 1) + ".5"), ErrorCode.EXPIRED);
  }

  // ---- 80: exp types ----

  @Test
  void threat80_expAsString_malformed() {
    assertRejected(VERIFIER, token("exp", "\"1700000000\""), ErrorCode.MALFORMED);
    assertRejected(VERIFIER, token("exp", quote(num(NOW + 300))), ErrorCode.MALFORMED);
  }

  @Test
  void threat80_fractionalExp_accepted() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token("exp", (NOW + 300) + ".5"));

    assertThat(jwt.expiresAt()).contains(Instant.ofEpochSecond(NOW + 300, 500_000_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "null", "[]", "[1767225900]", "{}", "{\"v\":1}"})
  void threat80_expAsBoolNullArrayOrObject_malformed(String value) {
    assertRejected(VERIFIER, token("exp", value), ErrorCode.MALFORMED);
  }

  // ---- 81: NumericDate range ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "1e300",
        "1e400",
        "1E+400",
        "-1",
        "-0.5",
        "253402300800",
        "253402300799.5",
        "1e1000000"
      })
  void threat81_expOutsideNumericDateRange_malformed(String value) {
    assertRejected(VERIFIER, token("exp", value), ErrorCode.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1", "9223372036854775807"})
  void threat81_nbfAndIatOutsideNumericDateRange_malformed(String value) {
    assertRejected(VERIFIER, token("nbf", value), ErrorCode.MALFORMED);
    assertRejected(VERIFIER, token("iat", value), ErrorCode.MALFORMED);
  }

  @Test
  void threat81_expAtYear9999_accepted() {
    assertAccepted(VERIFIER, token("exp", "253402300799"));
    assertAccepted(VERIFIER, token("exp", "2.53402300799e11"));
  }

  // ---- 82: nbf ----

  @Test
  void threat82_nbfAtNowPlusLeewayPlus1_notYetValid() {
    assertRejected(VERIFIER, token("nbf", num(NOW + L + 1)), ErrorCode.NOT_YET_VALID);
    assertRejected(VERIFIER, token("nbf", (NOW + L) + ".5"), ErrorCode.NOT_YET_VALID);
  }

  @ParameterizedTest
  @ValueSource(longs = {L, L - 1, 0, -100})
  void threat82_nbfWithinLeeway_accepted(long offset) {
    assertAccepted(VERIFIER, token("nbf", num(NOW + offset)));
  }

  // ---- 83: iat and max age ----

  @Test
  void threat83_iatAtNowPlusLeewayPlus1_issuedInFuture() {
    assertRejected(VERIFIER, token("iat", num(NOW + L + 1)), ErrorCode.ISSUED_IN_FUTURE);
  }

  @Test
  void threat83_iatAtNowPlusLeeway_accepted() {
    assertAccepted(VERIFIER, token("iat", num(NOW + L)));
  }

  @Test
  void threat83_iatOlderThanMaxAge_expired() {
    long maxAge = 3600;
    JwtVerifier aged =
        verifier(
            b ->
                b.issuer(ISS)
                    .audience(AUD)
                    .leeway(Duration.ofSeconds(L))
                    .maxAge(Duration.ofSeconds(maxAge)));

    assertRejected(aged, token("iat", num(NOW - maxAge - L - 1)), ErrorCode.EXPIRED);
    assertAccepted(aged, token("iat", num(NOW - maxAge - L)));
    assertAccepted(aged, token("iat", num(NOW)));
  }

  @Test
  void threat83_maxAgeWithoutIat_missingClaim() {
    JwtVerifier aged = verifier(b -> b.issuer(ISS).audience(AUD).maxAge(Duration.ofSeconds(3600)));

    assertRejected(aged, token(), ErrorCode.MISSING_CLAIM);
  }

  @Test
  void threat83_iatOrNbfAsString_malformed() {
    assertRejected(VERIFIER, token("iat", quote(num(NOW))), ErrorCode.MALFORMED);
    assertRejected(VERIFIER, token("nbf", quote(num(NOW))), ErrorCode.MALFORMED);
  }

  // ---- 84: aud values ----

  @Test
  void threat84_audString_accepted() {
    assertAccepted(VERIFIER, token("aud", "\"orders-api\""));
  }

  @Test
  void threat84_audArrayContainingAudience_accepted() {
    VerifiedJwt jwt = assertAccepted(VERIFIER, token("aud", "[\"x\",\"orders-api\"]"));

    assertThat(jwt.audience()).containsExactly("x", "orders-api");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[\"x\"]", "\"x\"", "\"\""})
  void threat84_audNotNamingAudience_audienceMismatch(String aud) {
    assertRejected(VERIFIER, token("aud", aud), ErrorCode.AUDIENCE_MISMATCH);
  }

  @Test
  void threat84_audMissing_audienceMismatch() {
    assertRejected(VERIFIER, token("aud", null), ErrorCode.AUDIENCE_MISMATCH);
  }

  // ---- 85: aud types and near misses ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[123]",
        "{\"a\":1}",
        "123",
        "null",
        "true",
        "[\"orders-api\",1]",
        "[[\"orders-api\"]]",
        "[null]"
      })
  void threat85_audWrongJsonType_malformed(String aud) {
    assertRejected(VERIFIER, token("aud", aud), ErrorCode.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "orders-api ",
        "Orders-API",
        " orders-api",
        "orders-api\u0000",
        "orders",
        "orders-api-x",
        "ORDERS-API"
      })
  void threat85_audNearMiss_audienceMismatch(String aud) {
    assertRejected(VERIFIER, token("aud", quote(aud)), ErrorCode.AUDIENCE_MISMATCH);
  }

  // ---- 86: iss exact match ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://issuer.example.com/",
        "HTTPS://ISSUER.EXAMPLE.COM",
        "https://ISSUER.example.com",
        "https://issuer.example.co",
        "issuer",
        "https://issuer.example.com.evil.test",
        "xhttps://issuer.example.com",
        "https://issuer.example.com ",
        "https://issu\u0435r.example.com",
        "https://issuer.example.com\u200b",
        ""
      })
  void threat86_issNearMiss_issuerMismatch(String iss) {
    assertRejected(VERIFIER, token("iss", quote(iss)), ErrorCode.ISSUER_MISMATCH);
  }

  @Test
  void threat86_issMissing_issuerMismatch() {
    assertRejected(VERIFIER, token("iss", null), ErrorCode.ISSUER_MISMATCH);
  }

  @Test
  void threat86_issInOtherUnicodeNormalForm_issuerMismatch() {
    // RFC 8725 / RFC 7515 §10.13: no Unicode normalization. "é" as U+00E9 (NFC) vs e + U+0301.
    String nfc = "https://\u00e9metteur.example.com";
    String nfd = "https://e\u0301metteur.example.com";
    JwtVerifier nfcVerifier = verifier(b -> b.issuer(nfc).audience(AUD));
    JwtVerifier nfdVerifier = verifier(b -> b.issuer(nfd).audience(AUD));

    assertAccepted(nfcVerifier, token("iss", quote(nfc)));
    assertRejected(nfcVerifier, token("iss", quote(nfd)), ErrorCode.ISSUER_MISMATCH);
    assertRejected(nfdVerifier, token("iss", quote(nfc)), ErrorCode.ISSUER_MISMATCH);
    // The JSON escape of the same code points is the same string, so it matches.
    assertAccepted(nfcVerifier, token("iss", "\"https://\\u00e9metteur.example.com\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"https://issuer.example.com\"]", "123", "null", "{}", "true"})
  void threat86_issWrongJsonType_malformed(String iss) {
    assertRejected(VERIFIER, token("iss", iss), ErrorCode.MALFORMED);
  }

  @Test
  void threat86_issArrayWithIssuerWaived_stillMalformed() {
    JwtVerifier any = verifier(b -> b.anyIssuer().audience(AUD));

    assertRejected(any, token("iss", "[\"" + ISS + "\"]"), ErrorCode.MALFORMED);
  }

  // ---- 87: claim types, Cognito token_use and client_id ----

  @ParameterizedTest
  @ValueSource(strings = {"sub", "jti", "scope", "client_id", "token_use"})
  void threat87_stringClaimNotAString_malformed(String claim) {
    for (String value : new String[] {"123", "[\"a\"]", "{}", "true", "null"}) {
      assertRejected(VERIFIER, token(claim, value), ErrorCode.MALFORMED);
    }
  }

  @Test
  void threat87_tokenUseIdWhereAccessRequired_invalidClaim() {
    JwtVerifier access =
        verifier(b -> b.issuer(ISS).tokenUse(TokenUse.ACCESS).clientIds("client-1"));

    assertAccepted(
        access, token("aud", null, "token_use", "\"access\"", "client_id", "\"client-1\""));
    assertRejected(
        access,
        token("aud", null, "token_use", "\"id\"", "client_id", "\"client-1\""),
        ErrorCode.INVALID_CLAIM);
  }

  @Test
  void threat87_wrongClientId_invalidClaim() {
    JwtVerifier access =
        verifier(b -> b.issuer(ISS).tokenUse(TokenUse.ACCESS).clientIds("client-1"));

    assertRejected(
        access,
        token("aud", null, "token_use", "\"access\"", "client_id", "\"client-2\""),
        ErrorCode.INVALID_CLAIM);
    assertRejected(
        access,
        token("aud", null, "token_use", "\"access\"", "client_id", "\"CLIENT-1\""),
        ErrorCode.INVALID_CLAIM);
  }

  // ---- 88: scopes ----

  @Test
  void threat88_scopeWithoutRequiredAdmin_insufficientScope() {
    JwtVerifier admin = verifier(b -> b.issuer(ISS).audience(AUD).requireScopes("admin"));

    assertRejected(admin, token("scope", "\"read write\""), ErrorCode.INSUFFICIENT_SCOPE);
    assertRejected(admin, token("scope", "\"read administrator\""), ErrorCode.INSUFFICIENT_SCOPE);
    assertRejected(admin, token("scope", "\"Admin\""), ErrorCode.INSUFFICIENT_SCOPE);
    assertRejected(admin, token("scope", "\"\""), ErrorCode.INSUFFICIENT_SCOPE);
    assertRejected(admin, token(), ErrorCode.INSUFFICIENT_SCOPE);
  }

  @Test
  void threat88_scopeOrScpContainingAdmin_accepted() {
    JwtVerifier admin = verifier(b -> b.issuer(ISS).audience(AUD).requireScopes("admin"));

    assertAccepted(admin, token("scope", "\"read admin\""));
    assertAccepted(admin, token("scp", "[\"read\",\"admin\"]"));
    assertAccepted(admin, token("scp", "\"admin\""));
  }

  // ---- 89: signature before claims; messages free of token bytes ----

  private static String forge(String token) {
    byte[] sig = signature(token);
    sig[sig.length / 2] ^= 0x10;
    return withSignature(token, sig);
  }

  @Test
  void threat89_expiredWithBadSignature_badSignature() {
    assertRejected(VERIFIER, forge(token("exp", num(NOW - 3600))), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat89_everyClaimFailureWithBadSignature_badSignature() {
    String[][] failures = {
      {"exp", null},
      {"exp", "\"soon\""},
      {"exp", "1e400"},
      {"nbf", num(NOW + 3600)},
      {"iat", num(NOW + 3600)},
      {"iss", "\"https://evil.example\""},
      {"aud", "[123]"},
      {"aud", "\"other\""},
      {"sub", "42"},
    };
    for (String[] failure : failures) {
      assertRejected(VERIFIER, forge(token(failure)), ErrorCode.BAD_SIGNATURE);
    }
  }

  @Test
  void threat89_claimRejectionMessages_containNoClaimValues() {
    String secretish = "s3cr3t-v4lue-xyz";
    String[][] failures = {
      {"iss", quote("https://" + secretish)},
      {"aud", quote(secretish)},
      {"aud", "[" + quote(secretish) + ",7]"},
      {"exp", quote(secretish)},
      {"sub", "{\"" + secretish + "\":1}"},
      {"exp", num(NOW - 3600)},
    };
    for (String[] failure : failures) {
      JwtVerificationException rejection =
          VERIFIER.validate(token(failure)).rejection().orElseThrow();
      assertMessageFreeOf(rejection, secretish, "alice", num(NOW - 3600), num(NOW + 300));
    }
  }

  @Test
  void claimRejectionMessages_nameTheConfiguredValuesAndInstantsNeverTheTokensValue() {
    String[][] failures = {
      {"iss", quote("https://evil.example")},
      {"aud", quote("other-api")},
      {"exp", num(NOW - 3600)},
    };
    String[] messages = new String[failures.length];
    for (int i = 0; i < failures.length; i++) {
      messages[i] = VERIFIER.validate(token(failures[i])).rejection().orElseThrow().getMessage();
    }

    // On a mismatch the allowed values are, by definition, not the token's.
    assertThat(messages[0])
        .isEqualTo("the token's iss is not an allowed issuer (allowed: \"" + ISS + "\")")
        .doesNotContain("evil");
    assertThat(messages[1])
        .isEqualTo("the token's aud names no allowed audience (allowed: \"" + AUD + "\")")
        .doesNotContain("other-api");
    assertThat(messages[2])
        .startsWith("the token expired at " + Instant.ofEpochSecond(NOW - 3600))
        .contains("(now " + Instant.ofEpochSecond(NOW));
  }
}
