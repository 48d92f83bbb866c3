package dev.verity.jwt.adversarial;

import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testing.TestEngines;
import dev.verity.jwt.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys, verifiers and token builders shared by the adversarial tests. Keys are generated once per
 * test JVM; tokens are minted by jose4j or, for inputs jose4j refuses to produce (duplicate
 * members, broken JSON, odd {@code alg} names), signed here with the bare JCA over the exact bytes,
 * so that the signature is genuine and only the oddity under test can make the verifier reject.
 */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String ISSUER = "https://issuer.example.com";
  static final String AUDIENCE = "orders-api";
  static final String KID = "k1";

  /** The issuer's signing key, published in the trusted JWKS under {@link #KID}. */
  static final KeyPair RSA = Tokens.rsa(2048);

  /** A key the attacker holds; never trusted. */
  static final KeyPair ATTACKER_RSA = Tokens.rsa(2048);

  /** A trusted P-256 key, kid {@code e1}. */
  static final KeyPair EC256 = Tokens.ec("secp256r1");

  /** A fixed 32-byte HMAC secret, so HS256 tokens are fully deterministic. */
  static final byte[] HMAC_SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Fixtures() {}

  /** The JWKS document trusted by {@link #rsaVerifier()}: the RSA key under {@code k1}. */
  static String trustedJwks() {
    return Tokens.jwks(Tokens.publicJwk(RSA, KID, Map.of()));
  }

  /** A builder with issuer, audience and the pinned clock set; keys and algorithms left open. */
  static JwtVerifierBuilder base() {
    return TestEngines.apply(JwtVerifier.builder())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(InstantSource.fixed(NOW));
  }

  /** RS256 only, trusting {@link #trustedJwks()}. */
  static JwtVerifier rsaVerifier() {
    return base().keys(KeySources.jwks(trustedJwks())).build();
  }

  /** HS256 only, trusting {@link #HMAC_SECRET}. */
  static JwtVerifier hmacVerifier() {
    return base()
        .algorithms(dev.verity.jwt.Algorithm.HS256)
        .keys(KeySources.hmacSecret(HMAC_SECRET))
        .build();
  }

  /** ES256 only, trusting {@link #EC256} under kid {@code e1}. */
  static JwtVerifier ecVerifier() {
    return base()
        .algorithms(dev.verity.jwt.Algorithm.ES256)
        .keys(KeySources.jwks(Tokens.jwks(Tokens.publicJwk(EC256, "e1", Map.of()))))
        .build();
  }

  /** Claims that pass every check of the verifiers above; no {@code kid} set. */
  static Tokens.Builder claimsOnly() {
    return Tokens.token()
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("sub", "alice")
        .claim("exp", NOW.getEpochSecond() + 300);
  }

  /** Valid claims with {@code kid: k1}. */
  static Tokens.Builder validClaims() {
    return claimsOnly().kid(KID);
  }

  /** A token {@link #rsaVerifier()} accepts. */
  static String validRsaToken() {
    return validClaims().sign("RS256", RSA.getPrivate());
  }

  /** The JSON text of valid claims, for hand-built tokens. */
  static String validClaimsJson() {
    return "{\"iss\":\""
        + ISSUER
        + "\",\"aud\":\""
        + AUDIENCE
        + "\",\"sub\":\"alice\",\"exp\":"
        + (NOW.getEpochSecond() + 300)
        + "}";
  }

  /** Valid claims JSON with extra members spliced in before the closing brace. */
  static String validClaimsJsonWith(String extraMembers) {
    String json = validClaimsJson();
    return json.substring(0, json.length() - 1) + "," + extraMembers + "}";
  }

  /**
   * Signs the exact header and payload bytes with a JCA signature algorithm ({@code SHA256withRSA},
   * ...) and returns {@code b64(header).b64(payload).b64(signature)}.
   */
  static String rawSign(byte[] header, byte[] payload, String jcaAlgorithm, PrivateKey key) {
    String signingInput = Tokens.b64(header) + "." + Tokens.b64(payload);
    try {
      Signature signature = Signature.getInstance(jcaAlgorithm);
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Tokens.b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #rawSign(byte[], byte[], String, PrivateKey)} with UTF-8 texts. */
  static String rawSign(
      String headerJson, String payloadJson, String jcaAlgorithm, PrivateKey key) {
    return rawSign(utf8(headerJson), utf8(payloadJson), jcaAlgorithm, key);
  }

  /** A genuine RS256 signature by {@link #RSA} over the exact header and payload bytes. */
  static String rs256(byte[] header, byte[] payload) {
    return rawSign(header, payload, "SHA256withRSA", RSA.getPrivate());
  }

  /** A genuine RS256 signature by {@link #RSA} over the exact header and payload texts. */
  static String rs256(String headerJson, String payloadJson) {
    return rs256(utf8(headerJson), utf8(payloadJson));
  }

  /** A genuine RS256 signature by {@link #RSA} over an exact signing input {@code h.p}. */
  static String rs256SignatureOver(String signingInput) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(RSA.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return Tokens.b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A genuine HMAC-SHA256 tag with {@code secret} over the exact header and payload texts. */
  static String hs256(String headerJson, String payloadJson, byte[] secret) {
    String signingInput = Tokens.b64(headerJson) + "." + Tokens.b64(payloadJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput
          + "."
          + Tokens.b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the three dot-separated parts of a well-formed token. */
  static String[] parts(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not three parts");
    }
    return parts;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
