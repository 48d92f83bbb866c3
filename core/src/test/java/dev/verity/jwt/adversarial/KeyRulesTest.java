package dev.verity.jwt.adversarial;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static dev.verity.jwt.testing.JwsForge.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testsupport.Tokens;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests {@code threat66_} to {@code threat73_}, {@code threat75_} and {@code threat77_}: key rules
 * applied at JWK import and key selection (RFC 7517 §4.2-§4.5 and §5, RFC 7518 §3.2, §3.3 and
 * §6.2.1, RFC 8725 §3.4 and §3.8).
 *
 * <p>The remote JWKS source's document limits, redirects, plain http and stalls, and the stale keys
 * it serves while the JWKS endpoint fails, are not covered here: they are tested with that source,
 * against WireMock, in {@code dev.verity.jwt.jwks}.
 */
class KeyRulesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final KeyPair RSA_OTHER = Tokens.rsa(2048);
  private static final KeyPair P256 = Tokens.ec("secp256r1");

  private static JwtVerifier verifier(KeySource keys, Algorithm... algorithms) {
    return JwtVerifier.builder()
        .issuer(ISS)
        .audience(AUD)
        .algorithms(algorithms)
        .keys(keys)
        .clock(InstantSource.fixed(NOW))
        .build();
  }

  private static JwtVerifier verifier(String jwks, Algorithm... algorithms) {
    return verifier(KeySources.jwks(jwks), algorithms);
  }

  private static Tokens.Builder claims(String kid) {
    Tokens.Builder builder =
        Tokens.token()
            .claim("iss", ISS)
            .claim("aud", AUD)
            .claim("sub", "alice")
            .claim("exp", NOW.getEpochSecond() + 300);
    return kid == null ? builder : builder.kid(kid);
  }

  private static String b64(BigInteger value, int length) {
    return Tokens.b64(fixed(value, length));
  }

  private static String rsaJwk(String kid, BigInteger n, int nLength, String e) {
    return "{\"kty\":\"RSA\",\"kid\":\""
        + kid
        + "\",\"n\":\""
        + b64(n, nLength)
        + "\",\"e\":\""
        + e
        + "\"}";
  }

  private static String octJwk(String kid, byte[] secret, String extra) {
    return "{\"kty\":\"oct\",\"kid\":\""
        + kid
        + "\",\"k\":\""
        + Tokens.b64(secret)
        + "\""
        + extra
        + "}";
  }

  private static byte[] bytes(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (i * 7 + 1);
    }
    return out;
  }

  private static BigInteger modulus(KeyPair pair) {
    return ((RSAPublicKey) pair.getPublic()).getModulus();
  }

  // ---- 66: RSA too small ----

  @Test
  void threat66_rsa1024Jwk_invalidKey() {
    KeyPair small = Tokens.rsa(1024);
    JwtVerifier verifier =
        verifier(Tokens.jwks(Tokens.publicJwk(small, "small", Map.of())), Algorithm.RS256);

    assertRejected(
        verifier, claims("small").sign("RS256", small.getPrivate()), ErrorCode.INVALID_KEY);
    assertRejected(verifier, claims(null).sign("RS256", small.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat66_rsa2040PaddedWithLeadingZeroOctet_invalidKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2040);
    KeyPair padded = generator.generateKeyPair();
    byte[] n = fixed(modulus(padded), 256);
    assertThat(n[0]).isZero();
    assertThat(modulus(padded).bitLength()).isLessThanOrEqualTo(2040);
    String jwk = rsaJwk("padded", modulus(padded), 256, "AQAB");
    JwtVerifier verifier = verifier(Tokens.jwks(jwk), Algorithm.RS256);

    assertRejected(
        verifier, claims("padded").sign("RS256", padded.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat66_rsa1024Pem_refusedAtConfiguration() {
    KeyPair small = Tokens.rsa(1024);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(small.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";

    assertThatThrownBy(() -> KeySources.publicKeyPem(pem, Algorithm.RS256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- 67: RSA exponent ----

  @ParameterizedTest
  @ValueSource(strings = {"AQ", "Ag", "AQAC", "AA"})
  void threat67_rsaExponentOneZeroOrEven_invalidKey(String e) {
    // e = 1, 2, 65538 (even) and 0.
    JwtVerifier verifier =
        verifier(Tokens.jwks(rsaJwk("weak", modulus(RSA), 256, e)), Algorithm.RS256);

    assertRejected(verifier, claims("weak").sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat67_rsaExponentThree_accepted() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F0));
    KeyPair e3 = generator.generateKeyPair();
    assertThat(((RSAPublicKey) e3.getPublic()).getPublicExponent()).isEqualTo(3);
    JwtVerifier verifier =
        verifier(Tokens.jwks(Tokens.publicJwk(e3, "e3", Map.of())), Algorithm.RS256);

    assertAccepted(verifier, claims("e3").sign("RS256", e3.getPrivate()));
  }

  // ---- 68: EC points ----

  private static String ecJwk(String kid, String crv, byte[] x, byte[] y) {
    return "{\"kty\":\"EC\",\"kid\":\""
        + kid
        + "\",\"crv\":\""
        + crv
        + "\",\"x\":\""
        + Tokens.b64(x)
        + "\",\"y\":\""
        + Tokens.b64(y)
        + "\"}";
  }

  private static byte[] x(KeyPair pair) {
    return fixed(((ECPublicKey) pair.getPublic()).getW().getAffineX(), 32);
  }

  private static byte[] y(KeyPair pair) {
    return fixed(((ECPublicKey) pair.getPublic()).getW().getAffineY(), 32);
  }

  @Test
  void threat68_control_handBuiltP256Jwk_accepted() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(ecJwk("ec", "P-256", x(P256), y(P256))), Algorithm.ES256);

    assertAccepted(verifier, claims("ec").sign("ES256", P256.getPrivate()));
  }

  @Test
  void threat68_ecPointOffCurve_invalidKey() {
    BigInteger y = new BigInteger(1, y(P256)).add(BigInteger.ONE);
    JwtVerifier verifier =
        verifier(Tokens.jwks(ecJwk("ec", "P-256", x(P256), fixed(y, 32))), Algorithm.ES256);

    assertRejected(verifier, claims("ec").sign("ES256", P256.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat68_ecPointAtOrigin_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(ecJwk("ec", "P-256", new byte[32], new byte[32])), Algorithm.ES256);

    assertRejected(verifier, claims("ec").sign("ES256", P256.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat68_p256X31Bytes_invalidKey() {
    // A key whose x has a leading zero octet, published in the minimal (31-byte) form: the same
    // point, but RFC 7518 §6.2.1.2 demands the full coordinate length.
    KeyPair pair = null;
    for (int attempt = 0; attempt < 20_000 && pair == null; attempt++) {
      KeyPair candidate = Tokens.ec("secp256r1");
      if (x(candidate)[0] == 0) {
        pair = candidate;
      }
    }
    assertThat(pair).as("a P-256 key with a leading zero octet in x").isNotNull();
    byte[] shortX = java.util.Arrays.copyOfRange(x(pair), 1, 32);
    String token = claims("ec").sign("ES256", pair.getPrivate());

    assertAccepted(
        verifier(Tokens.jwks(ecJwk("ec", "P-256", x(pair), y(pair))), Algorithm.ES256), token);
    assertRejected(
        verifier(Tokens.jwks(ecJwk("ec", "P-256", shortX, y(pair))), Algorithm.ES256),
        token,
        ErrorCode.INVALID_KEY);
  }

  @Test
  void threat68_crvP384WithP256Coordinates_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(ecJwk("ec", "P-384", x(P256), y(P256))), Algorithm.ES256);

    assertRejected(verifier, claims("ec").sign("ES256", P256.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat68_p256KeyForEs384Token_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(Tokens.publicJwk(P256, "ec", Map.of())), Algorithm.ES384);

    assertRejected(verifier, claims("ec").sign("ES384", P256.getPrivate()), ErrorCode.INVALID_KEY);
  }

  // ---- 69: kty/members and alg/curve mismatches ----

  @Test
  void threat69_ktyRsaWithEcMembers_invalidKey() {
    String jwk =
        "{\"kty\":\"RSA\",\"kid\":\"mixed\",\"crv\":\"P-256\",\"x\":\""
            + Tokens.b64(x(P256))
            + "\",\"y\":\""
            + Tokens.b64(y(P256))
            + "\"}";
    JwtVerifier verifier = verifier(Tokens.jwks(jwk), Algorithm.RS256, Algorithm.ES256);

    assertRejected(
        verifier, claims("mixed").sign("ES256", P256.getPrivate()), ErrorCode.INVALID_KEY);
    assertRejected(
        verifier, claims("mixed").sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES521", "ES224", "ES384", "ES512", "RS256"})
  void threat69_algNotMatchingP256Key_invalidKey(String alg) {
    JwtVerifier verifier =
        verifier(Tokens.jwks(Tokens.publicJwk(P256, "ec", Map.of("alg", alg))), Algorithm.ES256);

    assertRejected(verifier, claims("ec").sign("ES256", P256.getPrivate()), ErrorCode.INVALID_KEY);
  }

  // ---- 70: use and key_ops ----

  @Test
  void threat70_useEnc_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(Tokens.publicJwk(RSA, "k", Map.of("use", "enc"))), Algorithm.RS256);

    assertRejected(verifier, claims("k").sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
    assertRejected(verifier, claims(null).sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypt", "sign", "wrapKey"})
  void threat70_keyOpsWithoutVerify_invalidKey(String op) {
    JwtVerifier verifier =
        verifier(
            Tokens.jwks(Tokens.publicJwk(RSA, "k", Map.of("key_ops", List.of(op)))),
            Algorithm.RS256);

    assertRejected(verifier, claims("k").sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat70_control_useSigAndKeyOpsVerify_accepted() {
    JwtVerifier verifier =
        verifier(
            Tokens.jwks(
                Tokens.publicJwk(
                    RSA, "k", Map.of("use", "sig", "key_ops", List.of("verify"), "alg", "RS256"))),
            Algorithm.RS256);

    assertAccepted(verifier, claims("k").sign("RS256", RSA.getPrivate()));
  }

  @Test
  void threat70_encKeySkippedWhenSelectingWithoutKid() {
    JwtVerifier verifier =
        verifier(
            Tokens.jwks(
                Tokens.publicJwk(RSA_OTHER, "enc", Map.of("use", "enc")),
                Tokens.publicJwk(RSA, "sig", Map.of("use", "sig"))),
            Algorithm.RS256);

    // The only eligible key is the "sig" one: it verifies its own token...
    assertAccepted(verifier, claims(null).sign("RS256", RSA.getPrivate()));
    // ...and a token signed by the encryption key's private half is checked against it, not
    // against the encryption key.
    assertRejected(
        verifier, claims(null).sign("RS256", RSA_OTHER.getPrivate()), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 71: HMAC secret length ----

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 31})
  void threat71_octKeyShorterThanHs256Hash_invalidKey(int length) {
    JwtVerifier verifier = verifier(Tokens.jwks(octJwk("hs", bytes(length), "")), Algorithm.HS256);

    assertRejected(verifier, claims("hs").signHmac("HS256", bytes(length)), ErrorCode.INVALID_KEY);
    assertRejected(verifier, claims(null).signHmac("HS256", bytes(length)), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat71_octKeyBoundToHs256ButShort_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(octJwk("hs", bytes(16), ",\"alg\":\"HS256\"")), Algorithm.HS256);

    assertRejected(verifier, claims("hs").signHmac("HS256", bytes(16)), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat71_octKeyEmpty_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks("{\"kty\":\"oct\",\"kid\":\"hs\",\"k\":\"\"}"), Algorithm.HS256);

    assertRejected(verifier, claims("hs").signHmac("HS256", bytes(32)), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat71_octKeyMissingK_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks("{\"kty\":\"oct\",\"kid\":\"hs\"}"), Algorithm.HS256);

    assertRejected(verifier, claims("hs").signHmac("HS256", bytes(32)), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat71_octKey32BytesForHs384_invalidKey() {
    JwtVerifier verifier =
        verifier(Tokens.jwks(octJwk("hs", bytes(32), "")), Algorithm.HS256, Algorithm.HS384);

    assertAccepted(verifier, claims("hs").signHmac("HS256", bytes(32)));
    assertRejected(verifier, claims("hs").signHmac("HS384", bytes(32)), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat71_octKey64BytesForHs256_accepted() {
    JwtVerifier verifier = verifier(Tokens.jwks(octJwk("hs", bytes(64), "")), Algorithm.HS256);

    assertAccepted(verifier, claims("hs").signHmac("HS256", bytes(64)));
  }

  @Test
  void threat71_hmacSecretSourceShorterThanHash_invalidKey() {
    JwtVerifier verifier = verifier(KeySources.hmacSecret(bytes(16)), Algorithm.HS256);

    assertRejected(verifier, claims("any").signHmac("HS256", bytes(16)), ErrorCode.INVALID_KEY);
  }

  // ---- 72: symmetric keys from a remote JWKS ----

  @Test
  void threat72_octKeyViaParseRemote_invalidKey() {
    JwkSet remote = JwkSet.parseRemote(Tokens.jwks(octJwk("hs", bytes(32), "")));
    assertThat(remote.size()).isEqualTo(1);
    assertThat(remote.usableSize()).isZero();
    JwtVerifier verifier = verifier(KeySources.of(remote), Algorithm.HS256);

    assertRejected(verifier, claims("hs").signHmac("HS256", bytes(32)), ErrorCode.INVALID_KEY);
    assertRejected(verifier, claims(null).signHmac("HS256", bytes(32)), ErrorCode.INVALID_KEY);
  }

  @Test
  void threat72_octKeyViaParseRemote_otherKeysStillWork() {
    JwkSet remote =
        JwkSet.parseRemote(
            Tokens.jwks(octJwk("hs", bytes(32), ""), Tokens.publicJwk(RSA, "rsa", Map.of())));
    JwtVerifier verifier = verifier(KeySources.of(remote), Algorithm.HS256, Algorithm.RS256);

    assertRejected(verifier, claims("hs").signHmac("HS256", bytes(32)), ErrorCode.INVALID_KEY);
    assertAccepted(verifier, claims("rsa").sign("RS256", RSA.getPrivate()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"A256GCM", "A256KW", "dir"})
  void threat72_encryptionAlgOctKey_invalidKeyLocalAndRemote(String alg) {
    String jwks = Tokens.jwks(octJwk("enc", bytes(32), ",\"alg\":\"" + alg + "\""));
    for (JwkSet set : List.of(JwkSet.parse(jwks), JwkSet.parseRemote(jwks))) {
      assertThat(set.usableSize()).isZero();
      JwtVerifier verifier = verifier(KeySources.of(set), Algorithm.HS256);
      assertRejected(verifier, claims("enc").signHmac("HS256", bytes(32)), ErrorCode.INVALID_KEY);
    }
  }

  // ---- 73: duplicate kid ----

  @Test
  void threat73_twoKeysWithSameKid_keyNotFound() {
    JwtVerifier verifier =
        verifier(
            Tokens.jwks(
                Tokens.publicJwk(RSA, "dup", Map.of()),
                Tokens.publicJwk(RSA_OTHER, "dup", Map.of())),
            Algorithm.RS256);

    assertRejected(
        verifier, claims("dup").sign("RS256", RSA.getPrivate()), ErrorCode.KEY_NOT_FOUND);
    assertRejected(
        verifier, claims("dup").sign("RS256", RSA_OTHER.getPrivate()), ErrorCode.KEY_NOT_FOUND);
  }

  @Test
  void threat73_sameKeyListedTwiceUnderOneKid_keyNotFound() {
    String jwk = Tokens.publicJwk(RSA, "dup", Map.of());
    JwtVerifier verifier = verifier(Tokens.jwks(jwk, jwk), Algorithm.RS256);

    assertRejected(
        verifier, claims("dup").sign("RS256", RSA.getPrivate()), ErrorCode.KEY_NOT_FOUND);
  }

  // Remote JWKS document limits: not here, see the class comment.

  // ---- 75: unusable entries are ignored, the others keep working ----

  private static final String ODD_JWKS =
      Tokens.jwks(
          "{\"kty\":\"XYZ\",\"kid\":\"odd\",\"x\":\"AAAA\"}",
          "{\"kty\":\"RSA\",\"kid\":\"no-n\",\"e\":\"AQAB\"}",
          "{\"kid\":\"no-kty\",\"n\":\"AAAA\",\"e\":\"AQAB\"}",
          "42",
          "\"not a key\"",
          Tokens.publicJwk(RSA, "good", Map.of()));

  @Test
  void threat75_unknownKtyAndMissingN_ignoredOthersStillWork() {
    JwkSet set = JwkSet.parse(ODD_JWKS);
    assertThat(set.usableSize()).isEqualTo(1);
    JwtVerifier verifier = verifier(KeySources.of(set), Algorithm.RS256);

    assertAccepted(verifier, claims("good").sign("RS256", RSA.getPrivate()));
    assertAccepted(verifier, claims(null).sign("RS256", RSA.getPrivate()));
  }

  @Test
  void threat75_tokenNamingAnIgnoredEntry_invalidKey() {
    // A kid naming a key that may not verify is INVALID_KEY, not KEY_NOT_FOUND: the key is kept
    // as unusable (RFC 7517 §5; docs/security-model.md, "Key").
    JwtVerifier verifier = verifier(ODD_JWKS, Algorithm.RS256);

    assertRejected(verifier, claims("odd").sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
    assertRejected(verifier, claims("no-n").sign("RS256", RSA.getPrivate()), ErrorCode.INVALID_KEY);
    assertRejected(
        verifier, claims("absent").sign("RS256", RSA.getPrivate()), ErrorCode.KEY_NOT_FOUND);
  }

  // Stale keys during a JWKS outage: not here, see the class comment.

  // ---- 77: keys are scoped per issuer (RFC 8725 §3.8) ----

  @Test
  void threat77_multiIssuerKidOnlyInOtherIssuersJwks_keyNotFound() {
    String issuerA = "https://a.example.com";
    String issuerB = "https://b.example.com";
    JwtVerifier a =
        JwtVerifier.builder()
            .issuer(issuerA)
            .audience(AUD)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "a-key", Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .build();
    JwtVerifier b =
        JwtVerifier.builder()
            .issuer(issuerB)
            .audience(AUD)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA_OTHER, "b-key", Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .build();
    JwtVerifier router = JwtVerifier.multiIssuer().route(a).route(b).build();
    Tokens.Builder claimsA =
        Tokens.token()
            .kid("b-key")
            .claim("iss", issuerA)
            .claim("aud", AUD)
            .claim("exp", NOW.getEpochSecond() + 300);

    assertRejected(router, claimsA.sign("RS256", RSA_OTHER.getPrivate()), ErrorCode.KEY_NOT_FOUND);
    String claimsB =
        Tokens.token()
            .kid("b-key")
            .claim("iss", issuerB)
            .claim("aud", AUD)
            .claim("exp", NOW.getEpochSecond() + 300)
            .sign("RS256", RSA_OTHER.getPrivate());
    assertAccepted(router, claimsB);
  }

  @Test
  void threat77_multiIssuerNoKidSignedByOtherIssuer_badSignature() {
    String issuerA = "https://a.example.com";
    JwtVerifier a =
        JwtVerifier.builder()
            .issuer(issuerA)
            .audience(AUD)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "a-key", Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .build();
    JwtVerifier b =
        JwtVerifier.builder()
            .issuer("https://b.example.com")
            .audience(AUD)
            .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA_OTHER, "b-key", Map.of()))))
            .clock(InstantSource.fixed(NOW))
            .build();
    JwtVerifier router = JwtVerifier.multiIssuer().route(a).route(b).build();
    String token =
        Tokens.token()
            .claim("iss", issuerA)
            .claim("aud", AUD)
            .claim("exp", NOW.getEpochSecond() + 300)
            .sign("RS256", RSA_OTHER.getPrivate());

    JwtVerificationException rejection = assertRejected(router, token, ErrorCode.BAD_SIGNATURE);
    JwsForge.assertMessageFreeOf(rejection, issuerA);
  }
}
