package dev.verity.jwt;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testing.TestEngines;
import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens minted by an independent implementation verify under every {@link Algorithm}: jose4j where
 * it knows the name, the bare JCA for the RFC 9864 names {@code Ed25519} and {@code Ed448} (jose4j
 * 0.9.6 only knows the polymorphic {@code EdDSA}). Each is checked through a JWK Set, and through
 * the single-key sources ({@link KeySources#publicKeyPem}, {@link KeySources#hmacSecret}).
 */
class MintedTokensTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final KeyPair P256 = Tokens.ec("secp256r1");
  private static final KeyPair P384 = Tokens.ec("secp384r1");
  private static final KeyPair P521 = Tokens.ec("secp521r1");
  private static final KeyPair ED25519 = Tokens.edwards("Ed25519");
  private static final KeyPair ED448 = Tokens.edwards("Ed448");
  private static final byte[] SECRET = secret(64);

  private static final String PAYLOAD =
      "{\"iss\":\""
          + ISS
          + "\",\"aud\":\""
          + AUD
          + "\",\"sub\":\"alice\",\"exp\":"
          + (NOW.getEpochSecond() + 300)
          + "}";

  /** One algorithm, the key pair (null for HMAC) and whether jose4j can mint it. */
  record Case(Algorithm algorithm, KeyPair pair, String jcaName) {
    @Override
    public String toString() {
      return algorithm + (pair == null ? "" : " with " + pair.getPublic().getAlgorithm());
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(Algorithm.RS256, RSA, null),
        new Case(Algorithm.RS384, RSA, null),
        new Case(Algorithm.RS512, RSA, null),
        new Case(Algorithm.PS256, RSA, null),
        new Case(Algorithm.PS384, RSA, null),
        new Case(Algorithm.PS512, RSA, null),
        new Case(Algorithm.ES256, P256, null),
        new Case(Algorithm.ES384, P384, null),
        new Case(Algorithm.ES512, P521, null),
        new Case(Algorithm.EdDSA, ED25519, null),
        new Case(Algorithm.Ed25519, ED25519, "Ed25519"),
        new Case(Algorithm.EdDSA, ED448, null),
        new Case(Algorithm.Ed448, ED448, "Ed448"),
        new Case(Algorithm.HS256, null, null),
        new Case(Algorithm.HS384, null, null),
        new Case(Algorithm.HS512, null, null));
  }

  private static byte[] secret(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (31 * i + 7);
    }
    return out;
  }

  private static String mint(Case c, String kid) {
    String alg = c.algorithm().jwaName();
    if (c.pair() == null) {
      Tokens.Builder builder = Tokens.token().rawPayload(PAYLOAD);
      return (kid == null ? builder : builder.kid(kid)).signHmac(alg, SECRET);
    }
    if (c.jcaName() != null) {
      String header =
          "{\"alg\":\"" + alg + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
      return JwsForge.jcaToken(header, PAYLOAD, c.jcaName(), null, c.pair().getPrivate());
    }
    Tokens.Builder builder = Tokens.token().rawPayload(PAYLOAD);
    return (kid == null ? builder : builder.kid(kid)).sign(alg, c.pair().getPrivate());
  }

  private static String jwk(Case c, Map<String, Object> extra) {
    if (c.pair() == null) {
      StringBuilder jwk =
          new StringBuilder("{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"")
              .append(Tokens.b64(SECRET))
              .append('"');
      extra.forEach((name, value) -> jwk.append(",\"" + name + "\":\"" + value + "\""));
      return jwk.append('}').toString();
    }
    return Tokens.publicJwk(c.pair(), "k1", extra);
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static JwtVerifier verifier(KeySource keys, Algorithm algorithm) {
    return TestEngines.apply(JwtVerifier.builder())
        .issuer(ISS)
        .audience(AUD)
        .algorithms(algorithm)
        .keys(keys)
        .clock(InstantSource.fixed(NOW))
        .build();
  }

  private static void assertVerified(JwtVerifier verifier, String token, Case c, String kid) {
    VerifiedJwt jwt = assertAccepted(verifier, token);
    assertThat(jwt.algorithm()).isEqualTo(c.algorithm());
    assertThat(jwt.keyId()).isEqualTo(java.util.Optional.ofNullable(kid));
    assertThat(jwt.subject()).contains("alice");
    assertThat(jwt.claimsJson()).isEqualTo(PAYLOAD);
  }

  @Test
  void cases_coverEveryAlgorithm() {
    Set<Algorithm> covered = cases().map(Case::algorithm).collect(Collectors.toSet());

    assertThat(covered).isEqualTo(EnumSet.allOf(Algorithm.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_mintedTokenViaJwksWithKid_accepted(Case c) {
    JwtVerifier verifier = verifier(KeySources.jwks(Tokens.jwks(jwk(c, Map.of()))), c.algorithm());

    assertVerified(verifier, mint(c, "k1"), c, "k1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_mintedTokenViaJwksWithoutKid_accepted(Case c) {
    JwtVerifier verifier = verifier(KeySources.jwks(Tokens.jwks(jwk(c, Map.of()))), c.algorithm());

    assertVerified(verifier, mint(c, null), c, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_mintedTokenViaJwkBoundToItsAlgorithm_accepted(Case c) {
    JwtVerifier verifier =
        verifier(
            KeySources.jwks(Tokens.jwks(jwk(c, Map.of("alg", c.algorithm().jwaName())))),
            c.algorithm());

    assertVerified(verifier, mint(c, "k1"), c, "k1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_mintedTokenViaSingleKeySource_accepted(Case c) {
    KeySource source =
        c.pair() == null
            ? KeySources.hmacSecret(SECRET)
            : KeySources.publicKeyPem(pem(c.pair()), c.algorithm());
    JwtVerifier verifier = verifier(source, c.algorithm());

    // A single-key source ignores kid, whatever it says.
    assertVerified(verifier, mint(c, "any-kid"), c, "any-kid");
    assertVerified(verifier, mint(c, null), c, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_mintedTokenWithAllAlgorithmsAllowed_accepted(Case c) {
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(ISS)
            .audience(AUD)
            .algorithms(Algorithm.values())
            .keys(KeySources.jwks(Tokens.jwks(jwk(c, Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .build();

    assertVerified(verifier, mint(c, "k1"), c, "k1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_mintedTokenWithSignatureTampered_badSignature(Case c) {
    JwtVerifier verifier = verifier(KeySources.jwks(Tokens.jwks(jwk(c, Map.of()))), c.algorithm());
    String token = mint(c, "k1");
    byte[] sig = JwsForge.signature(token);
    sig[sig.length - 1] ^= 1;

    assertRejected(verifier, JwsForge.withSignature(token, sig), ErrorCode.BAD_SIGNATURE);
  }

  /**
   * Engines are kept per thread and per key and reused token after token: threads sharing one
   * verifier, with good and forged tokens interleaved (a forged ES* signature of the wrong length,
   * say, leaves the JCA engine in an unspecified state), get every answer right.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verify_threadsInterleavingGoodAndForgedTokens_everyAnswerRight(Case c) throws Exception {
    JwtVerifier verifier = verifier(KeySources.jwks(Tokens.jwks(jwk(c, Map.of()))), c.algorithm());
    String token = mint(c, "k1");
    byte[] flipped = JwsForge.signature(token);
    flipped[flipped.length - 1] ^= 1;
    byte[] truncated = java.util.Arrays.copyOf(flipped, flipped.length - 1);
    List<String> forged =
        List.of(JwsForge.withSignature(token, flipped), JwsForge.withSignature(token, truncated));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            threads.submit(
                () -> {
                  int right = 0;
                  for (int i = 0; i < 60; i++) {
                    right += verifier.validate(token).isValid() ? 1 : 0;
                    VerificationResult bad = verifier.validate(forged.get(i % 2));
                    right += bad.errorCode().orElse(null) == ErrorCode.BAD_SIGNATURE ? 1 : 0;
                  }
                  return right;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(120);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void verify_edDsaAndRfc9864NamesAreInterchangeableOnTheSameCurve() {
    Case eddsa = new Case(Algorithm.EdDSA, ED25519, null);
    Case ed25519 = new Case(Algorithm.Ed25519, ED25519, "Ed25519");
    JwtVerifier boundToEdDsa =
        JwtVerifier.builder()
            .issuer(ISS)
            .audience(AUD)
            .algorithms(Algorithm.EdDSA, Algorithm.Ed25519)
            .keys(
                KeySources.jwks(
                    Tokens.jwks(Tokens.publicJwk(ED25519, "k1", Map.of("alg", "EdDSA")))))
            .clock(InstantSource.fixed(NOW))
            .build();
    JwtVerifier boundToEd25519 =
        JwtVerifier.builder()
            .issuer(ISS)
            .audience(AUD)
            .algorithms(Algorithm.EdDSA, Algorithm.Ed25519)
            .keys(
                KeySources.jwks(
                    Tokens.jwks(Tokens.publicJwk(ED25519, "k1", Map.of("alg", "Ed25519")))))
            .clock(InstantSource.fixed(NOW))
            .build();

    assertVerified(boundToEdDsa, mint(ed25519, "k1"), ed25519, "k1");
    assertVerified(boundToEd25519, mint(eddsa, "k1"), eddsa, "k1");
  }

  @Test
  void verify_ed448TokenAgainstEd25519Key_invalidKey() {
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(ISS)
            .audience(AUD)
            .algorithms(Algorithm.Ed448, Algorithm.Ed25519)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(ED25519, "k1", Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .build();

    assertRejected(
        verifier, mint(new Case(Algorithm.Ed448, ED448, "Ed448"), "k1"), ErrorCode.INVALID_KEY);
  }

  @Test
  void publicKeyPem_keyOfWrongFamilyOrCurve_refused() {
    List<Object[]> wrong =
        Arrays.asList(
            new Object[] {RSA, Algorithm.ES256},
            new Object[] {P256, Algorithm.ES384},
            new Object[] {P384, Algorithm.RS256},
            new Object[] {ED25519, Algorithm.Ed448},
            new Object[] {ED448, Algorithm.Ed25519},
            new Object[] {RSA, Algorithm.HS256});
    for (Object[] pair : wrong) {
      String pem = pem((KeyPair) pair[0]);
      Algorithm algorithm = (Algorithm) pair[1];
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> KeySources.publicKeyPem(pem, algorithm))
          .as("%s for %s", ((KeyPair) pair[0]).getPublic().getAlgorithm(), algorithm)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
