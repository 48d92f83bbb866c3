package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.Fixtures.RSA;
import static dev.verity.jwt.adversarial.Fixtures.parts;
import static dev.verity.jwt.adversarial.Fixtures.rs256;
import static dev.verity.jwt.adversarial.Fixtures.rsaVerifier;
import static dev.verity.jwt.adversarial.Fixtures.utf8;
import static dev.verity.jwt.adversarial.Fixtures.validClaimsJson;
import static dev.verity.jwt.adversarial.Fixtures.validRsaToken;
import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.testsupport.Tokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests {@code threat01_} to {@code threat04_}, {@code threat06_} to {@code threat19_}, {@code
 * threat26_} and {@code threat27_}: inputs that are not a compact JWS (RFC 7515 §7.1), or whose
 * parts are not strict base64url (RFC 7515 §2 and App. C, RFC 4648 §3.5) of UTF-8 JSON objects (RFC
 * 7515 §5.2, RFC 7519 §7.2). Wherever it matters, the rest of the token is genuinely signed, so a
 * lenient parser that repaired the input would accept it and the test would fail.
 */
class MalformedSerializationTest {
  private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
  private static final String TOKEN = validRsaToken();

  private final JwtVerifier verifier = rsaVerifier();

  @Test
  void control_validToken_verifies() {
    assertThat(assertAccepted(verifier, TOKEN).subject()).contains("alice");
    assertThat(assertAccepted(verifier, rs256(HEADER, validClaimsJson())).subject())
        .contains("alice");
  }

  // 1. Empty input.

  @Test
  void threat01_emptyString_malformed() {
    assertRejected(verifier, "", ErrorCode.MALFORMED);
  }

  @Test
  void threat01_nullToken_malformed() {
    assertRejected(verifier, null, ErrorCode.MALFORMED);
  }

  // 2-4. Segment count.

  @Test
  void threat02_noDot_malformed() {
    assertRejected(verifier, "abc", ErrorCode.MALFORMED);
    assertRejected(verifier, parts(TOKEN)[0], ErrorCode.MALFORMED);
  }

  @Test
  void threat03_oneDot_malformed() {
    assertRejected(verifier, "h.p", ErrorCode.MALFORMED);
  }

  @Test
  void threat04_fourSegments_malformed() {
    assertRejected(verifier, "h.p.s.x", ErrorCode.MALFORMED);
    assertRejected(verifier, TOKEN + ".eyJ4IjoxfQ", ErrorCode.MALFORMED);
    assertRejected(verifier, TOKEN + ".", ErrorCode.MALFORMED);
  }

  @Test
  void threat04_fiveSegmentJwe_malformed() {
    // The shape of RFC 7516 Appendix A.1: header.encryptedKey.iv.ciphertext.tag.
    String jwe =
        String.join(
            ".",
            Tokens.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}"),
            Tokens.b64(new byte[256]),
            Tokens.b64(new byte[12]),
            Tokens.b64("ciphertext of the claims"),
            Tokens.b64(new byte[16]));

