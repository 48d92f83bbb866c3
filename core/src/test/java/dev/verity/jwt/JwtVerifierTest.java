package dev.verity.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final KeyPair RSA = Tokens.rsa(2048);

  private static JwtVerifier verifier() {
    return JwtVerifier.builder()
        .issuer("https://issuer.example.com")
        .audience("orders-api")
        .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "k1", Map.of()))))
        .clock(InstantSource.fixed(NOW))
        .build();
  }

  private static Tokens.Builder validClaims() {
    return Tokens.token()
        .kid("k1")
        .claim("iss", "https://issuer.example.com")
        .claim("aud", "orders-api")
        .claim("sub", "alice")
        .claim("exp", NOW.getEpochSecond() + 300)
        .claim("scope", "orders:read orders:write");
  }

  @Test
  void verify_validRs256Token_returnsClaims() {
    VerifiedJwt jwt = verifier().verify(validClaims().sign("RS256", RSA.getPrivate()));

    assertThat(jwt.subject()).contains("alice");
    assertThat(jwt.audience()).containsExactly("orders-api");
    assertThat(jwt.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(jwt.claims()).containsEntry("sub", "alice");
    assertThat(jwt.keyId()).contains("k1");
  }

  @Test
  void verify_expiredToken_rejectsWithExpired() {
    String token =
        validClaims().claim("exp", NOW.getEpochSecond() - 61).sign("RS256", RSA.getPrivate());

    assertThatThrownBy(() -> verifier().verify(token))
        .isInstanceOfSatisfying(
            JwtVerificationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXPIRED));
  }

  @Test
  void validate_tamperedPayload_isBadSignature() {
    String token = validClaims().sign("RS256", RSA.getPrivate());
    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + Tokens.b64("{\"iss\":\"https://issuer.example.com\",\"sub\":\"mallory\"}")
            + "."
            + parts[2];

    VerificationResult result = verifier().validate(forged);

    assertThat(result.isValid()).isFalse();
    assertThat(result.errorCode()).contains(ErrorCode.BAD_SIGNATURE);
    assertThat(List.of(result.rejection().orElseThrow().getStackTrace())).isEmpty();
  }
}
