package dev.verity.jwt.vectors;

import static dev.verity.jwt.vectors.VectorFiles.b64;
import static dev.verity.jwt.vectors.VectorFiles.map;
import static dev.verity.jwt.vectors.VectorFiles.string;
import static dev.verity.jwt.vectors.VectorFiles.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerificationResult;
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
 * The RFC 7520 ("JOSE Cookbook") §4 JWS examples, the RFC 8037 Ed25519 example and the RFC 7797
 * {@code b64: false} examples ({@code rfc7520/jose-cookbook}), with the outcomes of the table in
 * {@code rfc7520/README.md} §1.
 *
 * <p>The cookbook keys carry private members; each signed example runs with the public JWK (private
 * members dropped) and with the key as given, which Verity must treat the same. Every JSON
 * serialization in the files ({@code output.json}, {@code output.json_flat}) passed as the token is
 * {@code MALFORMED}: a JWT is always in the compact serialization (RFC 7519 §1; CVE-2022-39227).
 */
class Rfc7520CookbookTest {
  private static final String DIR = "rfc7520/jose-cookbook/";
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
  private static final List<String> ALL_FILES =
      List.of(
          "jws/4_1.rsa_v15_signature.json",
          "jws/4_2.rsa-pss_signature.json",
          "jws/4_3.ecdsa_signature.json",
          "jws/4_4.hmac-sha2_integrity_protection.json",
          "jws/4_5.signature_with_detached_content.json",
          "jws/4_6.protecting_specific_header_fields.json",
          "jws/4_7.protecting_content_only.json",
          "jws/4_8.multiple_signatures.json",
          "curve25519/jws.json",
          "rfc7797/hmac-sha2_b64_false.json",
          "rfc7797/4.2.hmac-sha2_b64_false.json");

  /** 4.1-4.4 and Ed25519: the JWS signature is valid, the prose payload is not a JWT. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jws/4_1.rsa_v15_signature.json",
        "jws/4_2.rsa-pss_signature.json",
        "jws/4_3.ecdsa_signature.json",
        "jws/4_4.hmac-sha2_integrity_protection.json",
        "curve25519/jws.json"
      })
  void compact_validSignatureOverProse_isMalformedAtTheJwtLayer(String file) {
    Map<String, Object> example = VectorFiles.load(DIR + file);
    String compact = string(output(example), "compact");
    Map<String, Object> signing = map(example.get("signing"));
    assertThat(compact).isEqualTo(string(signing, "sig-input") + "." + string(signing, "sig"));
    assertThat(payloadText(compact)).isEqualTo(string(input(example), "payload"));

    for (String keySet : keySets(example)) {
      VerificationResult result = verifier(keySet).validate(compact);

      assertThat(result.errorCode()).as("%s with %s", file, keySet).contains(ErrorCode.MALFORMED);
      assertThat(JwsLayer.signatureVerifies(compact, keys(keySet)))
          .as("%s: signature verifies at the JWS layer", file)
          .isTrue();
      assertThat(JwsLayer.payloadIsJsonObject(compact)).isFalse();
      VectorFiles.assertNoSecrets(result.rejection().orElseThrow().getMessage(), compact, keySet);
    }
  }

  /**
   * The same examples with one signature bit flipped: the signature is judged before the payload.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jws/4_1.rsa_v15_signature.json",
        "jws/4_2.rsa-pss_signature.json",
        "jws/4_3.ecdsa_signature.json",
        "jws/4_4.hmac-sha2_integrity_protection.json",
        "curve25519/jws.json"
      })
  void compact_flippedSignatureBit_isBadSignature(String file) {
    Map<String, Object> example = VectorFiles.load(DIR + file);
    String compact = string(output(example), "compact");
    int lastDot = compact.lastIndexOf('.');
    byte[] signature = Base64Url.decode(compact.substring(lastDot + 1));
    signature[signature.length / 2] ^= 0x10;

    VerificationResult result =
        verifier(keySets(example).get(0))
            .validate(compact.substring(0, lastDot + 1) + b64(signature));

    assertThat(result.errorCode()).contains(ErrorCode.BAD_SIGNATURE);
  }

  /** 4.5: detached content, {@code hdr..sig}; the MAC is valid only with the external payload. */
  @Test
  void detachedContent_emptyPayloadSegment_isMalformed() {
    Map<String, Object> example =
        VectorFiles.load(DIR + "jws/4_5.signature_with_detached_content.json");
    String compact = string(output(example), "compact");
    String keySet = keySets(example).get(0);
    assertThat(compact).contains("..");

    VerificationResult result = verifier(keySet).validate(compact);

    assertThat(result.errorCode()).contains(ErrorCode.MALFORMED);
    // With the payload put back, the same MAC verifies: the rejection is about the detached form.
    String attached =
        compact.replace(
            "..",
            "." + b64(string(input(example), "payload").getBytes(StandardCharsets.UTF_8)) + ".");
    assertThat(JwsLayer.signatureVerifies(attached, keys(keySet))).isTrue();
    assertThat(verifier(keySet).validate(attached).errorCode()).contains(ErrorCode.MALFORMED);
  }

