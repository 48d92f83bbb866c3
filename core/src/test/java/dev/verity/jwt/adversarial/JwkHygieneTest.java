package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testsupport.Tokens;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jose4j.json.internal.json_simple.JSONValue;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys a public JWK Set should never hold, each refused when parsed so that a token naming it is
 * {@code INVALID_KEY} and the reason is the operator's to read: private members (a leaked private
 * key), integers with leading zero octets (RFC 7518 §6.3.1 requires the minimum), degenerate RSA
 * moduli (even, small factors) and exponents outside [3, 2^32), odd.
 */
class JwkHygieneTest {
  private static final KeyPair RSA = Fixtures.RSA;
  private static final RSAPublicKey RSA_PUBLIC = (RSAPublicKey) RSA.getPublic();

  @ParameterizedTest(name = "private member {0}")
  @ValueSource(strings = {"d", "p", "q", "dp", "dq", "qi", "oth"})
  void rsaJwk_withPrivateMember_isInvalidKey(String member) {
    Map<String, Object> jwk = publicRsa();
    jwk.put(member, "AQAB");
    assertInvalidKey(jwk, "private member \"" + member + "\"");
  }

  @Test
  void rsaJwk_fullPrivateKeyAsPublished_isInvalidKey() throws Exception {
    // The real thing: a whole private JWK exported by mistake into the public set.
    PublicJsonWebKey full = PublicJsonWebKey.Factory.newPublicJwk(RSA.getPublic());
    full.setPrivateKey(RSA.getPrivate());
    Map<String, Object> jwk =
        new LinkedHashMap<>(full.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
    jwk.put("kid", Fixtures.KID);
    assertThat(jwk).containsKey("d");
    assertInvalidKey(jwk, "private member \"d\"");
  }

  @Test
  void ecJwk_withPrivateMember_isInvalidKey() {
    Map<String, Object> jwk = parse(Tokens.publicJwk(Fixtures.EC256, Fixtures.KID, Map.of()));
    jwk.put("d", "AQAB");
    assertInvalidKey(jwk, "private member \"d\"", Algorithm.ES256, "ES256");
  }

  @Test
  void okpJwk_withPrivateMember_isInvalidKey() {
    Map<String, Object> jwk =
        parse(Tokens.publicJwk(Tokens.edwards("Ed25519"), Fixtures.KID, Map.of()));
    jwk.put("d", "AQAB");
    assertInvalidKey(jwk, "private member \"d\"", Algorithm.EdDSA, "EdDSA");
  }

  @Test
  void rsaJwk_modulusWithLeadingZeroOctet_isInvalidKey() {
    Map<String, Object> jwk = publicRsa();
    byte[] n = unsigned(RSA_PUBLIC.getModulus());
    byte[] padded = new byte[n.length + 1];
    System.arraycopy(n, 0, padded, 1, n.length);
    jwk.put("n", Tokens.b64(padded));
    assertInvalidKey(jwk, "leading zero octet");
  }

  @Test
  void rsaJwk_exponentAAEAAQ_isInvalidKey() {
    Map<String, Object> jwk = publicRsa();
    jwk.put("e", "AAEAAQ"); // 00 01 00 01: 65537 with a leading zero octet
    assertInvalidKey(jwk, "leading zero octet");
  }

  @Test
  void rsaJwk_minimalEncoding_isAccepted() {
    Map<String, Object> jwk = publicRsa();
    assertThat(jwk.get("e")).isEqualTo("AQAB");
    JwtVerifier verifier = verifier(jwk, Algorithm.RS256);
    assertAccepted(verifier, Fixtures.validRsaToken());
  }

  @ParameterizedTest(name = "e = {0}")
  @ValueSource(strings = {"1", "2", "4", "65536", "4294967297", "4294967299"})
  void rsaJwk_exponentOutOfRange_isInvalidKey(String exponent) {
    Map<String, Object> jwk = publicRsa();
    jwk.put("e", Tokens.b64(unsigned(new BigInteger(exponent))));
    assertInvalidKey(jwk, "RSA exponent");
  }

  @Test
  void rsaJwk_exponentJustBelow2To32_isUsable() {
    // 2^32 - 5 is odd and in range: the key is well-formed (it cannot verify RS's signatures,
    // which were made with e = 65537, so the token is BAD_SIGNATURE, not INVALID_KEY).
    Map<String, Object> jwk = publicRsa();
    jwk.put(
        "e", Tokens.b64(unsigned(BigInteger.ONE.shiftLeft(32).subtract(BigInteger.valueOf(5)))));
    assertRejected(
        verifier(jwk, Algorithm.RS256), Fixtures.validRsaToken(), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void rsaJwk_exponentCloseToModulus_isInvalidKey() {
    // Each verification would be a full-size exponentiation: milliseconds per token (DoS).
    Map<String, Object> jwk = publicRsa();
    jwk.put("e", Tokens.b64(unsigned(RSA_PUBLIC.getModulus().subtract(BigInteger.TWO))));
    assertInvalidKey(jwk, "RSA exponent");
  }

  @Test
  void rsaJwk_evenModulus_isInvalidKey() {
    Map<String, Object> jwk = publicRsa();
    jwk.put("n", Tokens.b64(unsigned(RSA_PUBLIC.getModulus().add(BigInteger.ONE))));
    assertInvalidKey(jwk, "RSA modulus is even");
  }

  @ParameterizedTest(name = "factor {0}")
  @ValueSource(ints = {3, 5, 7, 997})
  void rsaJwk_modulusWithSmallFactor_isInvalidKey(int factor) {
    BigInteger prime = BigInteger.probablePrime(2050, new Random(factor));
    BigInteger modulus = prime.multiply(BigInteger.valueOf(factor));
    Map<String, Object> jwk = publicRsa();
    jwk.put("n", Tokens.b64(unsigned(modulus)));
    assertInvalidKey(jwk, "small prime factor");
  }

  @Test
  void jwkSet_oneUnhygienicKey_othersStillVerify() {
    Map<String, Object> leaked = publicRsa();
    leaked.put("kid", "leaked");
    leaked.put("d", "AQAB");
    String jwks =
        Tokens.jwks(JSONValue.toJSONString(leaked), Tokens.publicJwk(RSA, Fixtures.KID, Map.of()));
    JwkSet set = JwkSet.parse(jwks);
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.usableSize()).isEqualTo(1);
    JwtVerifier verifier = Fixtures.base().keys(KeySources.jwks(jwks)).build();
    assertAccepted(verifier, Fixtures.validRsaToken());
  }

  private static void assertInvalidKey(Map<String, Object> jwk, String reason) {
    assertInvalidKey(jwk, reason, Algorithm.RS256, "RS256");
  }

  private static void assertInvalidKey(
      Map<String, Object> jwk, String reason, Algorithm algorithm, String alg) {
    jwk.put("kid", Fixtures.KID);
    JwtVerifier verifier = verifier(jwk, algorithm);
    String token =
        Fixtures.validClaims().sign(alg, alg.equals("RS256") ? RSA.getPrivate() : anyKey(alg));
    var rejection = assertRejected(verifier, token, ErrorCode.INVALID_KEY);
    assertThat(rejection.getMessage()).contains(reason);
  }

  private static java.security.Key anyKey(String alg) {
    return alg.equals("ES256")
        ? Fixtures.EC256.getPrivate()
        : Tokens.edwards("Ed25519").getPrivate();
  }

  private static JwtVerifier verifier(Map<String, Object> jwk, Algorithm algorithm) {
    return Fixtures.base()
        .algorithms(algorithm)
        .keys(KeySources.jwks(Tokens.jwks(JSONValue.toJSONString(jwk))))
        .build();
  }

  private static Map<String, Object> publicRsa() {
    return parse(Tokens.publicJwk(RSA, Fixtures.KID, Map.of()));
  }

  private static Map<String, Object> parse(String json) {
    try {
      return new LinkedHashMap<>(org.jose4j.json.JsonUtil.parseJson(json));
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      byte[] trimmed = new byte[bytes.length - 1];
      System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
      return trimmed;
    }
    return bytes;
  }
}
