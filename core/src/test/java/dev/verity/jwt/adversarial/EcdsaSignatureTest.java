package dev.verity.jwt.adversarial;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static dev.verity.jwt.testing.JwsForge.concat;
import static dev.verity.jwt.testing.JwsForge.fixed;
import static dev.verity.jwt.testing.JwsForge.jcaToken;
import static dev.verity.jwt.testing.JwsForge.signature;
import static dev.verity.jwt.testing.JwsForge.withSignature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.internal.Curves;
import dev.verity.jwt.internal.SignatureVerifier;
import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testsupport.Tokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests {@code threat55_} to {@code threat61_}: ECDSA signatures in the wrong encoding or length
 * (RFC 7518 §3.4: exactly R‖S; CVE-2020-14966), with r and s out of range ("psychic signatures",
 * CVE-2022-21449), the malleable high-S form (accepted: RFC 7518 has no low-S rule), and malformed
 * Ed25519/Ed448 signatures (RFC 8032 §5.1.7, §5.2.7).
 */
class EcdsaSignatureTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair P256 = Tokens.ec("secp256r1");
  private static final KeyPair P521 = Tokens.ec("secp521r1");
  private static final KeyPair ED25519 = Tokens.edwards("Ed25519");
  private static final KeyPair ED448 = Tokens.edwards("Ed448");
  private static final BigInteger N256 = Curves.P256.order();
  private static final BigInteger N521 = Curves.P521.order();
  // Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1).
  private static final BigInteger L25519 =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final String PAYLOAD =
      "{\"iss\":\""
          + ISS
          + "\",\"aud\":\""
          + AUD
          + "\",\"sub\":\"alice\",\"exp\":"
          + (NOW.getEpochSecond() + 300)
          + "}";

  private static final JwtVerifier VERIFIER =
      JwtVerifier.builder()
          .issuer(ISS)
          .audience(AUD)
          .algorithms(
              Algorithm.ES256, Algorithm.ES512, Algorithm.EdDSA, Algorithm.Ed25519, Algorithm.Ed448)
          .keys(
              KeySources.jwks(
                  Tokens.jwks(
                      Tokens.publicJwk(P256, "p256", Map.of()),
                      Tokens.publicJwk(P521, "p521", Map.of()),
                      Tokens.publicJwk(ED25519, "ed25519", Map.of()),
                      Tokens.publicJwk(ED448, "ed448", Map.of()))))
          .clock(InstantSource.fixed(NOW))
          .build();

  private static Tokens.Builder claims(String kid) {
    return Tokens.token()
        .kid(kid)
        .claim("iss", ISS)
        .claim("aud", AUD)
        .claim("sub", "alice")
        .claim("exp", NOW.getEpochSecond() + 300);
  }

  private static String es256() {
    return claims("p256").sign("ES256", P256.getPrivate());
  }

  private static String es512() {
    return claims("p521").sign("ES512", P521.getPrivate());
  }

  private static byte[] rs(BigInteger r, BigInteger s, int size) {
    return concat(fixed(r, size), fixed(s, size));
  }

  private static BigInteger r(byte[] sig) {
    return new BigInteger(1, Arrays.copyOfRange(sig, 0, sig.length / 2));
  }

  private static BigInteger s(byte[] sig) {
    return new BigInteger(1, Arrays.copyOfRange(sig, sig.length / 2, sig.length));
  }

  // ---- 55: DER instead of R‖S ----

  @Test
  void threat55_es256DerSignature_badSignature() {
    String der =
        jcaToken(
            "{\"alg\":\"ES256\",\"kid\":\"p256\"}",
            PAYLOAD,
            "SHA256withECDSA",
            null,
            P256.getPrivate());
    assertThat(signature(der).length).isBetween(68, 72);
    assertThat(signature(der)[0]).isEqualTo((byte) 0x30);

    assertRejected(VERIFIER, der, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat55_control_es256P1363Signature_accepted() {
    assertAccepted(
        VERIFIER,
        jcaToken(
            "{\"alg\":\"ES256\",\"kid\":\"p256\"}",
            PAYLOAD,
            "SHA256withECDSAinP1363Format",
            null,
            P256.getPrivate()));
  }

  @Test
  void threat55_derEncodingOfZeroZero_badSignature() {
    // "MAYCAQACAQA": SEQUENCE { INTEGER 0, INTEGER 0 }.
    byte[] der = Base64.getDecoder().decode("MAYCAQACAQA=");

    assertRejected(VERIFIER, withSignature(es256(), der), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 56: R‖S of the wrong length ----

  @Test
  void threat56_es256Signature63Bytes_badSignature() {
    String token = es256();

    assertRejected(
        VERIFIER,
        withSignature(token, Arrays.copyOf(signature(token), 63)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat56_es256Signature65Bytes_badSignature() {
    String token = es256();

    assertRejected(
        VERIFIER,
        withSignature(token, concat(new byte[] {0}, signature(token))),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat56_es256Signature64BytesPlusZero_badSignature() {
    String token = es256();

    assertRejected(
        VERIFIER,
        withSignature(token, concat(signature(token), new byte[] {0})),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat56_es256SignatureZeroPaddedTo2KiB_badSignature() {
    String token = es256();
    byte[] sig = signature(token);

    // r and s each left-padded with zeros to 1024 bytes: the same integers (W:385).
    assertRejected(
        VERIFIER, withSignature(token, rs(r(sig), s(sig), 1024)), ErrorCode.BAD_SIGNATURE);
    // And zeros simply appended.
    assertRejected(
        VERIFIER, withSignature(token, Arrays.copyOf(sig, 2048)), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat56_es256SignatureCoordinatesPaddedTo33Bytes_badSignature() {
    String token = es256();
    byte[] sig = signature(token);

    assertRejected(VERIFIER, withSignature(token, rs(r(sig), s(sig), 33)), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 57: r, s out of [1, n-1] ----

  @Test
  void threat57_es256AllZeroSignature_badSignature() {
    assertRejected(VERIFIER, withSignature(es256(), new byte[64]), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat57_es512AllZeroSignature_badSignature() {
    assertRejected(VERIFIER, withSignature(es512(), new byte[132]), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat57_ecdsaZeroRS_badSignatureForEveryEdgeCombination() {
    String token = es256();
    List<BigInteger> edges =
        List.of(BigInteger.ZERO, BigInteger.ONE, N256.subtract(BigInteger.ONE), N256);
    for (BigInteger r : edges) {
      for (BigInteger s : edges) {
        assertRejected(VERIFIER, withSignature(token, rs(r, s, 32)), ErrorCode.BAD_SIGNATURE);
      }
    }
  }

  @Test
  void threat57_validROrSPairedWithZeroOrN_badSignature() {
    String token = es256();
    byte[] sig = signature(token);
    for (BigInteger bad : List.of(BigInteger.ZERO, N256)) {
      assertRejected(VERIFIER, withSignature(token, rs(r(sig), bad, 32)), ErrorCode.BAD_SIGNATURE);
      assertRejected(VERIFIER, withSignature(token, rs(bad, s(sig), 32)), ErrorCode.BAD_SIGNATURE);
    }
  }

  @Test
  void threat57_rangeCheckIsVerityOwn_notLeftToTheJdk() {
    // The check that refuses r or s out of [1, n-1] on unpatched JDKs too (CVE-2022-21449: 15-18
    // before 17.0.3/18.0.1).
    BigInteger one = BigInteger.ONE;
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P256, new byte[64])).isFalse();
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P256, rs(one, BigInteger.ZERO, 32)))
        .isFalse();
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P256, rs(N256, one, 32))).isFalse();
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P256, rs(one, N256, 32))).isFalse();
    assertThat(
            SignatureVerifier.validEcdsaSignature(
                Curves.P256, rs(N256.add(one), N256.add(one), 32)))
        .isFalse();
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P256, rs(one, N256.subtract(one), 32)))
        .isTrue();
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P521, new byte[132])).isFalse();
    assertThat(SignatureVerifier.validEcdsaSignature(Curves.P521, rs(N521, one, 66))).isFalse();
  }

  // ---- 58: r + n, s + n and overflow forms ----

  @Test
  void threat58_rPlusN_badSignature() {
    String token = es256();
    byte[] sig = signature(token);
    BigInteger rn = r(sig).add(N256);
    int size = Math.max(32, (rn.bitLength() + 7) / 8);

    assertRejected(
        VERIFIER,
        withSignature(token, concat(fixed(rn, size), fixed(s(sig), 32))),
        ErrorCode.BAD_SIGNATURE);
    assertRejected(
        VERIFIER, withSignature(token, rs(rn, s(sig).add(N256), 33)), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat58_sPlusN_badSignature() {
    String token = es256();
    byte[] sig = signature(token);
    BigInteger sn = s(sig).add(N256);
    int size = Math.max(32, (sn.bitLength() + 7) / 8);

    assertRejected(
        VERIFIER,
        withSignature(token, concat(fixed(r(sig), 32), fixed(sn, size))),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat58_rPlusNTruncatedTo32Bytes_badSignature() {
    // The overflow form: (r + n) mod 2^256, which a lax parser might reduce back to r.
    String token = es256();
    byte[] sig = signature(token);
    BigInteger mask = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    byte[] wrapped =
        concat(fixed(r(sig).add(N256).and(mask), 32), fixed(s(sig).add(N256).and(mask), 32));

    assertRejected(VERIFIER, withSignature(token, wrapped), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 59: ES512 with leading zeros dropped ----

  @Test
  void threat59_es512With130ByteSignature_badSignature() {
    String input = Tokens.b64("{\"alg\":\"ES512\",\"kid\":\"p521\"}") + "." + Tokens.b64(PAYLOAD);
    byte[] sig = null;
    for (int attempt = 0; attempt < 400; attempt++) {
      byte[] candidate =
          JwsForge.jcaSign("SHA512withECDSAinP1363Format", null, P521.getPrivate(), input);
      if (candidate[0] == 0 && candidate[66] == 0) {
        sig = candidate;
        break;
      }
    }
    assertThat(sig).as("a signature with both leading octets zero").isNotNull();
    assertAccepted(VERIFIER, input + "." + Tokens.b64(sig));
    byte[] stripped = concat(Arrays.copyOfRange(sig, 1, 66), Arrays.copyOfRange(sig, 67, 132));
    assertThat(stripped).hasSize(130);

    assertRejected(VERIFIER, input + "." + Tokens.b64(stripped), ErrorCode.BAD_SIGNATURE);
    byte[] rStripped = concat(Arrays.copyOfRange(sig, 1, 66), Arrays.copyOfRange(sig, 66, 132));
    assertRejected(VERIFIER, input + "." + Tokens.b64(rStripped), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat59_es512With64ByteEs256SizedSignature_badSignature() {
    assertRejected(VERIFIER, withSignature(es512(), new byte[64]), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 60: high-S is accepted ----

  @Test
  void threat60_es256HighS_accepted() {
    String token = es256();
    byte[] sig = signature(token);
    byte[] highS = rs(r(sig), N256.subtract(s(sig)), 32);

    assertAccepted(VERIFIER, withSignature(token, highS));
  }

  @Test
  void threat60_es512HighS_accepted() {
    String token = es512();
    byte[] sig = signature(token);
    byte[] highS = rs(r(sig), N521.subtract(s(sig)), 66);

    assertAccepted(VERIFIER, withSignature(token, highS));
  }

  // ---- 61: Ed25519 / Ed448 malformations ----

  private static String ed25519Token(String alg) {
    if ("EdDSA".equals(alg)) {
      return claims("ed25519").sign("EdDSA", ED25519.getPrivate());
    }
    // jose4j does not know the RFC 9864 names; sign by hand with the JCA.
    return jcaToken(
        "{\"alg\":\"" + alg + "\",\"kid\":\"ed25519\"}",
        PAYLOAD,
        "Ed25519",
        null,
        ED25519.getPrivate());
  }

  private static byte[] littleEndian(BigInteger value, int length) {
    byte[] big = fixed(value, length);
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = big[length - 1 - i];
    }
    return out;
  }

  private static BigInteger fromLittleEndian(byte[] bytes, int from, int to) {
    byte[] big = new byte[to - from];
    for (int i = 0; i < big.length; i++) {
      big[i] = bytes[to - 1 - i];
    }
    return new BigInteger(1, big);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "Ed25519"})
  void threat61_ed25519SPlusL_badSignature(String alg) {
    String token = ed25519Token(alg);
    assertAccepted(VERIFIER, token);
    byte[] sig = signature(token);
    BigInteger s = fromLittleEndian(sig, 32, 64);
    byte[] malleable = concat(Arrays.copyOf(sig, 32), littleEndian(s.add(L25519), 32));

    assertRejected(VERIFIER, withSignature(token, malleable), ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "Ed25519"})
  void threat61_ed25519SEqualToL_badSignature(String alg) {
    String token = ed25519Token(alg);
    byte[] sig = signature(token);
    byte[] sIsL = concat(Arrays.copyOf(sig, 32), littleEndian(L25519, 32));

    assertRejected(VERIFIER, withSignature(token, sIsL), ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "Ed25519"})
  void threat61_ed25519Truncated63Bytes_badSignature(String alg) {
    String token = ed25519Token(alg);

    assertRejected(
        VERIFIER,
        withSignature(token, Arrays.copyOf(signature(token), 63)),
        ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "Ed25519"})
  void threat61_ed25519With65Bytes_badSignature(String alg) {
    String token = ed25519Token(alg);

    assertRejected(
        VERIFIER,
        withSignature(token, concat(signature(token), new byte[] {0})),
        ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "Ed25519"})
  void threat61_ed25519WithGarbageAppended_badSignature(String alg) {
    String token = ed25519Token(alg);
    byte[] garbage = "garbage!".getBytes(StandardCharsets.US_ASCII);

    assertRejected(
        VERIFIER, withSignature(token, concat(signature(token), garbage)), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat61_ed25519AllZeroSignature_badSignature() {
    assertRejected(
        VERIFIER, withSignature(ed25519Token("EdDSA"), new byte[64]), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat61_ed448TruncatedOrExtended_badSignature() {
    String token =
        jcaToken(
            "{\"alg\":\"Ed448\",\"kid\":\"ed448\"}", PAYLOAD, "Ed448", null, ED448.getPrivate());
    assertAccepted(VERIFIER, token);
    byte[] sig = signature(token);
    assertThat(sig).hasSize(114);

    assertRejected(
        VERIFIER, withSignature(token, Arrays.copyOf(sig, 113)), ErrorCode.BAD_SIGNATURE);
    assertRejected(
        VERIFIER, withSignature(token, concat(sig, new byte[] {0})), ErrorCode.BAD_SIGNATURE);
    assertRejected(VERIFIER, withSignature(token, Arrays.copyOf(sig, 64)), ErrorCode.BAD_SIGNATURE);
  }
}