  /** Every JSON serialization in the cookbook, passed as the token (4.6-4.8 have no other form). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jws/4_1.rsa_v15_signature.json",
        "jws/4_2.rsa-pss_signature.json",
        "jws/4_3.ecdsa_signature.json",
        "jws/4_4.hmac-sha2_integrity_protection.json",
        "jws/4_5.signature_with_detached_content.json",
        "jws/4_6.protecting_specific_header_fields.json",
        "jws/4_7.protecting_content_only.json",
        "jws/4_8.multiple_signatures.json",
        "curve25519/jws.json",
        "rfc7797/hmac-sha2_b64_false.json",
        "rfc7797/4.2.hmac-sha2_b64_false.json"
      })
  void jsonSerialization_passedAsToken_isMalformed(String file) {
    Map<String, Object> example = VectorFiles.load(DIR + file);
    Map<String, Object> output = output(example);
    String keySet = keySets(example).get(0);
    int serializations = 0;
    for (String member : List.of("json", "json_flat")) {
      if (output.get(member) == null) {
        continue;
      }
      String json = toJson(map(output.get(member)));

      VerificationResult result = verifier(keySet).validate(json);

      assertThat(result.errorCode()).as("%s %s", file, member).contains(ErrorCode.MALFORMED);
      serializations++;
    }
    assertThat(serializations).isPositive();
  }

  /** 4.6-4.8 have no compact form at all; the README says "JSON serialization only. Reject". */
  @Test
  void jsonOnlyExamples_haveNoCompactSerialization() {
    for (String file :
        List.of(
            "jws/4_6.protecting_specific_header_fields.json",
            "jws/4_7.protecting_content_only.json",
            "jws/4_8.multiple_signatures.json",
            "rfc7797/4.2.hmac-sha2_b64_false.json")) {
      assertThat(output(VectorFiles.load(DIR + file))).as(file).doesNotContainKey("compact");
    }
  }

  /**
   * 4.7 puts {@code alg} only in the unprotected header. Forced into compact form its protected
   * header is empty ({@code .payload.sig}): MALFORMED, never "alg from the unprotected header".
   */
  @Test
  void protectingContentOnly_forcedIntoCompactForm_isMalformed() {
    Map<String, Object> example = VectorFiles.load(DIR + "jws/4_7.protecting_content_only.json");
    Map<String, Object> json = map(output(example).get("json_flat"));
    String compact = "." + string(json, "payload") + "." + string(json, "signature");

    assertThat(verifier(keySets(example).get(0)).validate(compact).errorCode())
        .contains(ErrorCode.MALFORMED);
  }

