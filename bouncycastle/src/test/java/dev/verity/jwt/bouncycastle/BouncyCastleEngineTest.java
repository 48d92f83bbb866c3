package dev.verity.jwt.bouncycastle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.spi.SignatureEngine;
import dev.verity.jwt.testsupport.Tokens;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine on its own terms; core's Wycheproof, minted-token and adversarial suites run again
 * with it plugged in (see this module's pom).
 */
class BouncyCastleEngineTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final KeyPair P256 = Tokens.ec("secp256r1");
  private static final KeyPair P521 = Tokens.ec("secp521r1");
  private static final KeyPair ED25519 = Tokens.edwards("Ed25519");
  private static final KeyPair ED448 = Tokens.edwards("Ed448");

  private final SignatureEngine engine = BouncyCastleEngine.create();

  @ParameterizedTest
  @EnumSource(names = {"RS256", "PS256", "HS256", "RS512"})
  void verifier_rsaAndHmac_leftToVerity(Algorithm algorithm) {
    assertThat(engine.verifier(algorithm, Tokens.rsa(2048).getPublic())).isNull();
  }

  @Test
  void verify_tokensMintedByJose4j_acceptedAndForgeriesRefused() {
    assertRoundTrip(P256, "ES256", Algorithm.ES256);
    assertRoundTrip(P521, "ES512", Algorithm.ES512);
    assertRoundTrip(ED25519, "EdDSA", Algorithm.EdDSA);
    assertRoundTrip(ED448, "EdDSA", Algorithm.EdDSA);
  }

  private void assertRoundTrip(KeyPair pair, String alg, Algorithm algorithm) {
    KeySource keys = KeySources.jwks(Tokens.jwks(Tokens.publicJwk(pair, "k1", Map.of())));
    JwtVerifier verifier = verifier(keys, algorithm, true);
    String token =
        Tokens.token()
            .kid("k1")
            .claim("iss", "https://issuer.example.com")
            .claim("exp", NOW.getEpochSecond() + 60)
            .sign(alg, pair.getPrivate());
    assertThat(verifier.validate(token).isValid()).as(alg).isTrue();
    int dot = token.lastIndexOf('.');
    char flipped = token.charAt(dot + 5) == 'A' ? 'B' : 'A';
    String forged = token.substring(0, dot + 5) + flipped + token.substring(dot + 6);
    assertThat(verifier.validate(forged).errorCode()).contains(ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void verify_keySharedByVerifiersWithAndWithoutEngine_bothAnswerRight() {
    KeySource keys = KeySources.jwks(Tokens.jwks(Tokens.publicJwk(ED25519, "k1", Map.of())));
    String token =
        Tokens.token()
            .kid("k1")
            .claim("iss", "https://issuer.example.com")
            .claim("exp", NOW.getEpochSecond() + 60)
            .sign("EdDSA", ED25519.getPrivate());
    JwtVerifier withEngine = verifier(keys, Algorithm.EdDSA, true);
    JwtVerifier withJdk = verifier(keys, Algorithm.EdDSA, false);
    for (int i = 0; i < 3; i++) {
      assertThat(withEngine.validate(token).isValid()).isTrue();
      assertThat(withJdk.validate(token).isValid()).isTrue();
    }
  }

  @Test
  void verifier_ed25519SmallOrderKey_refusesEverySignature() throws Exception {
    // The identity point (y = 1): the JDK parses it, full validation refuses it (RFC 8032 §5.1.7
    // leaves such keys to the verifier; with one, a crafted signature verifies for any message).
    byte[] identity = new byte[32];
    identity[0] = 1;
    PublicKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(
                    HexFormat.of()
                        .parseHex(
                            "302a300506032b6570032100" + HexFormat.of().formatHex(identity))));
    SignatureEngine.Verifier verifier = engine.verifier(Algorithm.Ed25519, key);
    byte[] signature = new byte[64];
    signature[0] = 1; // R = identity, S = 0: valid for every message under this key
    assertThat(verifier.verify(new byte[] {1, 2, 3}, 0, 3, signature, 0, 64)).isFalse();
  }

  @Test
  void verifier_keyOfAnotherCurve_refusesEverySignature() {
    SignatureEngine.Verifier verifier = engine.verifier(Algorithm.ES256, P521.getPublic());
    assertThat(verifier.verify(new byte[1], 0, 1, new byte[64], 0, 64)).isFalse();
  }

  private static JwtVerifier verifier(KeySource keys, Algorithm algorithm, boolean engine) {
    var builder =
        JwtVerifier.builder()
            .issuer("https://issuer.example.com")
            .anyAudience()
            .algorithms(algorithm)
            .keys(keys)
            .clock(InstantSource.fixed(NOW));
    return (engine ? builder.signatureEngine(BouncyCastleEngine.create()) : builder).build();
  }
}
