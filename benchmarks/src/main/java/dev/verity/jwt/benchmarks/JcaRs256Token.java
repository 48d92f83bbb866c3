package dev.verity.jwt.benchmarks;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * One RS256 token, valid for a day, and the JWK Set of its key (kid {@code k1}), minted with the
 * JCA rather than with Verity, for the benchmarks that need a fresh key each run.
 *
 * @param token the compact serialization
 * @param jwks the JWK Set document holding the public key
 */
record JcaRs256Token(String token, String jwks) {
  /**
   * Mints a token with {@code iss}, {@code aud}, {@code sub} "alice", {@code scope}, iat and exp.
   */
  static JcaRs256Token mint(String issuer, String audience, String scope)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
    String jwks =
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
            + b64(unsigned(publicKey.getModulus()))
            + "\",\"e\":\""
            + b64(unsigned(publicKey.getPublicExponent()))
            + "\"}]}";
    long now = Instant.now().getEpochSecond();
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"aud\":\""
            + audience
            + "\",\"sub\":\"alice\",\"scope\":\""
            + scope
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 86_400)
            + "}";
    String signingInput =
        b64("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return new JcaRs256Token(signingInput + "." + b64(signer.sign()), jwks);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }
}
