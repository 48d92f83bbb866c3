package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.Fixtures.RSA;
import static dev.verity.jwt.adversarial.Fixtures.parts;
import static dev.verity.jwt.adversarial.Fixtures.rs256;
import static dev.verity.jwt.adversarial.Fixtures.rsaVerifier;
import static dev.verity.jwt.adversarial.Fixtures.validClaims;
import static dev.verity.jwt.adversarial.Fixtures.validClaimsJson;
import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testsupport.Tokens;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Algorithm confusion (tests {@code threat28_} to {@code threat35_}): the {@code alg} header can
 * never choose the algorithm on its own (RFC 8725 §3.1; CVE-2015-9235, CVE-2016-10555). Tokens
 * carry genuine signatures wherever one can exist, so only the algorithm rule can reject them.
 */
class AlgorithmConfusionTest {
  private static final String PEM_SPKI =
      pem("PUBLIC KEY", RSA.getPublic().getEncoded(), "\n") + "\n";
  private static final byte[] DER_PKCS1 = pkcs1((RSAPublicKey) RSA.getPublic());

  private final JwtVerifier verifier = rsaVerifier();

  /** Every algorithm Verity knows allowed, with RSA, EC and oct keys: only names can fail. */
  private static JwtVerifier allAlgorithmsVerifier() {
    String oct =
        "{\"kty\":\"oct\",\"kid\":\"h1\",\"k\":\"" + Tokens.b64(Fixtures.HMAC_SECRET) + "\"}";
    return Fixtures.base()
        .algorithms(Algorithm.values())
        .keys(
            KeySources.jwks(
                Tokens.jwks(
                    Tokens.publicJwk(RSA, "k1", Map.of()),
                    Tokens.publicJwk(Fixtures.EC256, "e1", Map.of()),
                    oct)))
        .build();
  }

  @Test
  void control_genuineTokens_verify() {
    assertAccepted(verifier, Fixtures.validRsaToken());
    JwtVerifier all = allAlgorithmsVerifier();
    assertAccepted(all, Fixtures.validRsaToken());
    assertAccepted(all, validClaims().sign("PS256", RSA.getPrivate()));
    assertAccepted(all, Fixtures.claimsOnly().kid("h1").signHmac("HS256", Fixtures.HMAC_SECRET));
  }

