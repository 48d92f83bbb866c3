package dev.verity.jwt;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static dev.verity.jwt.testing.JwsForge.signature;
import static dev.verity.jwt.testing.JwsForge.withSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MultiIssuerVerifier}: routing by {@code iss}, each issuer with its own keys and rules. */
class MultiIssuerVerifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS_A = "https://a.example.com";
  private static final String ISS_B = "https://b.example.com";
  private static final String ISS_C = "https://c.example.com";
  private static final KeyPair RSA_A = Tokens.rsa(2048);
  private static final KeyPair EC_B = Tokens.ec("secp256r1");

  // A: RS256, audience "api-a". B and C (one verifier, two issuers): ES256, audience "api-b",
  // scope "orders:read" required.
  private static final JwtVerifier A =
      JwtVerifier.builder()
          .issuer(ISS_A)
          .audience("api-a")
          .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA_A, "a1", Map.of()))))
          .clock(InstantSource.fixed(NOW))
          .build();
  private static final JwtVerifier BC =
      JwtVerifier.builder()
          .issuer(ISS_B, ISS_C)
          .audience("api-b")
          .algorithms(Algorithm.ES256)
          .requireScopes("orders:read")
          .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(EC_B, "b1", Map.of()))))
          .clock(InstantSource.fixed(NOW))
          .build();
  private static final MultiIssuerVerifier ROUTER =
      JwtVerifier.multiIssuer().route(A).route(BC).build();

  private static Tokens.Builder claims(String iss, String aud) {
    Tokens.Builder builder =
        Tokens.token()
            .claim("aud", aud)
            .claim("sub", "alice")
            .claim("exp", NOW.getEpochSecond() + 300);
    return iss == null ? builder : builder.claim("iss", iss);
  }

  private static String tokenA() {
    return claims(ISS_A, "api-a").kid("a1").sign("RS256", RSA_A.getPrivate());
  }

  private static String tokenB(String iss) {
    return claims(iss, "api-b")
        .claim("scope", "orders:read")
        .kid("b1")
        .sign("ES256", EC_B.getPrivate());
  }

  @Test
  void verify_routesEachIssuerToItsVerifier() {
    assertThat(assertAccepted(ROUTER, tokenA()).issuer()).contains(ISS_A);
    assertThat(assertAccepted(ROUTER, tokenB(ISS_B)).issuer()).contains(ISS_B);
    assertThat(assertAccepted(ROUTER, tokenB(ISS_C)).issuer()).contains(ISS_C);
  }

  @Test
  void verify_tokenOverTheRoutedIssuersOwnLimit_tokenTooLarge() {
    // The router splits tokens under the largest limit of its routes; the route's own, smaller
    // limit must still apply to the token it is handed.
    String token = tokenA();
    JwtVerifier small =
        JwtVerifier.builder()
            .issuer(ISS_A)
            .audience("api-a")
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA_A, "a1", Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .maxTokenBytes(token.length() - 1)
            .build();
    JwtVerifier large =
        JwtVerifier.builder()
            .issuer(ISS_B)
            .audience("api-b")
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(EC_B, "b1", Map.of()))))
            .maxTokenBytes(token.length() + 100)
            .build();
    JwtVerifier router = JwtVerifier.multiIssuer().route(small).route(large).build();

    assertRejected(router, token, ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void verify_unknownIssuer_issuerMismatch() {
    String token =
        claims("https://evil.example", "api-a").kid("a1").sign("RS256", RSA_A.getPrivate());

    assertRejected(ROUTER, token, ErrorCode.ISSUER_MISMATCH);
  }

  @Test
  void verify_issuerNearMiss_issuerMismatch() {
    for (String iss : new String[] {ISS_A + "/", ISS_A.toUpperCase(), "https://a.example.co"}) {
      String token = claims(iss, "api-a").kid("a1").sign("RS256", RSA_A.getPrivate());
      assertRejected(ROUTER, token, ErrorCode.ISSUER_MISMATCH);
    }
  }

  @Test
  void verify_missingIssuer_issuerMismatch() {
    String token = claims(null, "api-a").kid("a1").sign("RS256", RSA_A.getPrivate());

    assertRejected(ROUTER, token, ErrorCode.ISSUER_MISMATCH);
  }

  @Test
  void verify_issuerNotAString_malformed() {
    String token =
        Tokens.token()
            .kid("a1")
            .rawPayload("{\"iss\":[\"" + ISS_A + "\"],\"aud\":\"api-a\",\"exp\":9999999999}")
            .sign("RS256", RSA_A.getPrivate());

    assertRejected(ROUTER, token, ErrorCode.MALFORMED);
  }

  @Test
  void verify_eachIssuersOwnAudience() {
    String aWithBAudience = claims(ISS_A, "api-b").kid("a1").sign("RS256", RSA_A.getPrivate());

    assertRejected(ROUTER, aWithBAudience, ErrorCode.AUDIENCE_MISMATCH);
  }

  @Test
  void verify_eachIssuersOwnAlgorithmAllowList() {
    // Issuer A allows only RS256, even though the router also serves an ES256 issuer.
    String es256ForA = claims(ISS_A, "api-a").kid("b1").sign("ES256", EC_B.getPrivate());

    assertRejected(ROUTER, es256ForA, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_eachIssuersOwnRequiredScopes() {
    String noScope = claims(ISS_B, "api-b").kid("b1").sign("ES256", EC_B.getPrivate());

    assertRejected(ROUTER, noScope, ErrorCode.INSUFFICIENT_SCOPE);
    // Issuer A requires no scope.
    assertAccepted(ROUTER, tokenA());
  }

  @Test
  void verify_eachIssuersOwnKeys() {
    // iss B, signed with A's key under B's allow-list: A's key is not B's.
    String bSignedByA =
        claims(ISS_B, "api-b")
            .claim("scope", "orders:read")
            .kid("a1")
            .sign("RS256", RSA_A.getPrivate());

    assertRejected(ROUTER, bSignedByA, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_forgedSignatureForKnownIssuer_badSignature() {
    String token = tokenA();
    byte[] sig = signature(token);
    sig[0] ^= 1;

    assertRejected(ROUTER, withSignature(token, sig), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void verify_forgedTokenWithMistypedClaimForKnownIssuer_badSignature() {
    // RFC 7519 §7.2 / CVE-2024-51744: only iss is needed to route; a forged token must still be
    // BAD_SIGNATURE, as it is with the single-issuer verifier, not a claim-level code.
    String token =
        Tokens.token()
            .kid("a1")
            .rawPayload("{\"iss\":\"" + ISS_A + "\",\"aud\":\"api-a\",\"exp\":\"soon\"}")
            .sign("RS256", RSA_A.getPrivate());
    byte[] sig = signature(token);
    sig[0] ^= 1;
    String forged = withSignature(token, sig);

    assertRejected(A, forged, ErrorCode.BAD_SIGNATURE);
    assertRejected(ROUTER, forged, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void verify_malformedOrOversized_rejectedBeforeRouting() {
    assertRejected(ROUTER, "abc", ErrorCode.MALFORMED);
    assertRejected(ROUTER, "a".repeat(16 * 1024 + 1), ErrorCode.TOKEN_TOO_LARGE);
    String notObject = Tokens.b64("{\"alg\":\"RS256\"}") + "." + Tokens.b64("[1]") + ".AAAA";
    assertRejected(ROUTER, notObject, ErrorCode.MALFORMED);
  }

  @Test
  void builder_verifierWithoutExplicitIssuer_refused() {
    JwtVerifier any =
        JwtVerifier.builder()
            .anyIssuer()
            .anyAudience()
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA_A, "a1", Map.of()))))
            .build();

    assertThatThrownBy(() -> JwtVerifier.multiIssuer().route(any))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_sameIssuerRoutedTwice_refused() {
    MultiIssuerVerifier.Builder builder = JwtVerifier.multiIssuer().route(A);

    assertThatThrownBy(() -> builder.route(A)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_foreignVerifierImplementation_refused() {
    JwtVerifier foreign = token -> null;

    assertThatThrownBy(() -> JwtVerifier.multiIssuer().route(foreign))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_nothingRouted_refused() {
    assertThatThrownBy(() -> JwtVerifier.multiIssuer().build())
        .isInstanceOf(IllegalStateException.class);
  }
}
