package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testsupport.Tokens;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ed25519 and Ed448 public keys of small order verify forged signatures: with the identity as the
 * key, {@code R} = identity and {@code S} = 0 verify any message under the cofactorless equation
 * the JDK uses. Every small-order point, in every encoding (canonical, with the sign bit set on
 * {@code x} = 0, and {@code y} ≥ p), must be refused when the JWK is parsed, so that a token naming
 * one is {@code INVALID_KEY} and no signature is ever checked against it. The encodings are the
 * published blocklists (libsodium's {@code crypto_sign_ed25519} small-order list, RFC 8032 §5.1.3
 * and §5.2.3 decoding), written out here rather than computed, so the test is independent of the
 * arithmetic under test.
 */
class SmallOrderEdwardsKeyTest {
  private static final String P_MINUS_1 =
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";

  /** Ed25519 little-endian encodings of points of order 1, 2, 4 and 8, canonical or not. */
  static Stream<Arguments> ed25519SmallOrder() {
    return Stream.of(
        Arguments.of("identity (order 1)", "01" + "00".repeat(31)),
        Arguments.of("identity, sign bit set (non-canonical)", "01" + "00".repeat(30) + "80"),
        Arguments.of("order 2: y = p-1", P_MINUS_1),
        Arguments.of(
            "order 2, sign bit set (non-canonical)",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        Arguments.of("order 4: y = 0, x even", "00".repeat(32)),
        Arguments.of("order 4: y = 0, x odd", "00".repeat(31) + "80"),
        Arguments.of("order 8", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        Arguments.of(
            "order 8, other sign",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
        Arguments.of("order 8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        Arguments.of(
            "order 8, other sign",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
        Arguments.of(
            "y = p (non-canonical 0, order 4)",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Arguments.of(
            "y = p + 1 (non-canonical identity)",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Arguments.of(
            "y = p + 1, sign bit set",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        Arguments.of(
            "y = p, sign bit set",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
  }

  /** Ed448 (57-byte) encodings of the points of order 1, 2 and 4, canonical or not. */
  static Stream<Arguments> ed448SmallOrder() {
    String pMinus1 = "fe" + "ff".repeat(27) + "fe" + "ff".repeat(27) + "00";
    String p = "ff".repeat(28) + "fe" + "ff".repeat(27) + "00";
    String pPlus1 = "00".repeat(28) + "ff" + "ff".repeat(27) + "00";
    return Stream.of(
        Arguments.of("identity (order 1)", "01" + "00".repeat(56)),
        Arguments.of("identity, sign bit set (non-canonical)", "01" + "00".repeat(55) + "80"),
        Arguments.of("order 2: y = p-1", pMinus1),
        Arguments.of("order 4: y = 0, x even", "00".repeat(57)),
        Arguments.of("order 4: y = 0, x odd", "00".repeat(56) + "80"),
        Arguments.of("y = p (non-canonical 0)", p),
        Arguments.of("identity with a stray bit in the last octet", "01" + "00".repeat(55) + "01"),
        Arguments.of("y = p + 1 (non-canonical identity)", pPlus1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ed25519SmallOrder")
  void ed25519Jwk_smallOrderPoint_isInvalidKey(String point, String hex) {
    assertSmallOrderKeyRefused("Ed25519", Algorithm.Ed25519, hex, 64);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ed448SmallOrder")
  void ed448Jwk_smallOrderPoint_isInvalidKey(String point, String hex) {
    assertSmallOrderKeyRefused("Ed448", Algorithm.Ed448, hex, 114);
  }

  /**
   * The attack itself: the identity key, {@code R} = identity, {@code S} = 0. Before the fix this
   * token was VALID on the JDK path; now the key never verifies.
   */
  @Test
  void ed25519_identityKeyWithForgedSignature_isInvalidKeyNotValid() {
    String identity = "01" + "00".repeat(31);
    JwtVerifier verifier = verifierFor("Ed25519", Algorithm.Ed25519, identity);
    byte[] forged = JwsForge.concat(JwsForge.hex(identity), new byte[32]);
    String token = forgedToken("Ed25519", forged);
    assertRejected(verifier, token, ErrorCode.INVALID_KEY);
  }

  @Test
  void ed25519_identityKeyWithoutKid_tokenIsNotVerified() {
    // Without a kid the only key of the family is chosen; it must still never verify.
    String jwks = jwks("Ed25519", "01" + "00".repeat(31), null);
    JwtVerifier verifier =
        Fixtures.base().algorithms(Algorithm.Ed25519).keys(KeySources.jwks(jwks)).build();
    byte[] forged = JwsForge.concat(JwsForge.hex("01" + "00".repeat(31)), new byte[32]);
    String token =
        JwsForge.withSignature(
            Tokens.b64("{\"alg\":\"Ed25519\"}")
                + "."
                + Tokens.b64(Fixtures.validClaimsJson())
                + ".x",
            forged);
    assertRejected(verifier, token, ErrorCode.INVALID_KEY);
  }

  @Test
  void ed25519Jwk_genuineKey_stillVerifies() {
    KeyPair pair = Tokens.edwards("Ed25519");
    JwtVerifier verifier =
        Fixtures.base()
            .algorithms(Algorithm.Ed25519, Algorithm.EdDSA)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(pair, "ed", Map.of()))))
            .build();
    String token = Fixtures.validClaims().kid("ed").sign("EdDSA", pair.getPrivate());
    assertAccepted(verifier, token);
  }

  @Test
  void ed448Jwk_genuineKey_stillVerifies() {
    KeyPair pair = Tokens.edwards("Ed448");
    JwtVerifier verifier =
        Fixtures.base()
            .algorithms(Algorithm.EdDSA)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(pair, "ed", Map.of()))))
            .build();
    String token = Fixtures.validClaims().kid("ed").sign("EdDSA", pair.getPrivate());
    assertAccepted(verifier, token);
  }

  @Test
  void ed25519Jwk_manyGenuineKeys_noneRefused() {
    // The check must not refuse real keys: 200 fresh ones all stay usable.
    for (int i = 0; i < 200; i++) {
      KeyPair pair = Tokens.edwards(i % 2 == 0 ? "Ed25519" : "Ed448");
      JwkSet set = JwkSet.parse(Tokens.jwks(Tokens.publicJwk(pair, "k", Map.of())));
      assertThat(set.usableSize()).as("key %d", i).isEqualTo(1);
    }
  }

  @Test
  void pemEdwardsKeys_manyGenuineKeys_noneRefused() throws Exception {
    // The PEM path re-encodes the JCA's decoded point; half of all keys have y >= 2^254.
    for (int i = 0; i < 200; i++) {
      String curve = i % 2 == 0 ? "Ed25519" : "Ed448";
      KeyPair pair = Tokens.edwards(curve);
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      Algorithm algorithm = i % 2 == 0 ? Algorithm.Ed25519 : Algorithm.Ed448;
      JwtVerifier verifier =
          Fixtures.base()
              .algorithms(algorithm, Algorithm.EdDSA)
              .keys(KeySources.publicKeyPem(pem, algorithm))
              .build();
      assertAccepted(verifier, Fixtures.validClaims().sign("EdDSA", pair.getPrivate()));
    }
  }

  @Test
  void ed25519Jwk_notOnCurve_isInvalidKey() {
    // y = 2 has no x on edwards25519 (u/v is not a square): decoding fails (RFC 8032 §5.1.3).
    assertSmallOrderKeyRefused("Ed25519", Algorithm.Ed25519, "02" + "00".repeat(31), 64);
  }

  @Test
  void pemEd25519Key_smallOrderPoint_isRefusedAtBuild() throws Exception {
    // The JCA decodes such a key without complaint; KeySources must refuse it all the same.
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    var key =
        factory.generatePublic(
            new EdECPublicKeySpec(
                NamedParameterSpec.ED25519, new EdECPoint(false, BigInteger.ONE)));
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    assertThatThrownBy(() -> KeySources.publicKeyPem(pem, Algorithm.Ed25519))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("small order");
  }

  private static void assertSmallOrderKeyRefused(
      String curve, Algorithm algorithm, String hex, int signatureLength) {
    JwtVerifier verifier = verifierFor(curve, algorithm, hex);
    // R = the key's own encoding, S = 0: the forgery that works when the key has small order.
    byte[] forged =
        JwsForge.concat(
            JwsForge.hex(hex).length == signatureLength / 2
                ? JwsForge.hex(hex)
                : new byte[signatureLength / 2],
            new byte[signatureLength / 2]);
    var rejection =
        assertRejected(verifier, forgedToken(algorithm.jwaName(), forged), ErrorCode.INVALID_KEY);
    assertThat(rejection.getMessage()).containsAnyOf("small order", "not a valid point encoding");
    assertThat(JwkSet.parse(jwks(curve, hex, "bad")).usableSize()).isZero();
  }

  private static JwtVerifier verifierFor(String curve, Algorithm algorithm, String hex) {
    return Fixtures.base()
        .algorithms(algorithm)
        .keys(KeySources.jwks(jwks(curve, hex, "bad")))
        .build();
  }

  private static String jwks(String curve, String hex, String kid) {
    String x = Tokens.b64(JwsForge.hex(hex));
    return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\""
        + curve
        + "\",\"x\":\""
        + x
        + "\""
        + (kid == null ? "" : ",\"kid\":\"" + kid + "\"")
        + "}]}";
  }

  private static String forgedToken(String alg, byte[] signature) {
    String unsigned =
        Tokens.b64("{\"alg\":\"" + alg + "\",\"kid\":\"bad\"}")
            + "."
            + Tokens.b64(Fixtures.validClaimsJson());
    return unsigned + "." + Tokens.b64(signature);
  }
}
