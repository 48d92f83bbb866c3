package dev.verity.jwt.vectors;

import static dev.verity.jwt.ErrorCode.ALGORITHM_NOT_ALLOWED;
import static dev.verity.jwt.ErrorCode.BAD_SIGNATURE;
import static dev.verity.jwt.ErrorCode.INVALID_KEY;
import static dev.verity.jwt.ErrorCode.KEY_NOT_FOUND;
import static dev.verity.jwt.ErrorCode.MALFORMED;
import static dev.verity.jwt.vectors.VectorFiles.b64;
import static dev.verity.jwt.vectors.VectorFiles.groups;
import static dev.verity.jwt.vectors.VectorFiles.integer;
import static dev.verity.jwt.vectors.VectorFiles.map;
import static dev.verity.jwt.vectors.VectorFiles.objects;
import static dev.verity.jwt.vectors.VectorFiles.string;
import static dev.verity.jwt.vectors.VectorFiles.tests;
import static dev.verity.jwt.vectors.VectorFiles.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.internal.Base64Url;
import dev.verity.jwt.internal.JwkParser;
import dev.verity.jwt.internal.VerificationKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateKeySpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every compact JWS of Wycheproof's {@code json_web_signature_test.json} (W:n), {@code
 * json_web_key_test.json} (WK:n) and the JWS groups of {@code json_web_crypto_test.json} (JWC:n)
 * through a full {@link JwtVerifier}: the vector's key (or key set) as a JWK Set, all Verity
 * algorithms allowed, {@code anyIssuer().anyAudience().allowMissingExpiration()} and a fixed clock.
 *
 * <h2>Telling the JWS layer from the JWT layer</h2>
 *
 * Wycheproof judges JWS objects; Verity verifies JWTs. Most Wycheproof payloads ({@code foo},
 * empty, zero bytes, {@code 123400}, RFC 7520 prose) are not JSON objects, so a correct JWT
 * verifier answers {@code MALFORMED} for a vector Wycheproof calls valid, and {@code MALFORMED} is
 * also the answer to most structural attacks. A bare "rejected with MALFORMED" would therefore
 * prove nothing either way. The approach:
 *
 * <ul>
 *   <li>Every vector gets an exact expected code, written out per tcId in {@link #W_REJECT}, {@link
 *       #WK_REJECT} and {@link #JWC_REJECT}; a vector labelled {@code invalid} without an entry (or
 *       {@code valid} with one) fails, so the tables cannot drift from the data.
 *   <li>A {@code valid} vector ("accepted at the JWS layer") must verify, or be rejected with
 *       {@code MALFORMED} only when its payload is not a JSON object (checked with jose4j's parser)
 *       <em>and</em> its signature verifies in {@link JwsLayer}, an independent re-implementation
 *       of RFC 7515 §5.2 up to and including the signature, which never looks at the payload. Empty
 *       payloads (W:259 ...) end as {@code MALFORMED} before the signature (an empty payload is
 *       detached content, RFC 7515 App. F, refused at the structure check); {@code JwsLayer} still
 *       shows their signature is good, so the rejection is one a JSON payload could not have
 *       avoided: a JWT payload is never empty.
 *   <li>An {@code invalid} vector must be rejected with its exact code <em>and</em> {@link
 *       JwsLayer} must refuse it too: so no {@code MALFORMED} here can be one that "would vanish
 *       with a JSON payload" (a token whose JWS layer is fine and only whose claims are not JSON).
 * </ul>
 *
 * <h2>Upstream defects and deviations</h2>
 *
 * Vectors are skipped or inverted only when named in {@link #W_README_DEFECTS}, {@link
 * #WK_README_DEFECTS} or {@link #JWC_DEFECTS}, each with its reason from {@code
 * wycheproof/README.md}; {@link #readmeDefects_areExactlyTheNamedVectors} checks each entry against
 * the data, and every file's first dynamic test checks vectors run + skipped = {@code
 * numberOfTests}, the skipped ones being exactly the named ones. A second table, written per attack
 * from the standards and advisories rather than from Wycheproof's labels ({@link #THREATS_CODES}),
 * gives the code a W:/WK: id's attack must get; that exact code is asserted, except for the three
 * entries in {@link #THREATS_DEVIATIONS} where the vector's bytes reach an earlier check than the
 * attack's own (checks run in the order of docs/security-model.md, "The order of checks"); {@link
 * #threatsCodes_agreeWithTheTables} pins that.
 *
 * <p>Key sets are parsed as a local, trusted JWK Set ({@link JwkSet#parse}) except for the vectors
 * in {@link #REMOTE_KEY_SETS}: Wycheproof rejects a key set mixing a symmetric key with public keys
 * (WK:1, JWC:47), which only makes sense for a published JWKS; Verity never takes a symmetric key
 * from a remote JWKS, so oct keys served there (WK:1, WK:25-26) are {@code INVALID_KEY}
 * (docs/security-model.md, "Configuration that is safe by default"). Those run with {@link
 * JwkSet#parseRemote}, and the outcome with a local set is asserted too ({@link
 * #LOCAL_OUTCOME_OF_REMOTE_VECTORS}) so that the policy difference is visible.
 */
class WycheproofJwsVectorsTest {
  private static final String DIR = "wycheproof/";
  private static final String W_FILE = "json_web_signature_test.json";
  private static final String WK_FILE = "json_web_key_test.json";
  private static final String JWC_FILE = "json_web_crypto_test.json";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** How a README-listed upstream defect is handled. */
  enum Handling {
    /** Not run; the reason says why it cannot be satisfied. */
    SKIP,
    /** Upstream says valid; a strict verifier must reject with the given code. */
    INVERT,
    /** Listed in the README, but the upstream label holds for Verity; run as labelled. */
    KEEP
  }

  /** A named upstream defect: how it is handled, the code asserted (if any), and why. */
  record Defect(Handling handling, ErrorCode code, String upstreamLabel, String reason) {}

  private static Defect skip(String upstreamLabel, String reason) {
    return new Defect(Handling.SKIP, null, upstreamLabel, reason);
  }

  private static Defect invert(ErrorCode code, String reason) {
    return new Defect(Handling.INVERT, code, "valid", reason);
  }

  private static Defect keep(String reason) {
    return new Defect(Handling.KEEP, null, "invalid", reason);
  }

  /** wycheproof/README.md, "Known defects in json_web_signature_test.json". */
  static final Map<Integer, Defect> W_README_DEFECTS =
      Map.of(
          367,
          skip(
              "invalid",
              "invalidBase64Padding: the jws is byte-identical to valid W:357 (the '=' padding was"
                  + " lost upstream, C2SP/wycheproof#236); cannot hold together with W:357"),
          370,
          skip(
              "invalid",
              "invalidBase64PaddingInPayload: the jws is byte-identical to valid W:357 (the '='"
                  + " padding was lost upstream, C2SP/wycheproof#236); cannot hold together with"
                  + " W:357"),
          372,
          invert(
              MALFORMED,
              "InvalidCharacterInsertedInHeader is labelled valid but has '?' inside a base64url"
                  + " segment: RFC 7515 §2 and App. C strict alphabet; CVE-2022-25898"),
          373,
          invert(
              MALFORMED,
              "InvalidCharacterInsertedInPayload is labelled valid but has '?' inside a base64url"
                  + " segment: RFC 7515 §2 and App. C strict alphabet; CVE-2022-25898"),
          346,
          invert(
              ALGORITHM_NOT_ALLOWED,
              "Figure20: Wycheproof added alg PS256 to the RFC 7520 key, the token is PS384;"
                  + " key-alg binding (RFC 7517 §4.4, RFC 8725 §3.1)"),
          350,
          invert(
              ALGORITHM_NOT_ALLOWED,
              "Figure20 (key_ops variant): Wycheproof added alg PS256 to the RFC 7520 key, the"
                  + " token is PS384; key-alg binding (RFC 7517 §4.4, RFC 8725 §3.1)"),
          347,
          invert(
              INVALID_KEY,
              "Figure27: Wycheproof gave the P-521 key alg ES521, which is not a registered"
                  + " algorithm, so the key, bound to it (RFC 7517 §4.4), may never verify"),
          351,
          invert(
              INVALID_KEY,
              "Figure27 (key_ops variant): key alg ES521 is not a registered algorithm, so the"
                  + " key, bound to it (RFC 7517 §4.4), may never verify"),
          17,
          keep(
              "JSON serialization, invalid only for a compact-only verifier: Verity is"
                  + " compact-only, so the label holds (MALFORMED, RFC 7519 §1)"),
          375,
          keep(
              "MacOfIncorrectlyEncodedMessage: payload 'AB' has non-zero unused bits; needs a"
                  + " canonical base64url decoder (RFC 4648 §3.5), which Verity has: MALFORMED"));

  private static final String ROCA_REASON =
      "ROCA-vulnerable RSA modulus (CVE-2017-15361): detecting it needs an Infineon-fingerprint"
          + " check, optional per wycheproof/README.md; Verity has none, so the"
          + " vector is skipped rather than pinned as accepted";

  /** wycheproof/README.md: WK:7 (ROCA) is optional. */
  static final Map<Integer, Defect> WK_README_DEFECTS = Map.of(7, skip("invalid", ROCA_REASON));

  /** JWC:46 is WK:7's vector again. */
  static final Map<Integer, Defect> JWC_DEFECTS =
      Map.of(46, skip("invalid", ROCA_REASON + " (same key and token as WK:7)"));

  /** Groups of json_web_crypto_test.json that are JWE, skipped by name (README: "Skip the JWE"). */
  static final Map<String, String> JWC_SKIPPED_GROUPS =
      Map.of(
          "jwe_aes", "JWE (A256KW + A256CBC-HS512): Verity verifies compact JWS only",
          "jwe_ec", "JWE (ECDH-ES+A128KW + A128CBC-HS256): Verity verifies compact JWS only");

  /** Expected code of every W: vector Verity must reject (labelled invalid, or inverted). */
  static final Map<Integer, ErrorCode> W_REJECT = wRejections();

  /** Expected code of every WK: vector Verity must reject. */
  static final Map<Integer, ErrorCode> WK_REJECT = wkRejections();

  /** Expected code of every JWC: (JWS part) vector Verity must reject. */
  static final Map<Integer, ErrorCode> JWC_REJECT = jwcRejections();

  /** Vectors whose key set is parsed as a remote JWKS ({@link JwkSet#parseRemote}). */
  static final Map<String, Set<Integer>> REMOTE_KEY_SETS =
      Map.of(WK_FILE, Set.of(1, 25, 26), JWC_FILE, Set.of(47));

  /** The outcome of the remote-set vectors with a local set: null means "JWS layer valid". */
  static final Map<String, Map<Integer, ErrorCode>> LOCAL_OUTCOME_OF_REMOTE_VECTORS =
      Map.of(
          // A local, trusted file may hold oct keys next to public keys (only a remote JWKS never
          // yields a symmetric key): the oct key is bound to HS256 and separate from the EC key, so
          // no confusion is possible.
          WK_FILE, mapOf(1, null, 25, INVALID_KEY, 26, INVALID_KEY), JWC_FILE, mapOf(47, null));

  /**
   * The code each W:/WK: id's attack must get (null: "accept"), written per attack from the
   * standards and advisories named in the comments, independently of the tables above.
   */
  static final Map<String, ErrorCode> THREATS_CODES = threatsCodes();

  /** Attack codes the actual vector bytes cannot reach, with the code asserted instead. */
  static final Map<String, Defect> THREATS_DEVIATIONS =
      Map.of(
          "W:8",
          new Defect(
              Handling.INVERT,
              KEY_NOT_FOUND,
              "invalid",
              "a flipped header bit is BAD_SIGNATURE, but W:8's flip turns kid"
                  + " 'kid-aes-sign' into 'Xid-aes-sign': no key has that kid, and key lookup"
                  + " precedes the signature (an unknown kid is KEY_NOT_FOUND)"),
          "WK:8",
          new Defect(
              Handling.INVERT,
              MALFORMED,
              "invalid",
              "a 1024-bit RSA key is INVALID_KEY (RFC 7518 §3.3), but WK:8's token has an empty"
                  + " payload ('h..s'), which is MALFORMED at the structure check before any key"
                  + " lookup; the key itself is checked in"
                  + " weakKeyVectors_withNonEmptyPayload_areInvalidKey"),
          "WK:9",
          new Defect(
              Handling.INVERT,
              MALFORMED,
              "invalid",
              "an RSA key with e=1 is INVALID_KEY, but WK:9's token has an empty payload ('h..s'),"
                  + " MALFORMED before any key lookup; the key itself is checked in"
                  + " weakKeyVectors_withNonEmptyPayload_areInvalidKey"));

  // ------------------------------------------------------------------ tables

  private static Map<Integer, ErrorCode> wRejections() {
    Map<Integer, ErrorCode> m = new TreeMap<>();
    // Groups hs256 (1-17), es256 (18-32) and rs256 (33-45) apply the same mutations to one token.
    put(m, BAD_SIGNATURE, 2, 5, 19, 22, 34, 37); // modified signature / payload
    put(m, BAD_SIGNATURE, 3, 20, 35); // "h.p." empty signature: well-formed, fails to verify
    put(m, MALFORMED, 4, 21, 36); // "h.p" (RFC 7515 §7.1: three parts)
    put(m, MALFORMED, 6, 23, 38); // "h..s" empty payload (detached, RFC 7515 App. F)
    put(m, MALFORMED, 7, 24, 39); // "h.s" two parts (RFC 7515 §7.1)
    put(m, KEY_NOT_FOUND, 8, 25, 40); // "modified header": kid-... became Xid-... (no such key)
    put(m, MALFORMED, 9, 26, 41); // ".p.s" empty header
    put(m, MALFORMED, 10, 27, 42); // "p.s"
    put(m, MALFORMED, 11, 28, 43); // ".p."
    put(m, MALFORMED, 12, 29, 44); // "p"
    put(m, MALFORMED, 13, 30, 45); // ""
    put(m, MALFORMED, 14, 15); // four parts (RFC 7515 §7.1)
    put(m, ALGORITHM_NOT_ALLOWED, 16); // alg none (RFC 7518 §3.6)
    put(m, MALFORMED, 17); // JSON serialization (RFC 7519 §1)
    put(m, ALGORITHM_NOT_ALLOWED, 31); // HS256 MACed with the ES256 key's bytes (CVE-2015-9235)
    put(m, BAD_SIGNATURE, 32); // attacker's embedded jwk, trusted kid (CVE-2018-0114)
    range(m, BAD_SIGNATURE, 46, 258); // PKCS#1 v1.5 padding mutations (RFC 8017 §8.2.2)
    range(m, BAD_SIGNATURE, 276, 286); // PSS: mHash modified, salt length changed (RFC 7518 §3.5)
    range(m, BAD_SIGNATURE, 289, 311); // PSS: zero padding, hash, PS, salt, maskedDB, EM modified
    range(m, BAD_SIGNATURE, 312, 316); // signature 0, 1, n-1, n, not reduced (RFC 8017 §8.2.2)
    range(m, BAD_SIGNATURE, 317, 319); // 00 prepended, appended, truncated (RFC 8017 §8.2.2)
    put(m, BAD_SIGNATURE, 324, 329, 330); // PS384/PS512 modified signatures
    // WrongPrimitive with the PS512-bound key: header PS512 over an RS*/PS* signature verifies
    // nothing (Wycheproof WrongPrimitive); any other header alg is refused by the key's alg
    // binding (RFC 7517 §4.4).
    put(m, BAD_SIGNATURE, 331, 333, 335, 337, 339);
    put(m, ALGORITHM_NOT_ALLOWED, 332, 334, 336, 338, 340);
    range(m, ALGORITHM_NOT_ALLOWED, 341, 344); // none / NONE (RFC 7518 §3.6, RFC 8725 §3.2)
    range(m, INVALID_KEY, 353, 356); // use enc, key_ops without verify (RFC 7517 §4.2, §4.3)
    range(m, MALFORMED, 360, 366); // spaces, '?', '#' in segments (RFC 7515 §2, App. C)
    put(m, MALFORMED, 368, 369, 371); // spaces, '#', '?' in the payload (RFC 7515 §2, App. C)
    put(m, MALFORMED, 374, 375); // non-zero unused bits (RFC 4648 §3.5)
    range(m, BAD_SIGNATURE, 379, 401); // ES256 length, overflow, r/s edge values (RFC 7518 §3.4)
    // Inverted README defects.
    for (Map.Entry<Integer, Defect> defect : W_README_DEFECTS.entrySet()) {
      if (defect.getValue().handling() == Handling.INVERT) {
        m.put(defect.getKey(), defect.getValue().code());
      }
    }
    return m;
  }

  private static Map<Integer, ErrorCode> wkRejections() {
    Map<Integer, ErrorCode> m = new TreeMap<>();
    put(m, INVALID_KEY, 1); // oct key in a remote JWKS (never usable)
    put(m, BAD_SIGNATURE, 3);
    put(m, KEY_NOT_FOUND, 4); // two keys with the token's kid (ambiguous, RFC 7517 §4.5)
    put(m, INVALID_KEY, 6); // use enc (RFC 7517 §4.2)
    put(m, MALFORMED, 8, 9); // empty payload first; see THREATS_DEVIATIONS
    range(m, INVALID_KEY, 10, 12); // oct key shorter than the hash (RFC 7518 §3.2)
    range(m, INVALID_KEY, 16, 18); // empty oct key (RFC 7518 §3.2)
    range(m, INVALID_KEY, 19, 20); // alg ES521 / ES224 on a P-256 key (RFC 7517 §4.4)
    put(m, INVALID_KEY, 21); // use enc (RFC 7517 §4.2)
    put(m, INVALID_KEY, 22); // point not on the curve (RFC 8725 §3.4; CVE-2017-12974)
    put(m, INVALID_KEY, 23); // crv P-384 with P-256 coordinates (RFC 7518 §6.2.1)
    put(m, INVALID_KEY, 24); // kty RSA with EC members (no n or e, RFC 7518 §6.3.1)
    range(m, INVALID_KEY, 25, 26); // A256GCM / A256KW oct keys (never usable from a remote JWKS)
    return m;
  }

  private static Map<Integer, ErrorCode> jwcRejections() {
    Map<Integer, ErrorCode> m = new TreeMap<>();
    // JWC:1-45 are byte-identical to W:1-45 (JWC:17 holds the JSON serialization as an object).
    for (int tcId = 1; tcId <= 45; tcId++) {
      ErrorCode code = W_REJECT.get(tcId);
      if (code != null) {
        m.put(tcId, code);
      }
    }
    put(m, INVALID_KEY, 47); // the mixed oct + EC key set of WK:1, remote
    put(m, BAD_SIGNATURE, 49);
    return m;
  }

  private static Map<String, ErrorCode> threatsCodes() {
    Map<String, ErrorCode> m = new TreeMap<>();
    w(m, BAD_SIGNATURE, 3, 20, 35); // empty signature
    w(m, MALFORMED, 4); // signature and its dot removed (RFC 7515 §7.1)
    w(m, MALFORMED, 360, 365, 368); // white space (RFC 7515 §2)
    w(m, MALFORMED, 361, 362, 363, 364, 366, 369, 371, 372, 373); // CVE-2022-25898
    w(m, MALFORMED, 374, 375); // non-zero unused bits (RFC 4648 §3.5)
    w(m, MALFORMED, 17); // JSON serialization (RFC 7519 §1; CVE-2022-39227)
    w(m, ALGORITHM_NOT_ALLOWED, 16, 341, 342, 343, 344); // none (RFC 7518 §3.6)
    w(m, ALGORITHM_NOT_ALLOWED, 31); // public key as HMAC secret (CVE-2015-9235)
    w(m, ALGORITHM_NOT_ALLOWED, 346, 350); // key-alg binding (RFC 7517 §4.4)
    w(m, BAD_SIGNATURE, 32); // embedded jwk ignored (CVE-2018-0114)
    w(m, BAD_SIGNATURE, 2, 5, 8); // one bit flipped
    w(m, BAD_SIGNATURE, 317, 318, 319); // not k octets (RFC 8017 §8.2.2)
    w(m, BAD_SIGNATURE, 312, 313, 314, 315, 316); // 0, 1, n-1, n, > n (RFC 8017 §8.2.2)
    for (int tcId = 46; tcId <= 258; tcId++) {
      w(m, BAD_SIGNATURE, tcId); // PKCS#1 v1.5 padding (RFC 8017 §8.2.2)
    }
    w(m, BAD_SIGNATURE, 379, 380, 385); // not 64 octets (RFC 7518 §3.4)
    for (int tcId = 386; tcId <= 401; tcId++) {
      w(m, BAD_SIGNATURE, tcId); // r, s out of [1, n-1] (CVE-2022-21449)
    }
    w(m, BAD_SIGNATURE, 381, 382, 383, 384); // r + n, s + n (RFC 7518 §3.4)
    w(m, BAD_SIGNATURE, 281, 282, 283, 284, 285, 286); // PSS salt (RFC 7518 §3.5)
    w(m, INVALID_KEY, 353, 354, 355, 356); // use, key_ops (RFC 7517 §4.2, §4.3)
    wk(m, INVALID_KEY, 8); // 1024-bit RSA (RFC 7518 §3.3)
    wk(m, INVALID_KEY, 9); // RSA e=1
    wk(m, INVALID_KEY, 21, 22, 23); // EC point, crv (RFC 7518 §6.2.1; CVE-2017-12974)
    wk(m, INVALID_KEY, 19, 20, 24); // kty/members, alg/curve mismatch
    wk(m, INVALID_KEY, 6); // use enc (RFC 7517 §4.2)
    wk(m, INVALID_KEY, 10, 11, 12, 16, 17, 18); // short or empty oct (RFC 7518 §3.2)
    m.put("WK:13", null); // a 64-byte HS256 key is accepted (RFC 7518 §3.2)
    wk(m, INVALID_KEY, 1, 25, 26); // oct keys from a remote JWKS
    wk(m, KEY_NOT_FOUND, 4); // same kid twice (RFC 7517 §4.5)
    return m;
  }

  // ------------------------------------------------------------------ vectors

  @TestFactory
  Stream<DynamicNode> jsonWebSignature_everyVector_matchesStrictVerdict() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                vectorFile(W_FILE, "W", 401, W_REJECT, W_README_DEFECTS, Map.of(), Set.of())));
  }

  @TestFactory
  Stream<DynamicNode> jsonWebKey_everyVector_matchesStrictVerdict() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                vectorFile(
                    WK_FILE,
                    "WK",
                    26,
                    WK_REJECT,
                    WK_README_DEFECTS,
                    Map.of(),
                    REMOTE_KEY_SETS.get(WK_FILE))));
  }

  @TestFactory
  Stream<DynamicNode> jsonWebCrypto_jwsVectors_matchStrictVerdict() {
    return VectorFiles.unlessAbsent(
        () ->
            Stream.of(
                vectorFile(
                    JWC_FILE,
                    "JWC",
                    83,
                    JWC_REJECT,
                    JWC_DEFECTS,
                    JWC_SKIPPED_GROUPS,
                    REMOTE_KEY_SETS.get(JWC_FILE))));
  }

  private static DynamicContainer vectorFile(
      String fileName,
      String tag,
      int readmeCount,
      Map<Integer, ErrorCode> rejections,
      Map<Integer, Defect> defects,
      Map<String, String> skippedGroups,
      Set<Integer> remote) {
    Map<String, Object> file = VectorFiles.load(DIR + fileName);
    List<DynamicTest> vectors = new ArrayList<>();
    List<Integer> skipped = new ArrayList<>();
    int jweSkipped = 0;
    for (Map<String, Object> group : groups(file)) {
      String groupName = String.valueOf(group.get("comment"));
      String groupSkip = skippedGroups.get(groupName);
      for (Map<String, Object> test : tests(group)) {
        int tcId = integer(test, "tcId");
        String label = string(test, "result");
        String name =
            String.format("%s %s:%d [%s] %s", fileName, tag, tcId, label, test.get("comment"));
        if (groupSkip != null) {
          jweSkipped++;
          vectors.add(
              DynamicTest.dynamicTest(name, () -> abort("group " + groupName + ": " + groupSkip)));
          continue;
        }
        Defect defect = defects.get(tcId);
        if (defect != null && defect.handling() == Handling.SKIP) {
          skipped.add(tcId);
          vectors.add(
              DynamicTest.dynamicTest(
                  name, () -> abort(tag + ":" + tcId + " skipped: " + defect.reason())));
          continue;
        }
        String token = tokenOf(test);
        boolean remoteSet = remote.contains(tcId);
        String keySet = keySetOf(group);
        ErrorCode expected = rejections.get(tcId);
        Map<Integer, ErrorCode> localOutcomes =
            LOCAL_OUTCOME_OF_REMOTE_VECTORS.getOrDefault(fileName, Map.of());
        vectors.add(
            DynamicTest.dynamicTest(
                name + (expected == null ? " -> JWS layer valid" : " -> " + expected),
                () -> {
                  checkLabel(tag, tcId, label, expected, defect);
                  check(tag + ":" + tcId, token, keySet, !remoteSet, expected);
                  if (remoteSet) {
                    // The same vector with the key set read as a trusted local file.
                    check(tag + ":" + tcId, token, keySet, true, localOutcomes.get(tcId));
                  }
                }));
      }
    }
    int declared = integer(file, "numberOfTests");
    int present = VectorFiles.countTests(file);
    int generated = vectors.size();
    int jwe = jweSkipped;
    List<Integer> expectedSkips =
        defects.entrySet().stream()
            .filter(e -> e.getValue().handling() == Handling.SKIP)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(
        DynamicTest.dynamicTest(
            fileName + ": runs all " + readmeCount + " vectors; skips only the named ones",
            () -> {
              assertThat(declared).as("numberOfTests vs README table").isEqualTo(readmeCount);
              assertThat(present).as("tests in the file vs numberOfTests").isEqualTo(declared);
              assertThat(generated).as("vectors generated vs numberOfTests").isEqualTo(declared);
              assertThat(skipped.stream().sorted().toList())
                  .as("skipped vectors are exactly the named defects")
                  .isEqualTo(expectedSkips);
              assertThat(jwe)
                  .as("JWE vectors skipped by group name")
                  .isEqualTo(skippedGroups.isEmpty() ? 0 : 34);
            }));
    nodes.addAll(vectors);
    return DynamicContainer.dynamicContainer(fileName, nodes);
  }

  /** Fails when the tables and the upstream label disagree (so the tables cannot drift). */
  private static void checkLabel(
      String tag, int tcId, String label, ErrorCode expected, Defect defect) {
    String id = tag + ":" + tcId;
    if (defect != null) {
      assertThat(label).as("%s upstream label", id).isEqualTo(defect.upstreamLabel());
      if (defect.handling() == Handling.INVERT) {
        assertThat(expected).as("%s inverted code", id).isEqualTo(defect.code());
      }
      return;
    }
    switch (label) {
      case "valid":
        assertThat(expected).as("%s is labelled valid but has a rejection code", id).isNull();
        break;
      case "invalid":
        assertThat(expected).as("%s is labelled invalid but has no expected code", id).isNotNull();
        break;
      default:
        fail("%s has label %s, which this test has no policy for", id, label);
    }
  }

  /**
   * Runs one token through a verifier over {@code keySetJson}; {@code expected} null means
   * "accepted at the JWS layer" (see the class comment).
   */
  private static void check(
      String id, String token, String keySetJson, boolean local, ErrorCode expected) {
    JwkSet set = local ? JwkSet.parse(keySetJson) : JwkSet.parseRemote(keySetJson);
    List<VerificationKey> keys = JwkParser.parseSet(keySetJson, local, JwkParser.DEFAULT_MAX_KEYS);
    VerificationResult result = verifier(set).validate(token);
    boolean jwsLayer = JwsLayer.signatureVerifies(token, keys);
    String where = id + ", " + (local ? "local key set" : "remote key set");
    if (expected == null) {
      assertThat(jwsLayer).as("signature verifies at the JWS layer (%s)", where).isTrue();
      if (JwsLayer.payloadIsJsonObject(token)) {
        assertThat(result.errorCode()).as("JSON-object payload, %s", where).isEmpty();
      } else {
        assertThat(result.errorCode())
            .as("non-JSON-object payload rejected only at the JWT layer (%s)", where)
            .contains(MALFORMED);
      }
    } else {
      assertThat(result.errorCode()).as("rejection code (%s)", where).contains(expected);
      assertThat(jwsLayer)
          .as("the JWS layer refuses it too, so this is not a payload-only rejection (%s)", where)
          .isFalse();
    }
    result
        .rejection()
        .ifPresent(e -> VectorFiles.assertNoSecrets(e.getMessage(), token, keySetJson));
  }

  static JwtVerifier verifier(JwkSet set) {
    return JwtVerifier.builder()
        .anyIssuer()
        .anyAudience()
        .allowMissingExpiration()
        .algorithms(Algorithm.values())
        .keys(KeySources.of(set))
        .clock(InstantSource.fixed(NOW))
        .build();
  }

  private static String tokenOf(Map<String, Object> test) {
    Object jws = test.get("jws");
    if (jws instanceof String) {
      return (String) jws;
    }
    // JWC:17 holds the JSON serialization as an object; a caller would pass its text.
    return toJson(map(jws));
  }

  /** The group's key as JWK Set text: {@code public} when present, else {@code private}. */
  private static String keySetOf(Map<String, Object> group) {
    Object key = group.containsKey("public") ? group.get("public") : group.get("private");
    Map<String, Object> jwk = map(key);
    if (jwk.containsKey("keys")) {
      return toJson(jwk);
    }
    return VectorFiles.jwkSet(List.of(jwk));
  }

  // ------------------------------------------------------------------ checks of the tables

  @Test
  void readmeDefects_areExactlyTheNamedVectors() {
    Map<Integer, Map<String, Object>> w = byTcId(W_FILE);
    // W:367 and W:370 are byte-identical to the valid W:357: the evidence for skipping them.
    assertThat(string(w.get(367), "jws")).isEqualTo(string(w.get(357), "jws"));
    assertThat(string(w.get(370), "jws")).isEqualTo(string(w.get(357), "jws"));
    assertThat(string(w.get(357), "result")).isEqualTo("valid");
    assertThat(w.get(372).get("comment")).isEqualTo("InvalidCharacterInsertedInHeader");
    assertThat(w.get(373).get("comment")).isEqualTo("InvalidCharacterInsertedInPayload");
    for (int tcId : List.of(346, 350)) {
      assertThat(w.get(tcId).get("comment")).isEqualTo("Figure20");
      assertThat(keyOf(W_FILE, tcId).get("alg")).isEqualTo("PS256");
      assertThat(headerOf(string(w.get(tcId), "jws"))).contains("\"alg\":\"PS384\"");
    }
    for (int tcId : List.of(347, 351)) {
      assertThat(w.get(tcId).get("comment")).isEqualTo("Figure27");
      assertThat(keyOf(W_FILE, tcId).get("alg")).isEqualTo("ES521");
    }
    assertThat(VectorFiles.list(w.get(17).get("flags"))).containsExactly("JsonSerialization");
    assertThat(w.get(375).get("comment")).isEqualTo("MacOfIncorrectlyEncodedMessage");
    for (Map.Entry<Integer, Defect> e : W_README_DEFECTS.entrySet()) {
      assertThat(w.get(e.getKey()).get("result"))
          .as("W:%d upstream label", e.getKey())
          .isEqualTo(e.getValue().upstreamLabel());
    }
    // The README lists exactly these W: ids; nothing else is skipped or inverted.
    assertThat(W_README_DEFECTS.keySet())
        .containsExactlyInAnyOrder(17, 346, 347, 350, 351, 367, 370, 372, 373, 375);

    Map<Integer, Map<String, Object>> wk = byTcId(WK_FILE);
    assertThat(wk.get(7).get("comment")).isEqualTo("rejectsKeyWithRocaVulnerability");
    assertThat(WK_README_DEFECTS.keySet()).containsExactly(7);
    Map<Integer, Map<String, Object>> jwc = byTcId(JWC_FILE);
    assertThat(jwc.get(46).get("jws")).isEqualTo(wk.get(7).get("jws"));
    assertThat(JWC_DEFECTS.keySet()).containsExactly(46);
  }

  @Test
  void threatsCodes_agreeWithTheTables() {
    for (Map.Entry<String, ErrorCode> e : THREATS_CODES.entrySet()) {
      String id = e.getKey();
      int tcId = Integer.parseInt(id.substring(id.indexOf(':') + 1));
      ErrorCode table = (id.startsWith("WK:") ? WK_REJECT : W_REJECT).get(tcId);
      Defect deviation = THREATS_DEVIATIONS.get(id);
      if (deviation == null) {
        assertThat(table).as("%s: table code vs the attack's code", id).isEqualTo(e.getValue());
      } else {
        assertThat(table).as("%s: table code vs deviation", id).isEqualTo(deviation.code());
        assertThat(table)
            .as("%s: a deviation must differ from the attack's code", id)
            .isNotEqualTo(e.getValue());
      }
    }
    assertThat(THREATS_CODES.keySet()).containsAll(THREATS_DEVIATIONS.keySet());
  }

  @Test
  void jsonWebCrypto_jwsVectors_areTheSignatureFileVectors() {
    Map<Integer, Map<String, Object>> w = byTcId(W_FILE);
    Map<Integer, Map<String, Object>> jwc = byTcId(JWC_FILE);
    for (int tcId = 1; tcId <= 45; tcId++) {
      if (tcId == 17) {
        assertThat(map(jwc.get(17).get("jws"))).containsKeys("payload", "signatures");
        continue;
      }
      assertThat(jwc.get(tcId).get("jws"))
          .as("JWC:%d vs W:%d", tcId, tcId)
          .isEqualTo(w.get(tcId).get("jws"));
    }
  }

  /**
   * WK:8 (a 1024-bit key, under RFC 7518 §3.3's 2048 bits) and WK:9 (e=1) are about weak RSA keys,
   * but those vectors' tokens have empty payloads and stop at MALFORMED. Re-made with the payload
   * {@code foo} and a signature valid for the weak key (the vector's own private key for WK:8; for
   * e=1 the signature is the PKCS#1 v1.5 encoded message itself), the full verifier must answer
   * INVALID_KEY.
   */
  @Test
  void weakKeyVectors_withNonEmptyPayload_areInvalidKey() throws Exception {
    for (int tcId : List.of(8, 9)) {
      Map<String, Object> privateJwk = privateKeyOf(WK_FILE, tcId);
      String token = string(byTcId(WK_FILE).get(tcId), "jws");
      String signingInput =
          token.substring(0, token.indexOf('.'))
              + "."
              + b64("foo".getBytes(StandardCharsets.US_ASCII));
      BigInteger n = new BigInteger(1, Base64Url.decode(string(privateJwk, "n")));
      byte[] signature;
      if (tcId == 8) {
        BigInteger d = new BigInteger(1, Base64Url.decode(string(privateJwk, "d")));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(n, d));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        signature = signer.sign();
      } else {
        signature = pkcs1Sha256Encoding(signingInput, (n.bitLength() + 7) / 8);
      }
      String remade = signingInput + "." + b64(signature);
      String keySet = VectorFiles.jwkSet(List.of(VectorFiles.publicOnly(privateJwk)));
      VerificationResult result = verifier(JwkSet.parse(keySet)).validate(remade);
      assertThat(result.errorCode()).as("WK:%d re-made with a payload", tcId).contains(INVALID_KEY);
      VectorFiles.assertNoSecrets(result.rejection().orElseThrow().getMessage(), remade, keySet);
    }
  }

  /**
   * JWE is never processed (CVE-2023-51774: a JWE accepted where a JWS was expected). The JWE
   * groups are skipped as Wycheproof vectors (their labels are about decryption), but every JWE
   * string must still be refused by the JWS verifier: the five-part ones as MALFORMED, the
   * three-part leftovers (a part removed) as MALFORMED or, when the header still decodes,
   * ALGORITHM_NOT_ALLOWED (A256KW, ECDH-ES+A128KW are not signature algorithms).
   */
  @Test
  void jsonWebCrypto_jweStrings_areNeverAccepted() {
    Map<String, Object> file = VectorFiles.load(DIR + JWC_FILE);
    int seen = 0;
    for (Map<String, Object> group : groups(file)) {
      if (!JWC_SKIPPED_GROUPS.containsKey(group.get("comment"))) {
        continue;
      }
      String keySet = keySetOf(group);
      JwtVerifier verifier = verifier(JwkSet.parse(keySet));
      for (Map<String, Object> test : tests(group)) {
        Object jwe = test.get("jwe");
        String token = jwe instanceof String ? (String) jwe : toJson(map(jwe));
        VerificationResult result = verifier.validate(token);
        long dots = token.chars().filter(c -> c == '.').count();
        if (dots == 4 || !(jwe instanceof String)) {
          assertThat(result.errorCode()).as("JWC:%s", test.get("tcId")).contains(MALFORMED);
        } else {
          assertThat(result.errorCode().orElseThrow())
              .as("JWC:%s", test.get("tcId"))
              .isIn(MALFORMED, ALGORITHM_NOT_ALLOWED);
        }
        seen++;
      }
    }
    assertThat(seen).isEqualTo(34);
  }

  // ------------------------------------------------------------------ helpers

  private static Map<Integer, Map<String, Object>> byTcId(String fileName) {
    Map<Integer, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> group : groups(VectorFiles.load(DIR + fileName))) {
      for (Map<String, Object> test : tests(group)) {
        out.put(integer(test, "tcId"), test);
      }
    }
    return out;
  }

  private static Map<String, Object> keyOf(String fileName, int tcId) {
    return map(groupOf(fileName, tcId).get("public"));
  }

  private static Map<String, Object> privateKeyOf(String fileName, int tcId) {
    return objects(map(groupOf(fileName, tcId).get("private")).get("keys")).get(0);
  }

  private static Map<String, Object> groupOf(String fileName, int tcId) {
    for (Map<String, Object> group : groups(VectorFiles.load(DIR + fileName))) {
      for (Map<String, Object> test : tests(group)) {
        if (integer(test, "tcId") == tcId) {
          return group;
        }
      }
    }
    throw new IllegalStateException("no tcId " + tcId + " in " + fileName);
  }

  private static String headerOf(String token) {
    return new String(
        Base64Url.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
  }

  /** RFC 8017 §9.2 EMSA-PKCS1-v1_5 encoding of SHA-256(input), k bytes long. */
  private static byte[] pkcs1Sha256Encoding(String input, int k) throws Exception {
    byte[] prefix = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.US_ASCII));
    byte[] em = new byte[k];
    em[1] = 0x01;
    int t = prefix.length + hash.length;
    for (int i = 2; i < k - t - 1; i++) {
      em[i] = (byte) 0xff;
    }
    System.arraycopy(prefix, 0, em, k - t, prefix.length);
    System.arraycopy(hash, 0, em, k - hash.length, hash.length);
    return em;
  }

  private static void put(Map<Integer, ErrorCode> m, ErrorCode code, int... tcIds) {
    for (int tcId : tcIds) {
      if (m.put(tcId, code) != null) {
        throw new IllegalStateException("tcId " + tcId + " listed twice");
      }
    }
  }

  private static void range(Map<Integer, ErrorCode> m, ErrorCode code, int from, int to) {
    for (int tcId = from; tcId <= to; tcId++) {
      put(m, code, tcId);
    }
  }

  private static void w(Map<String, ErrorCode> m, ErrorCode code, int... tcIds) {
    for (int tcId : tcIds) {
      m.put("W:" + tcId, code);
    }
  }

  private static void wk(Map<String, ErrorCode> m, ErrorCode code, int... tcIds) {
    for (int tcId : tcIds) {
      m.put("WK:" + tcId, code);
    }
  }

  private static Map<Integer, ErrorCode> mapOf(Object... pairs) {
    Map<Integer, ErrorCode> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((Integer) pairs[i], (ErrorCode) pairs[i + 1]);
    }
    return m;
  }
}
