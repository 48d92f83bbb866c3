package dev.verity.jwt.vectors;

import static dev.verity.jwt.vectors.VectorFiles.map;
import static dev.verity.jwt.vectors.VectorFiles.objects;
import static dev.verity.jwt.vectors.VectorFiles.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.internal.Base64Url;
import dev.verity.jwt.internal.JwkParser;
import dev.verity.jwt.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 7515 Appendix A.1-A.5 ({@code rfc7520/rfc7515_appendix_a.json}, see {@code rfc7520/README.md}
 * §2) through a full {@link JwtVerifier} with all Verity algorithms allowed.
 *
 * <p>A.1 (HS256), A.2 (RS256) and A.3 (ES256) are real JWTs whose {@code exp} is 1300819380
 * (2011-03-22T18:43:00Z): with the clock pinned an hour earlier they verify, with the real clock
 * they are {@code EXPIRED}, and the leeway boundary ({@code EXPIRED} once now ≥ exp + leeway, RFC
 * 7519 §4.1.4) is pinned on them. A.4 (ES512) has a valid signature over the payload {@code
 * Payload}, which is not JSON: {@code MALFORMED} after the signature (RFC 7519 §7.2 step 10). A.5
 * is {@code alg: none}: {@code ALGORITHM_NOT_ALLOWED} (RFC 7518 §3.6, RFC 8725 §3.2). Keys with
 * private members (as printed in the RFC) and the derived public JWKs are both used; Verity must
 * ignore the private members.
 */
