package dev.verity.jwt.adversarial;

import static dev.verity.jwt.testing.JwsForge.assertAccepted;
import static dev.verity.jwt.testing.JwsForge.assertRejected;
import static dev.verity.jwt.testing.JwsForge.concat;
import static dev.verity.jwt.testing.JwsForge.fixed;
import static dev.verity.jwt.testing.JwsForge.hex;
import static dev.verity.jwt.testing.JwsForge.jcaToken;
import static dev.verity.jwt.testing.JwsForge.rsaRaw;
import static dev.verity.jwt.testing.JwsForge.signature;
import static dev.verity.jwt.testing.JwsForge.signingInput;
import static dev.verity.jwt.testing.JwsForge.withSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testing.TestEngines;
import dev.verity.jwt.testsupport.Tokens;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tampered, transplanted, resized and mis-padded RSA, RSA-PSS and HMAC signatures (and, for the bit
 * flips, ECDSA and EdDSA too): tests {@code threat50_} to {@code threat54_} and {@code threat62_}
 * to {@code threat65_}, after RFC 8017 §8.2.2 and §9.1.2, RFC 7518 §3.2 and §3.5, and Wycheproof's
 * RSA and HMAC vectors. Every forged token must be {@code BAD_SIGNATURE}; each family has an
 * untampered control that is accepted, so the forgery itself is known to be the only difference.
 */
class SignatureTamperingTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final KeyPair EC = Tokens.ec("secp256r1");
  private static final KeyPair ED = Tokens.edwards("Ed25519");
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final int K = ((RSAPublicKey) RSA.getPublic()).getModulus().bitLength() / 8;
  private static final BigInteger N = ((RSAPublicKey) RSA.getPublic()).getModulus();

  private static final String PAYLOAD =
      "{\"iss\":\""
          + ISS
          + "\",\"aud\":\""
          + AUD
          + "\",\"sub\":\"alice\",\"exp\":"
          + (NOW.getEpochSecond() + 300)
          + "}";

  private static final PSSParameterSpec PSS_SHA256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  // DigestInfo prefixes (RFC 8017 §9.2 note 1).
  private static final byte[] DI_SHA256 = hex("3031300d060960864801650304020105000420");
  private static final byte[] DI_SHA1 = hex("3021300906052b0e03021a05000414");

  private static final JwtVerifier VERIFIER =
      JwtVerifier.builder()
          .issuer(ISS)
          .audience(AUD)
          .algorithms(
              Algorithm.RS256,
              Algorithm.RS384,
              Algorithm.PS256,
              Algorithm.ES256,
              Algorithm.EdDSA,
              Algorithm.HS256)
          .keys(
              KeySources.jwks(
                  Tokens.jwks(
                      Tokens.publicJwk(RSA, "rsa", Map.of()),
                      Tokens.publicJwk(EC, "ec", Map.of()),
                      Tokens.publicJwk(ED, "ed", Map.of()),
                      "{\"kty\":\"oct\",\"kid\":\"hs\",\"k\":\"" + Tokens.b64(SECRET) + "\"}")))
          .clock(InstantSource.fixed(NOW))
          .build();

  /** Mints a valid token with jose4j; the header carries a free-form member to tamper with. */
  private static String mint(String alg, String sub) {
    Tokens.Builder builder =
        Tokens.token()
            .header("x", "aaaaaaaa")
            .claim("iss", ISS)
            .claim("aud", AUD)
            .claim("sub", sub)
            .claim("exp", NOW.getEpochSecond() + 300);
    switch (alg) {
      case "RS256":
      case "RS384":
      case "PS256":
        return builder.kid("rsa").sign(alg, RSA.getPrivate());
      case "ES256":
        return builder.kid("ec").sign(alg, EC.getPrivate());
      case "EdDSA":
        return builder.kid("ed").sign(alg, ED.getPrivate());
      case "HS256":
        return builder.kid("hs").signHmac(alg, SECRET);
      default:
        throw new IllegalArgumentException(alg);
    }
  }

  private static String header(String alg) {
    return "{\"alg\":\"" + alg + "\",\"kid\":\"rsa\"}";
  }

  private static String flipBit(String segment, int byteIndex, int bit) {
    byte[] bytes = JwsForge.decode(segment);
    bytes[byteIndex] ^= (byte) (1 << bit);
    return Tokens.b64(bytes);
  }

  private static String replacePart(String token, int part, String segment) {
    String[] parts = JwsForge.parts(token);
    parts[part] = segment;
    return String.join(".", parts);
  }

  // ---- 50: one bit flipped ----

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA", "HS256"})
  void threat50_bitFlipInHeaderMemberValue_badSignature(String alg) {
    String token = mint(alg, "alice");
    assertAccepted(VERIFIER, token);
    String header = JwsForge.parts(token)[0];
    String headerJson = new String(JwsForge.decode(header), StandardCharsets.UTF_8);
    int at = headerJson.indexOf("aaaaaaaa");
    // 'a' (0x61) with bit 1 flipped is 'c': the header stays valid JSON with the same alg and kid.
    String forged = replacePart(token, 0, flipBit(header, at, 1));

    assertRejected(VERIFIER, forged, ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA", "HS256"})
  void threat50_bitFlipsInEveryPayloadByte_badSignature(String alg) {
    String token = mint(alg, "alice");
    assertAccepted(VERIFIER, token);
    String payload = JwsForge.parts(token)[1];
    int length = JwsForge.decode(payload).length;
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      // Two bits per byte, rotating, so every byte and every bit position is hit at modest cost.
      for (int bit : new int[] {i % 8, 7 - i % 8}) {
        // The signature is checked before the claims are parsed, so even a flip that breaks the
        // JSON must be BAD_SIGNATURE.
        VerificationResult result =
            VERIFIER.validate(replacePart(token, 1, flipBit(payload, i, bit)));
        if (!result.errorCode().equals(java.util.Optional.of(ErrorCode.BAD_SIGNATURE))) {
          wrong.add("byte " + i + " bit " + bit + " -> " + result);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA", "HS256"})
  void threat50_bitFlipsInEverySignatureByte_badSignature(String alg) {
    String token = mint(alg, "alice");
    assertAccepted(VERIFIER, token);
    byte[] sig = signature(token);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < sig.length; i++) {
      for (int bit : new int[] {i % 8, 7 - i % 8}) {
        byte[] flipped = sig.clone();
        flipped[i] ^= (byte) (1 << bit);
        VerificationResult result = VERIFIER.validate(withSignature(token, flipped));
        if (!result.errorCode().equals(java.util.Optional.of(ErrorCode.BAD_SIGNATURE))) {
          wrong.add("byte " + i + " bit " + bit + " -> " + result);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void threat50_everyBitFlipInHeader_neverAccepted(String alg) {
    String token = mint(alg, "alice");
    String header = JwsForge.parts(token)[0];
    int length = JwsForge.decode(header).length;
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        VerificationResult result =
            VERIFIER.validate(replacePart(token, 0, flipBit(header, i, bit)));
        if (result.isValid() || result.errorCode().isEmpty()) {
          accepted.add("byte " + i + " bit " + bit);
        }
      }
    }
    assertThat(accepted).isEmpty();
  }

  // ---- 51: signature transplanted from another token ----

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA", "HS256"})
  void threat51_signatureFromAnotherToken_badSignature(String alg) {
    String alice = mint(alg, "alice");
    String mallory = mint(alg, "mallory");
    assertAccepted(VERIFIER, alice);

    assertRejected(VERIFIER, withSignature(mallory, signature(alice)), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat51_signatureFromRs384TokenUnderRs256Header_badSignature() {
    String rs256 = mint("RS256", "alice");
    String rs384 = mint("RS384", "alice");
    assertAccepted(VERIFIER, rs384);

    assertRejected(VERIFIER, withSignature(rs256, signature(rs384)), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 52: RSA signature of the wrong length ----

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256"})
  void threat52_rsaSignatureOneByteShort_badSignature(String alg) {
    String token = mint(alg, "alice");
    byte[] sig = signature(token);

    assertRejected(
        VERIFIER,
        withSignature(token, Arrays.copyOf(sig, sig.length - 1)),
        ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256"})
  void threat52_rsaSignatureOneByteLong_badSignature(String alg) {
    String token = mint(alg, "alice");

    assertRejected(
        VERIFIER,
        withSignature(token, concat(signature(token), new byte[] {0})),
        ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256"})
  void threat52_rsaSignatureWithZeroPrepended_badSignature(String alg) {
    // The same integer value, one octet longer: RFC 8017 §8.2.2 step 1 demands exactly k octets.
    String token = mint(alg, "alice");

    assertRejected(
        VERIFIER,
        withSignature(token, concat(new byte[] {0}, signature(token))),
        ErrorCode.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256"})
  void threat52_rsaSignatureEmpty_badSignature(String alg) {
    assertRejected(
        VERIFIER, withSignature(mint(alg, "alice"), new byte[0]), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 53: RSA signature representative out of range ----

  static Stream<BigInteger> rsaEdgeValues() {
    return Stream.of(
        BigInteger.ZERO,
        BigInteger.ONE,
        N.subtract(BigInteger.ONE),
        N,
        N.add(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(8 * K).subtract(BigInteger.ONE));
  }

  @Test
  void threat53_rsaSignatureValues0_1_nMinus1_n_aboveN_badSignature() {
    for (String alg : new String[] {"RS256", "PS256"}) {
      String token = mint(alg, "alice");
      rsaEdgeValues()
          .forEach(
              value ->
                  assertRejected(
                      VERIFIER, withSignature(token, fixed(value, K)), ErrorCode.BAD_SIGNATURE));
    }
  }

  // ---- 54: PKCS#1 v1.5 padding faults, built with the raw RSA private-key operation ----

  private static byte[] sha(String algorithm, String input) {
    try {
      return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** EM = 00 || blockType || PS (filler) || 00 || T, exactly k octets (RFC 8017 §9.2). */
  private static byte[] encodedMessage(byte blockType, byte filler, byte[] t) {
    byte[] em = new byte[K];
    em[0] = 0;
    em[1] = blockType;
    int psEnd = K - t.length - 1;
    Arrays.fill(em, 2, psEnd, filler);
    em[psEnd] = 0;
    System.arraycopy(t, 0, em, psEnd + 1, t.length);
    return em;
  }

  private static String pkcs1Token(String alg, byte[] em) {
    String input = Tokens.b64(header(alg)) + "." + Tokens.b64(PAYLOAD);
    return input + "." + Tokens.b64(rsaRaw(RSA.getPrivate(), em));
  }

  private static byte[] hash256() {
    return sha("SHA-256", Tokens.b64(header("RS256")) + "." + Tokens.b64(PAYLOAD));
  }

  @Test
  void threat54_control_wellFormedRawPkcs1Signature_accepted() {
    // Proves that the raw construction is right, so the faulty variants differ only in the fault.
    byte[] em = encodedMessage((byte) 1, (byte) 0xFF, concat(DI_SHA256, hash256()));

    assertAccepted(VERIFIER, pkcs1Token("RS256", em));
  }

  @Test
  void threat54_digestInfoWithoutNullParameters_badSignature() {
    // Wycheproof rates a missing NULL "acceptable"; Verity (policy) rejects it.
    byte[] t = concat(hex("302f300b0609608648016503040201 0420"), hash256());

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_digestInfoWithBerLongFormLength_badSignature() {
    byte[] t = concat(hex("308131300d060960864801650304020105000420"), hash256());

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_digestInfoWithBerLongFormDigestLength_badSignature() {
    byte[] t = concat(hex("3032300d06096086480165030402010500048120"), hash256());

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_digestInfoWithWrongOid_badSignature() {
    // The SHA-384 OID around a SHA-256 digest.
    byte[] t = concat(hex("3031300d060960864801650304020205000420"), hash256());

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_sha1DigestInfo_badSignature() {
    byte[] t =
        concat(DI_SHA1, sha("SHA-1", Tokens.b64(header("RS256")) + "." + Tokens.b64(PAYLOAD)));

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_garbageAfterDigest_badSignature() {
    // Bleichenbacher 2006: the DigestInfo is followed by bytes a lax parser never looks at.
    byte[] t = concat(DI_SHA256, hash256(), hex("deadbeefdeadbeef"));

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_garbageInsideDigestInfoSequence_badSignature() {
    // The outer SEQUENCE is lengthened to swallow trailing bytes.
    byte[] t = concat(hex("3035300d060960864801650304020105000420"), hash256(), hex("00000000"));

    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_blockType2_badSignature() {
    assertRejected(
        VERIFIER,
        pkcs1Token("RS256", encodedMessage((byte) 2, (byte) 0xFF, concat(DI_SHA256, hash256()))),
        ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_paddingNotAllFf_badSignature() {
    byte[] em = encodedMessage((byte) 1, (byte) 0xFF, concat(DI_SHA256, hash256()));
    em[10] = (byte) 0xFE;

    assertRejected(VERIFIER, pkcs1Token("RS256", em), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat54_sha256DigestInfoUnderRs384Header_badSignature() {
    byte[] t =
        concat(DI_SHA256, sha("SHA-256", Tokens.b64(header("RS384")) + "." + Tokens.b64(PAYLOAD)));

    assertRejected(
        VERIFIER,
        pkcs1Token("RS384", encodedMessage((byte) 1, (byte) 0xFF, t)),
        ErrorCode.BAD_SIGNATURE);
  }

  // ---- 62, 63: HMAC tags ----

  @Test
  void threat62_hs256TagTruncatedTo16Bytes_badSignature() {
    String token = mint("HS256", "alice");
    byte[] tag = signature(token);
    assertThat(tag).hasSize(32);

    assertRejected(VERIFIER, withSignature(token, Arrays.copyOf(tag, 16)), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat62_hs256TagTruncatedByOneByteOrExtended_badSignature() {
    String token = mint("HS256", "alice");
    byte[] tag = signature(token);

    assertRejected(VERIFIER, withSignature(token, Arrays.copyOf(tag, 31)), ErrorCode.BAD_SIGNATURE);
    assertRejected(
        VERIFIER, withSignature(token, concat(tag, new byte[] {0})), ErrorCode.BAD_SIGNATURE);
    assertRejected(VERIFIER, withSignature(token, new byte[0]), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat63_tagDifferingInFirstOrLastByte_badSignature() {
    String token = mint("HS256", "alice");
    byte[] first = signature(token);
    first[0] ^= 1;
    byte[] last = signature(token);
    last[last.length - 1] ^= 1;

    assertRejected(VERIFIER, withSignature(token, first), ErrorCode.BAD_SIGNATURE);
    assertRejected(VERIFIER, withSignature(token, last), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat63_macComparisonInMainSources_isMessageDigestIsEqualOnly() throws IOException {
    // A code check for RFC 7518 §3.2's constant-time MAC comparison: every main source that
    // computes a MAC (a Mac's doFinal) compares it with MessageDigest.isEqual and has no early-exit
    // byte-array comparison. It reads
    // core's own sources, so it runs in core's build, not when another module reruns this suite.
    assumeTrue(TestEngines.current() == null, "a check of core's sources, run in core's build");
    Path main = Path.of("src/main/java");
    assertThat(main).as("run from the core module folder").isDirectory();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(main)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    int macUsers = 0;
    for (Path source : sources) {
      String text = Files.readString(source);
      if ((text.contains("Mac.getInstance") || text.contains("Mac mac"))
          && text.contains(".doFinal(")) {
        macUsers++;
        assertThat(text).as(source.toString()).contains("MessageDigest.isEqual(");
        assertThat(text).as(source.toString()).doesNotContain("Arrays.equals(");
      }
    }
    assertThat(macUsers).isPositive();
  }

  // ---- 64: PSS with the wrong parameters ----

  private static String pssToken(PSSParameterSpec spec) {
    return jcaToken(header("PS256"), PAYLOAD, "RSASSA-PSS", spec, RSA.getPrivate());
  }

  @Test
  void threat64_control_pssSalt32Mgf1Sha256_accepted() {
    assertAccepted(VERIFIER, pssToken(PSS_SHA256));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20, 64})
  void threat64_ps256WithWrongSaltLength_badSignature(int salt) {
    PSSParameterSpec spec =
        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1);

    assertRejected(VERIFIER, pssToken(spec), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat64_ps256WithMgf1Sha1_badSignature() {
    PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1);

    assertRejected(VERIFIER, pssToken(spec), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat64_ps256WithSha1Digest_badSignature() {
    PSSParameterSpec spec = new PSSParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, 20, 1);

    assertRejected(VERIFIER, pssToken(spec), ErrorCode.BAD_SIGNATURE);
  }

  // ---- 65: the right key, the wrong primitive ----

  @Test
  void threat65_control_eachPrimitiveUnderItsOwnHeader_accepted() {
    assertAccepted(
        VERIFIER, jcaToken(header("RS256"), PAYLOAD, "SHA256withRSA", null, RSA.getPrivate()));
    assertAccepted(VERIFIER, pssToken(PSS_SHA256));
  }

  @Test
  void threat65_pkcs1SignatureUnderPs256Header_badSignature() {
    String token = jcaToken(header("PS256"), PAYLOAD, "SHA256withRSA", null, RSA.getPrivate());

    assertRejected(VERIFIER, token, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat65_pssSignatureUnderRs256Header_badSignature() {
    String token = jcaToken(header("RS256"), PAYLOAD, "RSASSA-PSS", PSS_SHA256, RSA.getPrivate());

    assertRejected(VERIFIER, token, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat65_validSignatureReusedAcrossAlgorithmsBySwappingHeader_badSignature() {
    String rs = mint("RS256", "alice");
    String ps = mint("PS256", "alice");

    assertRejected(VERIFIER, withSignature(ps, signature(rs)), ErrorCode.BAD_SIGNATURE);
    assertRejected(VERIFIER, withSignature(rs, signature(ps)), ErrorCode.BAD_SIGNATURE);
    assertThat(signingInput(rs)).isNotEqualTo(signingInput(ps));
  }
}