  /**
   * RFC 7797 with {@code "b64":false,"crit":["b64"]}: {@code output.compact} carries the raw
   * payload {@code This is the payload string!}, whose space and {@code !} fail the structure check
   * (the base64url alphabet, RFC 7515 §2 and App. C) before the header is read, so it is MALFORMED.
   * The header itself is refused with UNSUPPORTED_HEADER (a JWT payload is always base64url JSON,
   * so Verity supports no RFC 7797 {@code b64}) once the token is well-formed: header segment of
   * {@code output.compact}, base64url payload, same signature.
   */
  @Test
  void b64False_compactAsGivenAndWellFormed_isUnsupportedHeader() {
    Map<String, Object> example = VectorFiles.load(DIR + "rfc7797/hmac-sha2_b64_false.json");
    String compact = string(output(example), "compact");
    String keySet = keySets(example).get(0);
    String[] parts = compact.split("[.]", -1);
    assertThat(parts).hasSize(3);
    assertThat(new String(Base64Url.decode(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}");

    // The raw payload's spaces fail the character check; the decodable header with "b64" decides.
    assertThat(verifier(keySet).validate(compact).errorCode())
        .contains(ErrorCode.UNSUPPORTED_HEADER);

    String wellFormed =
        parts[0] + "." + b64(parts[1].getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(verifier(keySet).validate(wellFormed).errorCode())
        .contains(ErrorCode.UNSUPPORTED_HEADER);
  }

  /** The §4.2 variant: {@code "b64":false} without {@code crit} is refused just the same. */
  @Test
  void b64FalseWithoutCrit_wellFormedCompact_isUnsupportedHeader() {
    Map<String, Object> example = VectorFiles.load(DIR + "rfc7797/4.2.hmac-sha2_b64_false.json");
    Map<String, Object> json = map(output(example).get("json_flat"));
    String header = string(json, "protected");
    assertThat(new String(Base64Url.decode(header), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"HS256\",\"b64\":false}");
    String compact =
        header
            + "."
            + b64(string(json, "payload").getBytes(StandardCharsets.UTF_8))
            + "."
            + string(json, "signature");

    assertThat(verifier(keySets(example).get(0)).validate(compact).errorCode())
        .contains(ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void cookbookFiles_allPresent() {
    for (String file : ALL_FILES) {
      assertThat(VectorFiles.load(DIR + file)).as(file).containsKeys("input", "output");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> input(Map<String, Object> example) {
    return map(example.get("input"));
  }

  private static Map<String, Object> output(Map<String, Object> example) {
    return map(example.get("output"));
  }

  private static String payloadText(String compact) {
    return new String(Base64Url.decode(compact.split("[.]")[1]), StandardCharsets.UTF_8);
  }

  /**
   * The example's key(s) as a JWK Set: first with private members dropped, then as given (the
   * second variant only when it differs).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jws/4_1.rsa_v15_signature.json",
        "jws/4_2.rsa-pss_signature.json",
        "jws/4_3.ecdsa_signature.json"
      })
  void privateJwk_asPublished_isInvalidKey(String file) {
    Map<String, Object> example = VectorFiles.load(DIR + file);
    String compact = string(output(example), "compact");
    String leaked = VectorFiles.jwkSet(List.of(map(input(example).get("key"))));
    VerificationResult result = verifier(leaked).validate(compact);
    assertThat(result.errorCode()).contains(ErrorCode.INVALID_KEY);
    assertThat(result.rejection().orElseThrow().getMessage()).contains("private member");
    VectorFiles.assertNoSecrets(result.rejection().orElseThrow().getMessage(), compact, leaked);
  }

  private static List<String> keySets(Map<String, Object> example) {
    Object key = input(example).get("key");
    List<Map<String, Object>> given =
        key instanceof List ? VectorFiles.objects(key) : List.of(map(key));
    List<Map<String, Object>> publicOnly = new ArrayList<>();
    for (Map<String, Object> jwk : given) {
      publicOnly.add(VectorFiles.publicOnly(jwk));
    }
    // The cookbook gives private JWKs; a verifier is given what an issuer publishes, the public
    // part. The private form itself is refused as a leaked key (privateJwk_asPublished_...).
    return List.of(VectorFiles.jwkSet(publicOnly));
  }

  private static List<VerificationKey> keys(String keySet) {
    return JwkParser.parseSet(keySet, true, JwkParser.DEFAULT_MAX_KEYS);
  }

  private static JwtVerifier verifier(String keySet) {
    return JwtVerifier.builder()
        .anyIssuer()
        .anyAudience()
        .allowMissingExpiration()
        .algorithms(Algorithm.values())
        .keys(KeySources.of(JwkSet.parse(keySet)))
        .clock(CLOCK)
        .build();
  }
}