  // 28. alg is required (RFC 7515 §4.1.1).

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"{\"kid\":\"k1\"}", "{\"typ\":\"JWT\",\"kid\":\"k1\"}", "{\"ALG\":\"RS256\"}"})
  void threat28_noAlg_malformed(String header) {
    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  // 29. none, in any casing, with or without a signature, even with everything else allowed
  // (RFC 7518 §3.6, RFC 8725 §3.2).

  static Stream<String> noneTokens() {
    String payload = Tokens.b64(validClaimsJson());
    Stream.Builder<String> tokens = Stream.builder();
    for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
      for (String kid : new String[] {"", ",\"kid\":\"k1\""}) {
        String header = Tokens.b64("{\"alg\":\"" + none + "\"" + kid + "}");
        tokens.add(header + "." + payload + ".");
        tokens.add(
            header + "." + payload + "." + Fixtures.rs256SignatureOver(header + "." + payload));
      }
    }
    // RFC 7515 Appendix A.5, verbatim.
    tokens.add(
        "eyJhbGciOiJub25lIn0"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".");
    return tokens.build();
  }

  @ParameterizedTest
  @MethodSource("noneTokens")
  void threat29_algNone_algorithmNotAllowed(String token) {
    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertRejected(allAlgorithmsVerifier(), token, ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertRejected(Fixtures.hmacVerifier(), token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void threat29_algNoneMintedByJose4j_algorithmNotAllowed() {
    String token = validClaims().sign("none", null);
    assertThat(parts(token)[2]).isEmpty();

    assertRejected(allAlgorithmsVerifier(), token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  // 30. alg must be a string.

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[\"RS256\"]", "256", "null", "{}", "true", "{\"alg\":\"RS256\"}"})
  void threat30_algNotAString_malformed(String alg) {
    String header = "{\"alg\":" + alg + ",\"kid\":\"k1\"}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  // 31. Names match exactly: no case folding, trimming or C-string truncation (RFC 7515 §5.3).

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "rs256",
        "Rs256",
        "RS256 ",
        " RS256",
        "RS256\\u0000",
        "RS256\\n",
        "RS256\\t",
        "RS-256",
        "RSA256",
        "\\uff32S256",
        "RS256\\u200b",
        ""
      })
  void threat31_nearMissAlgName_algorithmNotAllowed(String alg) {
    // JSON escapes are written literally ("\\u0000" is the JSON text \u0000); the signature is a
    // genuine RS256 signature by the trusted key, so only the name can reject the token.
    String header = "{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}";
    String token = rs256(header, validClaimsJson());

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertRejected(allAlgorithmsVerifier(), token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  // 32. RS→HS confusion: the RSA public key, in any encoding, used as the HMAC secret
  // (CVE-2015-9235).

  static Stream<byte[]> publicKeyAsSecret() {
    RSAPublicKey key = (RSAPublicKey) RSA.getPublic();
    String jwk = Tokens.publicJwk(RSA, "k1", Map.of());
    String n = Tokens.b64(unsigned(key.getModulus()));
    return Stream.of(
        PEM_SPKI.getBytes(StandardCharsets.US_ASCII), // CVE-2015-9235
        PEM_SPKI.strip().getBytes(StandardCharsets.US_ASCII),
        pem("PUBLIC KEY", key.getEncoded(), "\r\n").getBytes(StandardCharsets.US_ASCII),
        pem("RSA PUBLIC KEY", DER_PKCS1, "\n")
            .getBytes(StandardCharsets.US_ASCII), // CVE-2017-11424
        key.getEncoded(), // DER SubjectPublicKeyInfo
        DER_PKCS1,
        n.getBytes(StandardCharsets.US_ASCII), // the JWK "n" text
        unsigned(key.getModulus()), // the modulus bytes
        jwk.getBytes(StandardCharsets.UTF_8)); // CVE-2026-48526: the whole JWK
  }

  @ParameterizedTest
  @MethodSource("publicKeyAsSecret")
  void threat32_hs256MacedWithPublicKeyAndRs256Only_algorithmNotAllowed(byte[] secret) {
    String token = validClaims().signHmac("HS256", secret);

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @MethodSource("publicKeyAsSecret")
  void threat32_hs256MacedWithPublicKeyAndRsaKidInJwks_invalidKey(byte[] secret) {
    // Both algorithms allowed and the kid names the RSA key: a kid that names a key of the wrong
    // kty for the algorithm is INVALID_KEY (docs/security-model.md, "Key"). An HMAC secret is
    // never derived from it.
    JwtVerifier mixed =
        Fixtures.base()
            .algorithms(Algorithm.RS256, Algorithm.HS256)
            .keys(KeySources.jwks(Fixtures.trustedJwks()))
            .build();
    String token = validClaims().signHmac("HS256", secret);

    assertRejected(mixed, token, ErrorCode.INVALID_KEY);
    assertAccepted(mixed, Fixtures.validRsaToken());
  }

  @ParameterizedTest
  @MethodSource("publicKeyAsSecret")
  void threat32_hs256MacedWithPublicKeyAndPemSource_algorithmNotAllowed(byte[] secret) {
    // A PEM source is one RSA key bound to RS256 and ignores kid: HS256 is not its algorithm.
    JwtVerifier pem =
        Fixtures.base()
            .algorithms(Algorithm.RS256, Algorithm.HS256)
            .keys(KeySources.publicKeyPem(PEM_SPKI, Algorithm.RS256))
            .build();
    String token = Fixtures.claimsOnly().signHmac("HS256", secret);

    assertRejected(pem, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertAccepted(pem, Fixtures.claimsOnly().sign("RS256", RSA.getPrivate()));
  }

  // 33. An algorithm outside the allow-list, validly signed by the trusted key.

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PS256", "PS384", "PS512", "RS384", "RS512"})
  void threat33_otherRsaAlgorithmOutsideAllowList_algorithmNotAllowed(String alg) {
    String token = validClaims().sign(alg, RSA.getPrivate());
    assertAccepted(allAlgorithmsVerifier(), token);

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void threat33_rs256WithPs256AllowList_algorithmNotAllowed() {
    JwtVerifier psOnly =
        Fixtures.base()
            .algorithms(Algorithm.PS256)
            .keys(KeySources.jwks(Fixtures.trustedJwks()))
            .build();
    assertAccepted(psOnly, validClaims().sign("PS256", RSA.getPrivate()));

    assertRejected(psOnly, Fixtures.validRsaToken(), ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  // 34. A JWK "alg" binds the key to one algorithm (RFC 7517 §4.4, RFC 8725 §3.1).

  @Test
  void threat34_keyBoundToRs256TokenRs384WithKid_algorithmNotAllowed() {
    JwtVerifier verifier = boundKeyVerifier("RS256", Algorithm.RS256, Algorithm.RS384);
    String token = validClaims().sign("RS384", RSA.getPrivate());
    assertAccepted(allAlgorithmsVerifier(), token);

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertAccepted(verifier, Fixtures.validRsaToken());
  }

  @Test
  void threat34_keyBoundToRs256TokenRs384WithoutKid_algorithmNotAllowed() {
    JwtVerifier verifier = boundKeyVerifier("RS256", Algorithm.RS256, Algorithm.RS384);
    String token = Fixtures.claimsOnly().sign("RS384", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void threat34_keyBoundToPs256TokenPs384_algorithmNotAllowed() {
    // W:346/350 pattern: key alg PS256, token PS384 by the same key.
    JwtVerifier verifier = boundKeyVerifier("PS256", Algorithm.PS256, Algorithm.PS384);
    String token = validClaims().sign("PS384", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
    assertAccepted(verifier, validClaims().sign("PS256", RSA.getPrivate()));
  }

  @Test
  void threat34_keyBoundToRs256TokenPs256_algorithmNotAllowed() {
    JwtVerifier verifier = boundKeyVerifier("RS256", Algorithm.RS256, Algorithm.PS256);
    String token = validClaims().sign("PS256", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  // 35. Names Verity does not implement are never algorithms, whatever the allow-list.

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ES256K",
        "ES224",
        "ES521",
        "HS1",
        "RS1",
        "HS128",
        "PS1",
        "ES256k",
        "RSA-OAEP",
        "dir",
        "A128KW",
        "EdDSA25519",
        "Ed25519ph"
      })
  void threat35_unsupportedAlg_algorithmNotAllowed(String alg) {
    String header = "{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}";
    String token = rs256(header, validClaimsJson());

    assertRejected(allAlgorithmsVerifier(), token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  // Helpers.

  private static JwtVerifier boundKeyVerifier(String jwkAlg, Algorithm... allowed) {
    return Fixtures.base()
        .algorithms(allowed)
        .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(RSA, "k1", Map.of("alg", jwkAlg)))))
        .build();
  }

  private static String pem(String type, byte[] der, String newline) {
    String body =
        Base64.getMimeEncoder(64, newline.getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----" + newline + body + newline + "-----END " + type + "-----";
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      byte[] trimmed = new byte[bytes.length - 1];
      System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
      return trimmed;
    }
    return bytes;
  }

  /** PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
  private static byte[] pkcs1(RSAPublicKey key) {
    byte[] body = concat(derInteger(key.getModulus()), derInteger(key.getPublicExponent()));
    return concat(new byte[] {0x30}, derLength(body.length), body);
  }

  private static byte[] derInteger(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return concat(new byte[] {0x02}, derLength(bytes.length), bytes);
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
  }

  private static byte[] concat(byte[]... arrays) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] array : arrays) {
      out.writeBytes(array);
    }
    return out.toByteArray();
  }
}
