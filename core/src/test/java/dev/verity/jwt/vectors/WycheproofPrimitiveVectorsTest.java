package dev.verity.jwt.vectors;

import static dev.verity.jwt.vectors.VectorFiles.b64;
import static dev.verity.jwt.vectors.VectorFiles.fixedLength;
import static dev.verity.jwt.vectors.VectorFiles.groups;
import static dev.verity.jwt.vectors.VectorFiles.hex;
import static dev.verity.jwt.vectors.VectorFiles.integer;
import static dev.verity.jwt.vectors.VectorFiles.map;
import static dev.verity.jwt.vectors.VectorFiles.string;
import static dev.verity.jwt.vectors.VectorFiles.tests;
import static dev.verity.jwt.vectors.VectorFiles.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.internal.Curves;
import dev.verity.jwt.internal.JwkParser;
import dev.verity.jwt.internal.SignatureVerifier;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.testing.TestEngines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every Wycheproof primitive signature and MAC vector in {@code ../shared/testdata/wycheproof}
 * through Verity's algorithm layer, {@link SignatureVerifier#verify}, with the key parsed by {@link
 * JwkParser#parseKey(String, boolean)} (see {@code wycheproof/README.md}, "How to use the files").
 *
 * <p>Keys: each group's {@code keyJwk} (RSASSA-PKCS1-v1_5) or {@code publicKeyJwk} (PSS, ECDSA,
 * EdDSA). Nine ECDSA groups per curve carry no JWK (the "r = ..., x = ..." arithmetic edge cases);
 * for those a JWK is built from the raw {@code publicKey.wx}/{@code wy} coordinates, left-padded to
 * the curve's coordinate length (RFC 7518 §6.2.1.2), and still parsed by {@link JwkParser}, so the
 * on-curve check runs. HMAC files have no key encoding at all; each {@code key} becomes an {@code
 * oct} JWK.
 *
 * <p>Expectations: {@code valid} verifies, {@code invalid} does not. {@code acceptable} follows
 * {@link #ACCEPTABLE_POLICY}; a flag missing from it fails the vector so that a new kind of
 * "acceptable" can never slip through unreviewed. The only flag in this data set is {@code
 * MissingNull} (one vector in each of the nine RSASSA-PKCS1-v1_5 files): rejected. RSA groups with
 * e=3 are rated valid by Wycheproof and accepted. Both are Verity's policy where the standards
 * leave room (docs/security-model.md, "Policies where the standards leave room"). HMAC: a vector
 * may be accepted only when Wycheproof says valid, the tag is the full hash output (JWS never
 * truncates, RFC 7515 §5.2) and the key is at least the hash size (RFC 7518 §3.2); a short key must
 * already be refused by {@link VerificationKey#checkUsableFor} with {@code INVALID_KEY}, a
 * truncated tag must fail {@code verify}.
 *
 * <p>Every signature vector is verified twice: with the message as its own array and embedded at an
 * offset inside a larger buffer, which exercises the {@code offset}/{@code length} arguments. Each
 * file's container starts with a count check: the vectors generated equal the file's {@code
 * numberOfTests}, the sum of its {@code tests} arrays and the count in the README table, so a
 * parser slip cannot drop vectors silently.
 */
class WycheproofPrimitiveVectorsTest {
  private static final String DIR = "wycheproof/";

  /** Outcome asserted for each Wycheproof "acceptable" flag, with the reason. */
  private static final Map<String, Boolean> ACCEPTABLE_POLICY =
      Map.of(
          // DigestInfo without the NULL parameters: RFC 8017 §9.2 note 1 allows it only as a
          // legacy leniency; Verity rejects it (docs/security-model.md, policies).
          "MissingNull", false);

  private static final byte[] PREFIX = {0x5a, 0x5a, 0x5a};
  private static final byte[] SUFFIX = {0x2e, 0x2e};

  @TestFactory
  Stream<DynamicNode> rsaPkcs1v15_everyVector_matchesLabel() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                    file("rsa_signature_2048_sha256_test.json", Algorithm.RS256, 259),
                    file("rsa_signature_3072_sha256_test.json", Algorithm.RS256, 259),
                    file("rsa_signature_4096_sha256_test.json", Algorithm.RS256, 258),
                    file("rsa_signature_2048_sha384_test.json", Algorithm.RS384, 258),
                    file("rsa_signature_3072_sha384_test.json", Algorithm.RS384, 259),
                    file("rsa_signature_4096_sha384_test.json", Algorithm.RS384, 259),
                    file("rsa_signature_2048_sha512_test.json", Algorithm.RS512, 259),
                    file("rsa_signature_3072_sha512_test.json", Algorithm.RS512, 260),
                    file("rsa_signature_4096_sha512_test.json", Algorithm.RS512, 259))
                .map(f -> signatureFile(f, "keyJwk")));
  }

  @TestFactory
  Stream<DynamicNode> rsaPss_everyVector_matchesLabel() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                    file("rsa_pss_2048_sha256_mgf1_32_test.json", Algorithm.PS256, 108),
                    file("rsa_pss_3072_sha256_mgf1_32_test.json", Algorithm.PS256, 108),
                    file("rsa_pss_4096_sha256_mgf1_32_test.json", Algorithm.PS256, 108),
                    file("rsa_pss_2048_sha384_mgf1_48_test.json", Algorithm.PS384, 141),
                    file("rsa_pss_4096_sha384_mgf1_48_test.json", Algorithm.PS384, 141),
                    file("rsa_pss_4096_sha512_mgf1_64_test.json", Algorithm.PS512, 179))
                .map(f -> signatureFile(f, "publicKeyJwk")));
  }

  @TestFactory
  Stream<DynamicNode> ecdsaP1363_everyVector_matchesLabel() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                    file("ecdsa_secp256r1_sha256_p1363_test.json", Algorithm.ES256, 262),
                    file("ecdsa_secp384r1_sha384_p1363_test.json", Algorithm.ES384, 280),
                    file("ecdsa_secp521r1_sha512_p1363_test.json", Algorithm.ES512, 318))
                .map(f -> signatureFile(f, "publicKeyJwk")));
  }

  @TestFactory
  Stream<DynamicNode> eddsa_everyVector_matchesLabel() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                    file("ed25519_test.json", Algorithm.Ed25519, 151),
                    file("ed448_test.json", Algorithm.Ed448, 87))
                .map(f -> signatureFile(f, "publicKeyJwk")));
  }

  @TestFactory
  Stream<DynamicNode> hmac_everyVector_acceptedOnlyWhenJwsShaped() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                    file("hmac_sha256_test.json", Algorithm.HS256, 174),
                    file("hmac_sha384_test.json", Algorithm.HS384, 174),
                    file("hmac_sha512_test.json", Algorithm.HS512, 174))
                .map(WycheproofPrimitiveVectorsTest::hmacFile));
  }

  private static VectorFile file(String name, Algorithm algorithm, int readmeCount) {
    return new VectorFile(name, algorithm, readmeCount);
  }

  /** One file, its JWS algorithm and the test count the README table gives for it. */
  private record VectorFile(String name, Algorithm algorithm, int readmeCount) {}

  // ---------------------------------------------------------------- signatures

  private static DynamicContainer signatureFile(VectorFile vf, String jwkMember) {
    Map<String, Object> file = VectorFiles.load(DIR + vf.name());
    List<DynamicTest> vectors = new ArrayList<>();
    int e3Vectors = 0;
    List<VerificationKey> e3Keys = new ArrayList<>();
    for (Map<String, Object> group : groups(file)) {
      checkGroupParameters(vf, group);
      Object jwk = group.get(jwkMember);
      String keyOrigin;
      String jwkJson;
      if (jwk != null) {
        keyOrigin = jwkMember;
        jwkJson = toJson(jwk);
      } else if (vf.algorithm().keyFamily() == Algorithm.KeyFamily.EC) {
        keyOrigin = "JWK built from raw publicKey wx/wy";
        jwkJson = ecJwkFromRaw(vf.algorithm(), map(group.get("publicKey")));
      } else {
        throw new IllegalStateException(vf.name() + ": a group has no " + jwkMember);
      }
      VerificationKey key = JwkParser.parseKey(jwkJson, true);
      boolean e3 = jwk != null && "Aw".equals(map(jwk).get("e"));
      if (e3) {
        e3Keys.add(key);
      }
      for (Map<String, Object> test : tests(group)) {
        if (e3) {
          e3Vectors++;
        }
        vectors.add(signatureVector(vf, test, key, keyOrigin));
      }
    }
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(countCheck(vf, file, vectors.size()));
    if (!e3Keys.isEmpty()) {
      int count = e3Vectors;
      nodes.add(
          DynamicTest.dynamicTest(
              vf.name() + ": e=3 keys are usable (Wycheproof valid, Verity policy accepts)",
              () -> {
                assertThat(count).isPositive();
                for (VerificationKey key : e3Keys) {
                  assertThat(key.problem()).isNull();
                  assertThat(key.isUsableFor(vf.algorithm())).isTrue();
                }
              }));
    }
    nodes.addAll(vectors);
    return DynamicContainer.dynamicContainer(vf.name(), nodes);
  }

  /** Pins the group parameters the file name promises, so the file-to-alg mapping is checked. */
  private static void checkGroupParameters(VectorFile vf, Map<String, Object> group) {
    Algorithm alg = vf.algorithm();
    if (alg.keyFamily() == Algorithm.KeyFamily.RSA || alg.keyFamily() == Algorithm.KeyFamily.EC) {
      String sha = "SHA-" + (alg.hashBytes() * 8);
      if (!sha.equals(group.get("sha"))) {
        throw new IllegalStateException(vf.name() + ": group hash is not " + sha);
      }
    }
    if (alg.name().startsWith("PS")) {
      if (!"MGF1".equals(group.get("mgf"))
          || !group.get("sha").equals(group.get("mgfSha"))
          || integer(group, "sLen") != alg.hashBytes()) {
        throw new IllegalStateException(vf.name() + ": PSS parameters are not JWA's " + alg);
      }
    }
  }

  private static String ecJwkFromRaw(Algorithm algorithm, Map<String, Object> publicKey) {
    Curves curve =
        algorithm == Algorithm.ES256
            ? Curves.P256
            : algorithm == Algorithm.ES384 ? Curves.P384 : Curves.P521;
    int size = curve.coordinateBytes();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "EC");
    jwk.put("crv", curve.jwkName());
    jwk.put("x", b64(fixedLength(string(publicKey, "wx"), size)));
    jwk.put("y", b64(fixedLength(string(publicKey, "wy"), size)));
    return toJson(jwk);
  }

  /**
   * Valid ECDSA vectors whose x(R) is at least n, which JDK 17's SunEC rejects because it does not
   * reduce x(R) modulo n before comparing it with r (later JDKs do; Temurin 25 accepts them).
   * Verity delegates the curve arithmetic to the JDK, so on such a JDK it rejects these valid
   * signatures too: a lost acceptance of a signature no honest signer produces in practice, never
   * an accepted forgery. The expectation follows what the running JDK's own verifier does, and on
   * JDK 25 or later that must be acceptance; with a signature engine plugged in, it is acceptance.
   */
  private static final Map<String, Set<Integer>> JDK_ECDSA_DEFECT =
      Map.of(
          "ecdsa_secp256r1_sha256_p1363_test.json", Set.of(115, 257),
          "ecdsa_secp384r1_sha384_p1363_test.json", Set.of(147, 275),
          "ecdsa_secp521r1_sha512_p1363_test.json", Set.of(184, 313));

  private static boolean jdkAccepts(Algorithm alg, VerificationKey key, byte[] msg, byte[] sig) {
    try {
      java.security.Signature jdk =
          java.security.Signature.getInstance(
              "SHA" + alg.hashBytes() * 8 + "withECDSAinP1363Format");
      jdk.initVerify((java.security.PublicKey) key.key());
      jdk.update(msg);
      return jdk.verify(sig);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static DynamicTest signatureVector(
      VectorFile vf, Map<String, Object> test, VerificationKey key, String keyOrigin) {
    int tcId = integer(test, "tcId");
    String result = string(test, "result");
    List<String> flags = flags(test);
    byte[] msg = hex(string(test, "msg"));
    byte[] sig = hex(string(test, "sig"));
    List<Algorithm> algorithms = new ArrayList<>();
    algorithms.add(vf.algorithm());
    if (vf.algorithm() == Algorithm.Ed25519 || vf.algorithm() == Algorithm.Ed448) {
      algorithms.add(Algorithm.EdDSA); // RFC 8037's polymorphic name must agree with RFC 9864's
    }
    return DynamicTest.dynamicTest(
        name(vf, tcId, result, string(test, "comment"), flags),
        () -> {
          boolean expected = expectedSignatureOutcome(result, flags);
          if (JDK_ECDSA_DEFECT.getOrDefault(vf.name(), Set.of()).contains(tcId)
              && TestEngines.current() == null) {
            expected = jdkAccepts(vf.algorithm(), key, msg, sig);
            if (Runtime.version().feature() >= 25) {
              assertThat(expected)
                  .as("JDK %s accepts the valid vector", Runtime.version())
                  .isTrue();
            }
          }
          assertThat(key.problem())
              .as("%s tc %d key problem (%s)", vf.name(), tcId, keyOrigin)
              .isNull();
          byte[] embedded = embed(msg);
          for (Algorithm alg : algorithms) {
            assertThatCode(() -> key.checkUsableFor(alg))
                .as("key (%s) usable for %s", keyOrigin, alg)
                .doesNotThrowAnyException();
            assertThat(TestEngines.verify(alg, key, msg, 0, msg.length, sig))
                .as("%s tc %d (%s) verify with %s", vf.name(), tcId, result, alg)
                .isEqualTo(expected);
            assertThat(TestEngines.verify(alg, key, embedded, PREFIX.length, msg.length, sig))
                .as(
                    "%s tc %d (%s) verify with %s, message at an offset",
                    vf.name(), tcId, result, alg)
                .isEqualTo(expected);
          }
        });
  }

  private static boolean expectedSignatureOutcome(String result, List<String> flags) {
    switch (result) {
      case "valid":
        return true;
      case "invalid":
        return false;
      case "acceptable":
        boolean accept = true;
        for (String flag : flags) {
          Boolean policy = ACCEPTABLE_POLICY.get(flag);
          if (policy == null) {
            fail("acceptable vector with flag %s has no documented policy", flag);
          }
          accept &= policy;
        }
        return accept && !flags.isEmpty();
      default:
        throw new IllegalStateException("unknown result " + result);
    }
  }

  // ---------------------------------------------------------------- HMAC

  private static DynamicContainer hmacFile(VectorFile vf) {
    Map<String, Object> file = VectorFiles.load(DIR + vf.name());
    int hashBits = vf.algorithm().hashBytes() * 8;
    List<DynamicTest> vectors = new ArrayList<>();
    int jwsShaped = 0;
    int truncated = 0;
    int shortKey = 0;
    int accepted = 0;
    for (Map<String, Object> group : groups(file)) {
      int keySize = integer(group, "keySize");
      int tagSize = integer(group, "tagSize");
      for (Map<String, Object> test : tests(group)) {
        boolean fullTag = tagSize == hashBits;
        boolean longEnough = keySize >= hashBits;
        jwsShaped += fullTag && longEnough ? 1 : 0;
        truncated += fullTag ? 0 : 1;
        shortKey += longEnough ? 0 : 1;
        boolean accept = "valid".equals(test.get("result")) && fullTag && longEnough;
        accepted += accept ? 1 : 0;
        vectors.add(hmacVector(vf, test, keySize, tagSize, accept));
      }
    }
    int[] counts = {jwsShaped, truncated, shortKey, accepted};
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(countCheck(vf, file, vectors.size()));
    nodes.add(
        DynamicTest.dynamicTest(
            vf.name() + ": README partition (84 JWS-shaped, 87 truncated tags, 6 short keys)",
            () -> {
              assertThat(counts[0]).as("JWS-shaped").isEqualTo(84);
              assertThat(counts[1]).as("truncated tag").isEqualTo(87);
              assertThat(counts[2]).as("key shorter than the hash").isEqualTo(6);
              assertThat(counts[3]).as("acceptable by a JWS verifier").isEqualTo(30);
            }));
    nodes.addAll(vectors);
    return DynamicContainer.dynamicContainer(vf.name(), nodes);
  }

  private static DynamicTest hmacVector(
      VectorFile vf, Map<String, Object> test, int keySize, int tagSize, boolean accept) {
    int tcId = integer(test, "tcId");
    String result = string(test, "result");
    byte[] keyBytes = hex(string(test, "key"));
    byte[] msg = hex(string(test, "msg"));
    byte[] tag = hex(string(test, "tag"));
    Algorithm alg = vf.algorithm();
    String label = String.format("%s, key %d bits, tag %d bits", result, keySize, tagSize);
    return DynamicTest.dynamicTest(
        name(vf, tcId, label, string(test, "comment"), flags(test)),
        () -> {
          assertThat(keyBytes.length * 8).as("key length matches keySize").isEqualTo(keySize);
          Map<String, Object> jwk = new LinkedHashMap<>();
          jwk.put("kty", "oct");
          jwk.put("k", b64(keyBytes));
          VerificationKey key = JwkParser.parseKey(toJson(jwk), true);
          if (keySize < alg.hashBytes() * 8) {
            // RFC 7518 §3.2: such a key must never get as far as computing a MAC.
            assertThatThrownBy(() -> key.checkUsableFor(alg))
                .isInstanceOfSatisfying(
                    JwtVerificationException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_KEY));
            assertThat(key.isUsableFor(alg)).isFalse();
            return;
          }
          assertThatCode(() -> key.checkUsableFor(alg)).doesNotThrowAnyException();
          assertThat(SignatureVerifier.verify(alg, key, msg, 0, msg.length, tag))
              .as("%s tc %d verify", vf.name(), tcId)
              .isEqualTo(accept);
          assertThat(SignatureVerifier.verify(alg, key, embed(msg), PREFIX.length, msg.length, tag))
              .as("%s tc %d verify, message at an offset", vf.name(), tcId)
              .isEqualTo(accept);
        });
  }

  // ---------------------------------------------------------------- shared

  private static DynamicTest countCheck(VectorFile vf, Map<String, Object> file, int generated) {
    int declared = integer(file, "numberOfTests");
    int present = VectorFiles.countTests(file);
    return DynamicTest.dynamicTest(
        vf.name() + ": runs all " + vf.readmeCount() + " vectors",
        () -> {
          assertThat(declared).as("numberOfTests vs README table").isEqualTo(vf.readmeCount());
          assertThat(present).as("tests in the file vs numberOfTests").isEqualTo(declared);
          assertThat(generated).as("vectors generated vs numberOfTests").isEqualTo(declared);
        });
  }

  private static List<String> flags(Map<String, Object> test) {
    List<String> flags = new ArrayList<>();
    for (Object flag : VectorFiles.list(test.get("flags"))) {
      flags.add((String) flag);
    }
    return flags;
  }

  private static String name(
      VectorFile vf, int tcId, String result, String comment, List<String> flags) {
    return String.format(
        "%s tc %d [%s] %s %s", vf.name(), tcId, result, comment.isEmpty() ? "-" : comment, flags);
  }

  private static byte[] embed(byte[] msg) {
    byte[] out = new byte[PREFIX.length + msg.length + SUFFIX.length];
    System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
    System.arraycopy(msg, 0, out, PREFIX.length, msg.length);
    System.arraycopy(SUFFIX, 0, out, PREFIX.length + msg.length, SUFFIX.length);
    return out;
  }
}
