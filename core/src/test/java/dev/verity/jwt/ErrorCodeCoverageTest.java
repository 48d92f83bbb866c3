package dev.verity.jwt;

import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.testsupport.Tokens;
import java.lang.reflect.Method;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each {@link ErrorCode} is produced by at least one realistic token, asserted exactly, and the
 * enum is exactly the documented list (docs/getting-started.md, "Error codes"). Method names start
 * with the code they produce, checked by {@link #everyErrorCode_hasATestInThisClass()}.
 */
class ErrorCodeCoverageTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final String JWKS =
      Tokens.jwks(
          Tokens.publicJwk(RSA, "k1", Map.of()),
          Tokens.publicJwk(Tokens.rsa(2048), "enc", Map.of("use", "enc")));

  private static JwtVerifier verifier(UnaryOperator<JwtVerifierBuilder> extra) {
    return extra
        .apply(
            JwtVerifier.builder()
                .issuer(ISS)
                .audience(AUD)
                .keys(KeySources.jwks(JWKS))
                .clock(InstantSource.fixed(NOW)))
        .build();
  }

  private static final JwtVerifier VERIFIER = verifier(b -> b);

  private static Tokens.Builder valid() {
    return Tokens.token()
        .kid("k1")
        .claim("iss", ISS)
        .claim("aud", AUD)
        .claim("sub", "alice")
        .claim("exp", NOW.getEpochSecond() + 300);
  }

  private static String sign(Tokens.Builder builder) {
    return builder.sign("RS256", RSA.getPrivate());
  }

  @Test
  void errorCode_isExactlyTheDesignList() {
    assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name))
        .containsExactly(
            "MALFORMED",
            "TOKEN_TOO_LARGE",
            "ALGORITHM_NOT_ALLOWED",
            "UNSUPPORTED_HEADER",
            "KEY_NOT_FOUND",
            "INVALID_KEY",
            "BAD_SIGNATURE",
            "EXPIRED",
            "NOT_YET_VALID",
            "ISSUED_IN_FUTURE",
            "ISSUER_MISMATCH",
            "AUDIENCE_MISMATCH",
            "TYPE_MISMATCH",
            "MISSING_CLAIM",
            "INVALID_CLAIM",
            "INSUFFICIENT_SCOPE",
            "JWKS_UNAVAILABLE");
  }

  @Test
  void everyErrorCode_hasATestInThisClass() {
    List<String> methods =
        Arrays.stream(ErrorCodeCoverageTest.class.getDeclaredMethods())
            .map(Method::getName)
            .toList();
    for (ErrorCode code : ErrorCode.values()) {
      String prefix = camel(code.name()) + "_";
      assertThat(methods).as("a test named %s...", prefix).anyMatch(m -> m.startsWith(prefix));
    }
  }

  private static String camel(String constant) {
    StringBuilder out = new StringBuilder();
    for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
      out.append(
          out.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return out.toString();
  }

  @Test
  void malformed_notThreeSegments() {
    assertRejected(VERIFIER, "abc", ErrorCode.MALFORMED);
  }

  @Test
  void tokenTooLarge_oneByteOverTheCap() {
    String token = sign(valid());
    JwtVerifier capped = verifier(b -> b.maxTokenBytes(token.length()));
    JwtVerifier tooSmall = verifier(b -> b.maxTokenBytes(token.length() - 1));

    assertThat(capped.validate(token).isValid()).isTrue();
    assertRejected(tooSmall, token, ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void algorithmNotAllowed_hs256AgainstRs256AllowList() {
    String token = valid().signHmac("HS256", new byte[32]);

    assertRejected(VERIFIER, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void unsupportedHeader_unknownCriticalParameter() {
    String token =
        sign(
            valid()
                .header("crit", List.of("http://example.com/x"))
                .header("http://example.com/x", 1));

    assertRejected(VERIFIER, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void keyNotFound_unknownKid() {
    assertRejected(VERIFIER, sign(valid().kid("nope")), ErrorCode.KEY_NOT_FOUND);
  }

  @Test
  void invalidKey_kidNamesEncryptionKey() {
    assertRejected(VERIFIER, sign(valid().kid("enc")), ErrorCode.INVALID_KEY);
  }

  @Test
  void badSignature_signedByAnotherKey() {
    String token = valid().sign("RS256", Tokens.rsa(2048).getPrivate());

    assertRejected(VERIFIER, token, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void expired_expLongPast() {
    assertRejected(
        VERIFIER, sign(valid().claim("exp", NOW.getEpochSecond() - 3600)), ErrorCode.EXPIRED);
  }

  @Test
  void notYetValid_nbfInTheFuture() {
    assertRejected(
        VERIFIER, sign(valid().claim("nbf", NOW.getEpochSecond() + 3600)), ErrorCode.NOT_YET_VALID);
  }

  @Test
  void issuedInFuture_iatInTheFuture() {
    assertRejected(
        VERIFIER,
        sign(valid().claim("iat", NOW.getEpochSecond() + 3600)),
        ErrorCode.ISSUED_IN_FUTURE);
  }

  @Test
  void issuerMismatch_otherIssuer() {
    assertRejected(
        VERIFIER, sign(valid().claim("iss", "https://evil.example")), ErrorCode.ISSUER_MISMATCH);
  }

  @Test
  void audienceMismatch_otherAudience() {
    assertRejected(VERIFIER, sign(valid().claim("aud", "billing")), ErrorCode.AUDIENCE_MISMATCH);
  }

  @Test
  void typeMismatch_idTokenTypeWhereAccessTokenRequired() {
    JwtVerifier verifier = verifier(JwtVerifierBuilder::accessTokenType);

    assertRejected(verifier, sign(valid().header("typ", "JWT")), ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void missingClaim_requiredJtiAbsent() {
    JwtVerifier verifier = verifier(b -> b.requireClaims("jti"));

    assertRejected(verifier, sign(valid()), ErrorCode.MISSING_CLAIM);
    assertThat(verifier.validate(sign(valid().claim("jti", "j-1"))).isValid()).isTrue();
  }

  @Test
  void invalidClaim_customCheckFails() {
    JwtVerifier verifier =
        verifier(b -> b.check("tenant", jwt -> jwt.stringClaim("tenant").isPresent()));

    assertRejected(verifier, sign(valid()), ErrorCode.INVALID_CLAIM);
    assertThat(verifier.validate(sign(valid().claim("tenant", "t1"))).isValid()).isTrue();
  }

  @Test
  void invalidClaim_customCheckThrows() {
    JwtVerifier verifier =
        verifier(
            b ->
                b.check(
                    "explodes",
                    jwt -> {
                      throw new IllegalStateException("boom");
                    }));

    assertRejected(verifier, sign(valid()), ErrorCode.INVALID_CLAIM);
  }

  @Test
  void insufficientScope_requiredScopeMissing() {
    JwtVerifier verifier = verifier(b -> b.requireScopes("orders:write"));

    assertRejected(
        verifier, sign(valid().claim("scope", "orders:read")), ErrorCode.INSUFFICIENT_SCOPE);
  }

  @Test
  void jwksUnavailable_keySourceFailure_propagatesUnchanged() {
    JwtVerificationException outage =
        new JwtVerificationException(ErrorCode.JWKS_UNAVAILABLE, "the key source is unreachable");
    AtomicInteger calls = new AtomicInteger();
    KeySource down =
        new KeySource() {
          @Override
          public JwkSet keys() {
            calls.incrementAndGet();
            throw outage;
          }
        };
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(ISS)
            .audience(AUD)
            .keys(down)
            .clock(InstantSource.fixed(NOW))
            .build();
    String token = sign(valid());

    JwtVerificationException rejection =
        assertRejected(verifier, token, ErrorCode.JWKS_UNAVAILABLE);
    assertThat(rejection.getMessage()).isEqualTo(outage.getMessage());
    assertThatThrownBy(() -> verifier.verify(token)).isSameAs(outage);
    assertThat(calls).hasPositiveValue();
  }

  @Test
  void jwksUnavailable_notReportedForTokensRejectedBeforeKeyLookup() {
    KeySource down =
        () -> {
          throw new JwtVerificationException(ErrorCode.JWKS_UNAVAILABLE, "unreachable");
        };
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(ISS)
            .audience(AUD)
            .keys(down)
            .clock(InstantSource.fixed(NOW))
            .build();

    assertRejected(verifier, "abc", ErrorCode.MALFORMED);
    assertRejected(
        verifier, valid().signHmac("HS256", new byte[32]), ErrorCode.ALGORITHM_NOT_ALLOWED);
  }
}
