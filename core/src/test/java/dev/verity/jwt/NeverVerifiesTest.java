package dev.verity.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configuration that can never verify any token is refused by {@link JwtVerifier#prime()}, naming
 * why; a verifier that is built but not primed still answers each token with its code.
 */
class NeverVerifiesTest {
  private static final String ISSUER = "https://issuer.example.com";
  private static final String AUDIENCE = "orders-api";
  private static final KeyPair SMALL_RSA = Tokens.rsa(1024);
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final KeyPair EC = Tokens.ec("secp256r1");

  private static JwtVerifierBuilder builder(Algorithm... algorithms) {
    return JwtVerifier.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .algorithms(EnumSet.of(algorithms[0], algorithms))
        .clock(() -> Instant.ofEpochSecond(1_800_000_000L));
  }

  private static JwkSet set(KeyPair... pairs) {
    String[] jwks = new String[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      jwks[i] = Tokens.publicJwk(pairs[i], "k" + i, Map.of());
    }
    return JwkSet.parse(Tokens.jwks(jwks));
  }

  private static String token(KeyPair pair, String kid) {
    return Tokens.token()
        .kid(kid)
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("exp", 1_800_000_600L)
        .sign("RS256", pair.getPrivate());
  }

  @Test
  void prime_onlyAKeyTooSmall_refusedNamingCounts() {
    JwtVerifier verifier = builder(Algorithm.RS256).keys(KeySources.of(set(SMALL_RSA))).build();

    assertThatThrownBy(verifier::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no key usable with the allowed algorithms (RS256): 1 key, 0 usable at all");
  }

  @Test
  void verify_unprimedVerifierWithOnlyAKeyTooSmall_stillAnswersInvalidKey() {
    JwtVerifier verifier = builder(Algorithm.RS256).keys(KeySources.of(set(SMALL_RSA))).build();

    assertThat(verifier.validate(token(SMALL_RSA, "k0")).errorCode())
        .contains(ErrorCode.INVALID_KEY);
  }

  @Test
  void prime_usableKeyOfAnotherAlgorithm_refused() {
    JwtVerifier verifier =
        builder(Algorithm.RS256, Algorithm.PS256).keys(KeySources.of(set(EC))).build();

    assertThatThrownBy(verifier::prime)
        .hasMessage(
            "no key usable with the allowed algorithms (RS256, PS256): 1 key, 1 usable at all");
  }

  @Test
  void prime_oneUsableKeyAmongUnusable_true() {
    JwtVerifier verifier =
        builder(Algorithm.RS256).keys(KeySources.of(set(SMALL_RSA, EC, RSA))).build();

    assertThat(verifier.prime()).isTrue();
    assertThat(verifier.validate(token(RSA, "k2")).errorCode()).isEmpty();
  }

  @Test
  void prime_secretShorterThanEveryAllowedHash_refusedWithRfc7518Reason() {
    byte[] secret = "twenty-byte-secret!!".getBytes(StandardCharsets.US_ASCII);
    JwtVerifier verifier =
        builder(Algorithm.HS384, Algorithm.HS512).keys(KeySources.hmacSecret(secret)).build();

    assertThatThrownBy(verifier::prime)
        .hasMessage(
            "the HMAC secret is 20 bytes; HS384 needs at least 48 (RFC 7518 §3.2),"
                + " so no token could verify");
  }

  @Test
  void prime_secretLongEnoughForOneAllowedHash_true() {
    byte[] secret = new byte[40];
    JwtVerifier verifier =
        builder(Algorithm.HS256, Algorithm.HS384).keys(KeySources.hmacSecret(secret)).build();

    assertThat(verifier.prime()).isTrue();
  }

  @Test
  void prime_multiIssuerWithOneVerifierThatCannotVerify_refusedNamingItsIssuer() {
    JwtVerifier good = builder(Algorithm.RS256).keys(KeySources.of(set(RSA))).build();
    JwtVerifier bad =
        JwtVerifier.builder()
            .issuer("https://other.example.com")
            .audience(AUDIENCE)
            .keys(KeySources.of(set(SMALL_RSA)))
            .build();
    JwtVerifier router = JwtVerifier.multiIssuer().route(good).route(bad).build();

    assertThatThrownBy(router::prime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the verifier for [https://other.example.com]: no key usable");
  }

  @Test
  void problemWith_usableSet_empty() {
    assertThat(set(RSA).problemWith(EnumSet.of(Algorithm.RS256))).isEmpty();
    assertThat(set(RSA).problemWith(EnumSet.of(Algorithm.ES256))).isPresent();
  }
}