    assertRejected(verifier, jwe, ErrorCode.MALFORMED);
  }

  @Test
  void threat04_pbes2JweWithHugeIterationCount_malformedWithoutKeyDerivation() {
    // p2c = 2^31: a verifier that ran PBKDF2 on this would burn minutes of CPU (CVE-2023-52428).
    String header =
        "{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256CBC-HS512\","
            + "\"p2s\":\"8Q1SzinasR3xchYz6ZZcHA\",\"p2c\":2147483648}";
    String jwe =
        String.join(
            ".",
            Tokens.b64(header),
            Tokens.b64(new byte[40]),
            Tokens.b64(new byte[16]),
            Tokens.b64(new byte[64]),
            Tokens.b64(new byte[32]));

    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertRejected(verifier, jwe, ErrorCode.MALFORMED));
  }

  // 6-9. Empty or missing parts.

  @Test
  void threat06_emptyHeader_malformed() {
    String[] p = parts(TOKEN);

    assertRejected(verifier, "." + p[1] + "." + p[2], ErrorCode.MALFORMED);
  }

  @Test
  void threat07_detachedPayload_malformed() {
    // RFC 7515 Appendix F / RFC 7520 §4.5: the signature is genuine over the full signing input,
    // then the payload is detached. A JWT always carries its claims.
    String header = Tokens.b64(HEADER);
    String payload = Tokens.b64(validClaimsJson());
    String detached = header + ".." + Fixtures.rs256SignatureOver(header + "." + payload);

    assertRejected(verifier, detached, ErrorCode.MALFORMED);
  }

  @Test
  void threat08_emptySignatureRs256_badSignature() {
    String[] p = parts(TOKEN);

    assertRejected(verifier, p[0] + "." + p[1] + ".", ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat08_emptySignatureHs256_badSignature() {
    String[] p = parts(Fixtures.claimsOnly().signHmac("HS256", Fixtures.HMAC_SECRET));

    assertRejected(Fixtures.hmacVerifier(), p[0] + "." + p[1] + ".", ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat08_emptySignatureEs256_badSignature() {
    String[] p = parts(Fixtures.claimsOnly().kid("e1").sign("ES256", Fixtures.EC256.getPrivate()));

    assertRejected(Fixtures.ecVerifier(), p[0] + "." + p[1] + ".", ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat09_signatureAndDotRemoved_malformed() {
    String[] p = parts(TOKEN);

    assertRejected(verifier, p[0] + "." + p[1], ErrorCode.MALFORMED);
  }

  // 10-15. Strict, canonical base64url.

  @ParameterizedTest(name = "segment {0}")
  @ValueSource(ints = {0, 1, 2})
  void threat10_paddingInSegment_malformed(int segment) {
    String[] p = parts(tokenWhoseSegmentsAllNeedPadding());
    String padded =
        Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(p[segment]));
    assertThat(padded).as("precondition: the padded form differs").endsWith("=");
    p[segment] = padded;

    assertRejected(verifier, String.join(".", p), ErrorCode.MALFORMED);
  }

  @Test
  void threat11_plusFromStandardAlphabet_malformed() {
    String token = deterministicHs256TokenContaining('-');

    assertRejected(Fixtures.hmacVerifier(), token.replace('-', '+'), ErrorCode.MALFORMED);
  }

  @Test
  void threat11_slashFromStandardAlphabet_malformed() {
    String token = deterministicHs256TokenContaining('_');

    assertRejected(Fixtures.hmacVerifier(), token.replace('_', '/'), ErrorCode.MALFORMED);
  }

  static Stream<String> whitespaceVariants() {
    String[] p = parts(TOKEN);
    int mid = p[1].length() / 2;
    String payloadWith = p[0] + "." + p[1].substring(0, mid) + "%s" + p[1].substring(mid);
    return Stream.of(
        " " + TOKEN,
        TOKEN + " ",
        "\t" + TOKEN,
        TOKEN + "\t",
        TOKEN + "\n",
        TOKEN + "\r\n",
        "\r" + TOKEN,
        "\ufeff" + TOKEN, // byte-order mark
        TOKEN + "\u00a0", // no-break space
        TOKEN + "\u2028", // line separator
        "\u000b" + TOKEN, // vertical tab
        TOKEN + "\f",
        String.format(payloadWith, " ") + "." + p[2],
        String.format(payloadWith, "\t") + "." + p[2],
        String.format(payloadWith, "\r") + "." + p[2],
        String.format(payloadWith, "\n") + "." + p[2],
        p[0] + ". " + p[1] + "." + p[2],
        p[0] + "." + p[1] + "\n." + p[2],
        p[0] + "." + p[1] + "." + p[2].substring(0, 64) + "\r\n" + p[2].substring(64));
  }

  @ParameterizedTest
  @MethodSource("whitespaceVariants")
  void threat12_whitespaceAroundOrInside_malformed(String token) {
    assertRejected(verifier, token, ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"?", "#", "!", "\\", "$", "%", "@", "*", "~", "\u00e9", "\u0000"})
  void threat13_foreignCharacterInSignature_malformed(String character) {
    // CVE-2022-25898: jsrsasign skipped such characters and verified what was left.
    String[] p = parts(TOKEN);
    String signature = p[2].substring(0, 100) + character + p[2].substring(100);

    assertRejected(verifier, p[0] + "." + p[1] + "." + signature, ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"?", "#", "!", "\\"})
  void threat13_foreignCharacterInHeaderAndPayload_malformed(String character) {
    String[] p = parts(TOKEN);

    assertRejected(verifier, p[0] + character + "." + p[1] + "." + p[2], ErrorCode.MALFORMED);
    assertRejected(verifier, p[0] + "." + character + p[1] + "." + p[2], ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "segment {0}")
  @ValueSource(ints = {0, 1, 2})
  void threat14_segmentLengthOneModFour_malformed(int segment) {
    String[] p = parts(TOKEN);
    int missing = Math.floorMod(1 - p[segment].length(), 4);
    p[segment] = p[segment] + "A".repeat(missing);
    assertThat(p[segment].length() % 4).as("precondition").isEqualTo(1);

    assertRejected(verifier, String.join(".", p), ErrorCode.MALFORMED);
  }

  @Test
  void threat15_payloadWithNonZeroUnusedBits_malformed() {
    // W:374-375: "AB" carries four unused bits set to 0001; only "AA" is canonical for 0x00.
    String[] p = parts(TOKEN);

    assertRejected(verifier, p[0] + ".AB." + p[2], ErrorCode.MALFORMED);
  }

  @Test
  void threat15_signatureWithNonZeroUnusedBits_malformed() {
    // A lenient decoder maps both spellings to the same bytes and would accept this genuine
    // signature; a canonical decoder refuses it (RFC 4648 §3.5).
    String[] p = parts(TOKEN);
    assertThat(p[2].length() % 4).as("precondition: 256 bytes leave unused bits").isEqualTo(2);
    p[2] = withLowestUnusedBitSet(p[2]);
    assertThat(Base64.getUrlDecoder().decode(p[2]))
        .as("precondition: a lenient decoder still yields the genuine signature")
        .isEqualTo(Base64.getUrlDecoder().decode(parts(TOKEN)[2]));

    assertRejected(verifier, String.join(".", p), ErrorCode.MALFORMED);
  }

  @Test
  void threat15_headerWithNonZeroUnusedBits_malformed() {
    String header = Tokens.b64(HEADER);
    assertThat(header.length() % 4).as("precondition").isIn(2, 3);
    String token = rs256(HEADER, validClaimsJson());
    String[] p = parts(token);
    p[0] = withLowestUnusedBitSet(p[0]);

    assertRejected(verifier, String.join(".", p), ErrorCode.MALFORMED);
  }

  // 16-19. The header must be UTF-8 JSON text holding exactly one object.

  static Stream<byte[]> nonUtf8Headers() {
    return Stream.of(
        concat(utf8("{\"alg\":\"RS256\",\"kid\":\""), new byte[] {(byte) 0xC3, 0x28}, utf8("\"}")),
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(HEADER)),
        HEADER.getBytes(StandardCharsets.UTF_16BE),
        HEADER.getBytes(StandardCharsets.UTF_16LE),
        HEADER.getBytes(StandardCharsets.UTF_16), // with a byte-order mark
        concat(
            utf8("{\"alg\":\"RS256\",\"kid\":\""),
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            utf8("\"}")),
        concat(
            utf8("{\"alg\":\"RS256\",\"kid\":\""),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            utf8("\"}")),
        concat(utf8("{\"alg\":\"RS256\",\"kid\":\""), new byte[] {(byte) 0xFF}, utf8("\"}")));
  }

  @ParameterizedTest
  @MethodSource("nonUtf8Headers")
  void threat16_headerNotUtf8_malformed(byte[] header) {
    assertRejected(verifier, rs256(header, utf8(validClaimsJson())), ErrorCode.MALFORMED);
  }

  static Stream<byte[]> nonUtf8Claims() {
    String claims = validClaimsJson();
    String open = claims.substring(0, claims.length() - 1) + ",\"name\":\"";
    return Stream.of(
        concat(utf8(open), new byte[] {(byte) 0xC3, 0x28}, utf8("\"}")),
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(claims)),
        claims.getBytes(StandardCharsets.UTF_16BE),
        claims.getBytes(StandardCharsets.UTF_16LE),
        concat(utf8(open), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")));
  }

  @ParameterizedTest
  @MethodSource("nonUtf8Claims")
  void threat16_claimsNotUtf8_malformed(byte[] claims) {
    assertRejected(verifier, rs256(utf8(HEADER), claims), ErrorCode.MALFORMED);
  }

  @Test
  void threat17_headerNotJson_malformed() {
    assertRejected(verifier, rs256("hello", validClaimsJson()), ErrorCode.MALFORMED);
    assertRejected(verifier, rs256("alg=RS256", validClaimsJson()), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"[]", "\"x\"", "1", "null", "true", "[{\"alg\":\"RS256\",\"kid\":\"k1\"}]", "{}"})
  void threat18_headerNotAnObjectWithAlg_malformed(String header) {
    // "{}" is an object without the required "alg" (RFC 7515 §4.1.1); the others are not objects.
    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}ABCD",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}{}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}{\"alg\":\"none\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}]",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}0"
      })
  void threat19_headerWithTrailingContent_malformed(String header) {
    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ABCD", "{}", "{\"sub\":\"admin\"}", "]", "null"})
  void threat19_claimsWithTrailingContent_malformed(String trailer) {
    assertRejected(verifier, rs256(HEADER, validClaimsJson() + trailer), ErrorCode.MALFORMED);
  }

  // 26. A genuinely signed payload that is not a claims set (RFC 7519 §7.2 step 10).

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"Payload", "[]", "\"x\"", "1", "null", "true", "It\u2019s a dangerous business"})
  void threat26_payloadNotJsonObject_malformedAfterSignature(String payload) {
    // RFC 7515 A.4 signs "Payload"; RFC 7520 §4.1 signs prose. The JWS is valid, the JWT is not.
    String token = Tokens.token().kid("k1").rawPayload(payload).sign("RS256", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.MALFORMED);
  }

  @Test
  void threat26_payloadNotJsonObjectWithForgedSignature_badSignatureFirst() {
    // The claims are judged only after the signature: a forgery is BAD_SIGNATURE, not MALFORMED.
    String[] p =
        parts(Tokens.token().kid("k1").rawPayload("Payload").sign("RS256", RSA.getPrivate()));
    String forged = p[0] + "." + Tokens.b64("Forged payload") + "." + p[2];

    assertRejected(verifier, forged, ErrorCode.BAD_SIGNATURE);
  }

  // 27. JSON serializations (RFC 7515 §7.2, RFC 7520 §4.6-4.8, CVE-2022-39227).

  static Stream<String> jsonSerializations() {
    String[] p = parts(TOKEN);
    String flattened =
        "{\"payload\":\""
            + p[1]
            + "\",\"protected\":\""
            + p[0]
            + "\",\"signature\":\""
            + p[2]
            + "\"}";
    String general =
        "{\"payload\":\""
            + p[1]
            + "\",\"signatures\":[{\"protected\":\""
            + p[0]
            + "\",\"signature\":\""
            + p[2]
            + "\"}]}";
    String unprotectedAlg =
        "{\"payload\":\""
            + p[1]
            + "\",\"header\":{\"alg\":\"RS256\",\"kid\":\"k1\"},\"signature\":\""
            + p[2]
            + "\"}";
    // python-jwt (CVE-2022-39227): the compact view and the JSON view of one input disagree.
    String mixed =
        "{\""
            + p[0]
            + "."
            + Tokens.b64("{\"sub\":\"admin\"}")
            + ".\":\"\",\"protected\":\""
            + p[0]
            + "\",\"payload\":\""
            + p[1]
            + "\",\"signature\":\""
            + p[2]
            + "\"}";
    return Stream.of(flattened, general, unprotectedAlg, mixed, " " + flattened);
  }

  @ParameterizedTest
  @MethodSource("jsonSerializations")
  void threat27_jsonSerialization_malformed(String token) {
    assertRejected(verifier, token, ErrorCode.MALFORMED);
  }

  // Helpers.

  /** A token whose header (26 bytes), payload and signature (256 bytes) all need padding. */
  private static String tokenWhoseSegmentsAllNeedPadding() {
    for (String filler : List.of("", "x", "xx")) {
      String claims = Fixtures.validClaimsJsonWith("\"f\":\"" + filler + "\"");
      if (utf8(claims).length % 3 != 0) {
        return rs256(HEADER, claims);
      }
    }
    throw new IllegalStateException("unreachable: one of three lengths is not a multiple of 3");
  }

  /**
   * An HS256 token (fixed secret, so the same bytes on every run) that contains {@code c}; a
   * lenient decoder accepting the standard alphabet too would still verify its translation.
   */
  private static String deterministicHs256TokenContaining(char c) {
    for (int n = 0; n < 1000; n++) {
      String token = Fixtures.claimsOnly().claim("n", n).signHmac("HS256", Fixtures.HMAC_SECRET);
      if (token.indexOf(c) >= 0) {
        assertAccepted(Fixtures.hmacVerifier(), token);
        return token;
      }
    }
    throw new IllegalStateException("no token with '" + c + "' found");
  }

  /** Sets the lowest unused bit of the last character of an unpadded base64url segment. */
  private static String withLowestUnusedBitSet(String segment) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = segment.charAt(segment.length() - 1);
    int value = alphabet.indexOf(last);
    assertThat(value & 1).as("precondition: the unused bits are zero").isZero();
    return segment.substring(0, segment.length() - 1) + alphabet.charAt(value | 1);
  }

  private static byte[] concat(byte[]... arrays) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] array : arrays) {
      out.writeBytes(array);
    }
    return out.toByteArray();
  }
}