class Rfc7515AppendixATest {
  private static final String FILE = "rfc7520/rfc7515_appendix_a.json";
  private static final Instant EXP = Instant.ofEpochSecond(1_300_819_380L);
  private static final Instant BEFORE_EXP = EXP.minusSeconds(3600);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RFC7515-A.1", "RFC7515-A.2", "RFC7515-A.3"})
  void appendixA_signedJwt_verifiesWithClockBeforeExp(String id) {
    Map<String, Object> example = example(id);
    for (String keySet : keySets(example)) {
      VerifiedJwt jwt =
          verifier(keySet, InstantSource.fixed(BEFORE_EXP)).verify(string(example, "compact"));

      assertThat(jwt.algorithm()).isEqualTo(Algorithm.fromJwaName(string(example, "alg")).get());
      assertThat(jwt.issuer()).contains("joe");
      assertThat(jwt.expiresAt()).contains(EXP);
      assertThat(jwt.booleanClaim("http://example.com/is_root")).contains(true);
      assertThat(jwt.keyId()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RFC7515-A.1", "RFC7515-A.2", "RFC7515-A.3"})
  void appendixA_signedJwt_isExpiredWithRealClock(String id) {
    Map<String, Object> example = example(id);
    for (String keySet : keySets(example)) {
      VerificationResult result =
          JwtVerifier.builder()
              .anyIssuer()
              .anyAudience()
              .algorithms(Algorithm.values())
              .keys(KeySources.of(JwkSet.parse(keySet)))
              .build()
              .validate(string(example, "compact"));

      assertThat(result.errorCode()).contains(ErrorCode.EXPIRED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RFC7515-A.1", "RFC7515-A.2", "RFC7515-A.3"})
  void appendixA_signedJwt_expiresExactlyAtExpPlusLeeway(String id) {
    Map<String, Object> example = example(id);
    String keySet = keySets(example).get(0);
    Instant limit = EXP.plus(JwtVerifierBuilder.DEFAULT_LEEWAY);

    VerificationResult justBefore =
        verifier(keySet, InstantSource.fixed(limit.minusMillis(1)))
            .validate(string(example, "compact"));
    VerificationResult atLimit =
        verifier(keySet, InstantSource.fixed(limit)).validate(string(example, "compact"));

    assertThat(justBefore.isValid()).isTrue();
    assertThat(atLimit.errorCode()).contains(ErrorCode.EXPIRED);
  }

  @Test
  void a4_es512WithNonJsonPayload_isMalformedAfterTheSignatureVerifies() {
    Map<String, Object> example = example("RFC7515-A.4");
    String compact = string(example, "compact");
    for (String keySet : keySets(example)) {
      VerificationResult result =
          verifier(keySet, InstantSource.fixed(BEFORE_EXP)).validate(compact);

      assertThat(result.errorCode()).contains(ErrorCode.MALFORMED);
      assertThat(JwsLayer.signatureVerifies(compact, keys(keySet))).isTrue();
      assertThat(JwsLayer.payloadIsJsonObject(compact)).isFalse();
      assertThat(Base64Url.decode(compact.split("[.]")[2])).hasSize(132);
      VectorFiles.assertNoSecrets(result.rejection().orElseThrow().getMessage(), compact, keySet);
    }
  }

  @Test
  void a4_es512WithNonJsonPayloadAndBadSignature_isBadSignature() {
    Map<String, Object> example = example("RFC7515-A.4");
    String compact = string(example, "compact");
    // Flip one bit in the middle of S: the payload is still not JSON, but the signature comes
    // first (RFC 7519 §7.2: the JWS is validated before the payload is read), so the answer must
    // be BAD_SIGNATURE, never a payload or claim code (CVE-2024-51744).
    byte[] signature = Base64Url.decode(compact.split("[.]")[2]);
    signature[100] ^= 0x01;
    String forged = compact.substring(0, compact.lastIndexOf('.') + 1) + VectorFiles.b64(signature);

    VerificationResult result =
        verifier(keySets(example).get(0), InstantSource.fixed(BEFORE_EXP)).validate(forged);

    assertThat(result.errorCode()).contains(ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void a5_unsecuredJws_isAlgorithmNotAllowed() {
    Map<String, Object> example = example("RFC7515-A.5");
    assertThat(string(example, "alg")).isEqualTo("none");
    // Any trusted keys will do; alg none never reaches key selection. Use A.1's and A.2's.
    List<Map<String, Object>> trusted = new ArrayList<>();
    trusted.add(map(example("RFC7515-A.1").get("jwk")));
    trusted.add(map(example("RFC7515-A.2").get("public_jwk")));

    VerificationResult result =
        verifier(VectorFiles.jwkSet(trusted), InstantSource.fixed(BEFORE_EXP))
            .validate(string(example, "compact"));

    assertThat(result.errorCode()).contains(ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void vectorFile_isSelfConsistent() {
    List<Map<String, Object>> examples = objects(VectorFiles.load(FILE).get("examples"));
    assertThat(examples)
        .extracting(e -> e.get("id"))
        .containsExactly("RFC7515-A.1", "RFC7515-A.2", "RFC7515-A.3", "RFC7515-A.4", "RFC7515-A.5");
    for (Map<String, Object> example : examples) {
      String compact = string(example, "compact");
      assertThat(compact)
          .isEqualTo(string(example, "signing_input") + "." + string(example, "signature_b64u"));
      assertThat(
              new String(
                  Base64Url.decode(string(example, "protected_b64u")), StandardCharsets.UTF_8))
          .isEqualTo(string(example, "protected_header_utf8"));
      assertThat(
              new String(Base64Url.decode(string(example, "payload_b64u")), StandardCharsets.UTF_8))
          .isEqualTo(string(example, "payload_utf8"));
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> example(String id) {
    for (Map<String, Object> example : objects(VectorFiles.load(FILE).get("examples"))) {
      if (id.equals(example.get("id"))) {
        return example;
      }
    }
    throw new IllegalStateException("no example " + id);
  }

  /** The key as a one-key JWK Set: the public JWK first (when given), then the RFC's full JWK. */
  private static List<String> keySets(Map<String, Object> example) {
    List<String> sets = new ArrayList<>();
    if (example.get("public_jwk") != null) {
      sets.add(VectorFiles.jwkSet(List.of(map(example.get("public_jwk")))));
    }
    // The RFC's "jwk" is the private key; what a verifier trusts is its public part (a private
    // key in a public set is refused as leaked).
    sets.add(VectorFiles.jwkSet(List.of(VectorFiles.publicOnly(map(example.get("jwk"))))));
    return sets;
  }

  private static List<VerificationKey> keys(String keySet) {
    return JwkParser.parseSet(keySet, true, JwkParser.DEFAULT_MAX_KEYS);
  }

  private static JwtVerifier verifier(String keySet, InstantSource clock) {
    return JwtVerifier.builder()
        .anyIssuer()
        .anyAudience()
        .allowMissingExpiration()
        .algorithms(Algorithm.values())
        .keys(KeySources.of(JwkSet.parse(keySet)))
        .clock(clock)
        .build();
  }
}
