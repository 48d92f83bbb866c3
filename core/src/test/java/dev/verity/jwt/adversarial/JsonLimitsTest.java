package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.Fixtures.parts;
import static dev.verity.jwt.adversarial.Fixtures.rs256;
import static dev.verity.jwt.adversarial.Fixtures.rsaVerifier;
import static dev.verity.jwt.adversarial.Fixtures.validClaimsJson;
import static dev.verity.jwt.adversarial.Fixtures.validClaimsJsonWith;
import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests {@code threat05_} and {@code threat20_} to {@code threat25_}: size limits (CVE-2025-30204,
 * CVE-2025-27144), strict JSON (RFC 7515 §10.12), duplicate members (RFC 7515 §4, RFC 7519 §4:
 * rejected, never last-wins) and the parser DoS limits (depth, number length). Every test that
 * could run away is bounded with a generous preemptive timeout; the assertion is about an order of
 * magnitude, not performance.
 */
class JsonLimitsTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
  private static final int DEFAULT_CAP = 16 * 1024;

  private final JwtVerifier verifier = rsaVerifier();

  /** Same keys and checks, with a cap large enough that the JSON limits are what gets hit. */
  private static JwtVerifier largeCapVerifier() {
    return Fixtures.base()
        .keys(KeySources.jwks(Fixtures.trustedJwks()))
        .maxTokenBytes(1 << 20)
        .build();
  }

  @Test
  void control_validHandBuiltToken_verifies() {
    assertAccepted(verifier, rs256(HEADER, validClaimsJson()));
    assertAccepted(largeCapVerifier(), rs256(HEADER, validClaimsJson()));
  }

  // 5. Size before anything else.

  @Test
  void threat05_millionDots_tokenTooLarge() {
    String dots = ".".repeat(1 << 20);

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(verifier, dots, ErrorCode.TOKEN_TOO_LARGE));
  }

  @ParameterizedTest(name = "1 MiB of ''{0}''")
  @ValueSource(strings = {"A", "{", "[", "\"", " "})
  void threat05_megabyteOfOneCharacter_tokenTooLarge(String c) {
    String input = c.repeat(1 << 20);

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(verifier, input, ErrorCode.TOKEN_TOO_LARGE));
  }

  @Test
  void threat05_validTokenExactlyAtCap_verifies() {
    // The limit is inclusive: exactly the maximum is accepted (docs/security-model.md, "Size").
    String token = signedTokenOfLength(DEFAULT_CAP);
    assertThat(token).hasSize(DEFAULT_CAP);

    assertAccepted(verifier, token);
  }

  @Test
  void threat05_validTokenOneByteOverCap_tokenTooLarge() {
    String token = signedTokenOfLength(DEFAULT_CAP + 1);
    assertThat(token).hasSize(DEFAULT_CAP + 1);

    assertRejected(verifier, token, ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void threat05_multiByteCharactersOverCapInBytes_tokenTooLarge() {
    // 6,000 chars but 18,000 UTF-8 bytes: the cap counts bytes (docs/security-model.md, "Size").
    String input = "\u20ac".repeat(6000);
    assertThat(input.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(DEFAULT_CAP);

    assertRejected(verifier, input, ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void threat05_asciiAtCapPlusOneTwoByteCharacter_tokenTooLarge() {
    // 16,384 chars but 16,385 bytes: over the cap in bytes, so TOKEN_TOO_LARGE comes first.
    String input = "A".repeat(DEFAULT_CAP - 1) + "\u00e9";
    assertThat(input).hasSize(DEFAULT_CAP);

    assertRejected(verifier, input, ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void threat05_supplementaryCharactersJustOverCapInBytes_tokenTooLarge() {
    // 4,097 four-byte characters: 8,194 chars, 16,388 bytes.
    String input = "\ud83d\ude00".repeat(4097);

    assertRejected(verifier, input, ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void threat05_supplementaryCharactersExactlyAtCapInBytes_malformedNotTooLarge() {
    // 4,096 four-byte characters are exactly 16,384 bytes: within the cap, then not base64url.
    String input = "\ud83d\ude00".repeat(4096);
    assertThat(input.getBytes(StandardCharsets.UTF_8)).hasSize(DEFAULT_CAP);

    assertRejected(verifier, input, ErrorCode.MALFORMED);
  }

  @Test
  void threat05_customCapOneByteOver_tokenTooLarge() {
    String token = Fixtures.validRsaToken();
    JwtVerifier tight =
        Fixtures.base()
            .keys(KeySources.jwks(Fixtures.trustedJwks()))
            .maxTokenBytes(token.length() - 1)
            .build();

    assertRejected(tight, token, ErrorCode.TOKEN_TOO_LARGE);
  }

  // 20. Only strict RFC 8259 JSON; jackson's lenient features stay off.

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"alg\":\"RS256\",/* comment */\"kid\":\"k1\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"}// comment",
        "{\"alg\":\"RS256\",\"kid\":\"k1\"# comment\n}",
        "{'alg':'RS256','kid':'k1'}",
        "{\"alg\":'RS256',\"kid\":\"k1\"}",
        "{alg:\"RS256\",\"kid\":\"k1\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":[1,]}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":NaN}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":Infinity}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":-Infinity}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":01}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":+1}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":0x10}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":.5}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"a\tb\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"a\nb\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"a\u0001b\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k\u001f1\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"\\x41\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"\\u00\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":True}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":undefined}",
        "{\"alg\":\"RS256\" \"kid\":\"k1\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\""
      })
  void threat20_lenientJsonInHeader_malformed(String header) {
    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"x\":1/* comment */",
        "\"x\":1// comment\n",
        "'x':1",
        "\"x\":'y'",
        "x:1",
        "\"x\":1,",
        "\"x\":[1,]",
        "\"x\":NaN",
        "\"x\":Infinity",
        "\"x\":-Infinity",
        "\"x\":01",
        "\"x\":+1",
        "\"x\":\"a\tb\"",
        "\"x\":\"a\u0001b\"",
        "\"x\":\"\\x41\"",
        "\"x\":undefined"
      })
  void threat20_lenientJsonInClaims_malformed(String member) {
    assertRejected(verifier, rs256(HEADER, validClaimsJsonWith(member)), ErrorCode.MALFORMED);
  }

  // 21-23. Duplicate member names are rejected, never "last one wins" (RFC 7515 §4, RFC 7519 §4).

  @Test
  void threat21_duplicateAlgNoneThenRs256_malformed() {
    // A last-wins parser sees RS256 and a genuine signature: it would accept.
    String header = "{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"k1\"}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @Test
  void threat21_duplicateAlgRs256ThenNone_malformed() {
    // A first-wins parser sees RS256 and a genuine signature: it would accept.
    String header = "{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"k1\"}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"alg\":\"RS256\",\"alg\":\"RS256\",\"kid\":\"k1\"}",
        "{\"alg\":\"RS256\",\"kid\":\"other\",\"kid\":\"k1\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\",\"typ\":\"at+jwt\"}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":1,\"x\":1}",
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":{\"a\":1,\"a\":2}}"
      })
  void threat21_otherDuplicateHeaderMembers_malformed(String header) {
    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @Test
  void threat22_duplicateSub_malformed() {
    String claims =
        validClaimsJson().replace("\"sub\":\"alice\"", "\"sub\":\"u\",\"sub\":\"admin\"");
    assertThat(claims).contains("\"sub\":\"admin\"");

    assertRejected(verifier, rs256(HEADER, claims), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"exp\":1",
        "\"iss\":\"https://evil.example.com\"",
        "\"aud\":\"other-api\"",
        "\"x\":1,\"x\":2",
        "\"x\":{\"a\":1,\"a\":2}"
      })
  void threat22_otherDuplicateClaims_malformed(String duplicate) {
    assertRejected(verifier, rs256(HEADER, validClaimsJsonWith(duplicate)), ErrorCode.MALFORMED);
  }

  @Test
  void threat23_escapedDuplicateAlg_malformed() {
    // "\u0061lg" is "alg" once unescaped.
    String header = "{\"alg\":\"RS256\",\"\\u0061lg\":\"HS256\",\"kid\":\"k1\"}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @Test
  void threat23_escapedDuplicateSub_malformed() {
    String claims = validClaimsJsonWith("\"\\u0073ub\":\"admin\"");

    assertRejected(verifier, rs256(HEADER, claims), ErrorCode.MALFORMED);
  }

  // 24. Deep nesting: a depth limit, never a StackOverflowError (CVE-2025-53864, CVE-2023-1370).

  @Test
  void threat24_claimNestedTenThousandArraysDeep_malformed() {
    String claims = validClaimsJsonWith("\"x\":" + "[".repeat(10_000) + "]".repeat(10_000));
    String token = rs256(HEADER, claims);

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat24_claimNestedTenThousandObjectsDeep_malformed() {
    String claims =
        validClaimsJsonWith("\"x\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
    String token = rs256(HEADER, claims);

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat24_unclosedTenThousandArraysInClaims_malformed() {
    String claims = validClaimsJsonWith("\"x\":" + "[".repeat(10_000));
    String token = rs256(HEADER, claims);

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat24_headerNestedTenThousandDeep_malformed() {
    String header =
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    String token = rs256(header, validClaimsJson());

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat24_headerNestedFiveThousandDeepWithinDefaultCap_malformed() {
    String header =
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    String token = rs256(header, validClaimsJson());
    assertThat(token.length()).isLessThanOrEqualTo(DEFAULT_CAP);

    assertTimeoutPreemptively(BOUND, () -> assertRejected(verifier, token, ErrorCode.MALFORMED));
  }

  @Test
  void threat24_deeplyNestedClaimWithForgedSignature_badSignature() {
    // Claims are parsed only after the signature verifies; a forgery never reaches the parser.
    String[] p = parts(rs256(HEADER, validClaimsJson()));
    String deep = validClaimsJsonWith("\"x\":" + "[".repeat(10_000) + "]".repeat(10_000));
    String forged = p[0] + "." + Tokens.b64(deep) + "." + p[2];

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), forged, ErrorCode.BAD_SIGNATURE));
  }

  // 25. Huge numbers: rejected by length or range, in bounded time.

  @Test
  void threat25_hundredThousandDigitExp_malformed() {
    String token = rs256(HEADER, claimsWithExp("9".repeat(100_000)));

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat25_hundredThousandDigitCustomClaim_malformed() {
    String token = rs256(HEADER, validClaimsJsonWith("\"n\":" + "1".repeat(100_000)));

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat25_hundredThousandDigitFractionInExp_malformed() {
    String token =
        rs256(
            HEADER,
            claimsWithExp((Fixtures.NOW.getEpochSecond() + 300) + "." + "5".repeat(100_000)));

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @Test
  void threat25_hundredThousandDigitHeaderMember_malformed() {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"n\":" + "1".repeat(100_000) + "}";
    String token = rs256(header, validClaimsJson());

    assertTimeoutPreemptively(
        BOUND, () -> assertRejected(largeCapVerifier(), token, ErrorCode.MALFORMED));
  }

  @ParameterizedTest(name = "exp {0}")
  @ValueSource(strings = {"1e1000000", "1E+1000000", "-1e1000000", "1.7e308", "1e400"})
  void threat25_hugeExponentExp_malformed(String exp) {
    String token = rs256(HEADER, claimsWithExp(exp));

    assertTimeoutPreemptively(BOUND, () -> assertRejected(verifier, token, ErrorCode.MALFORMED));
  }

  @Test
  void threat25_hugeExponentCustomClaim_malformed() {
    // Any claim, not only a NumericDate: 1e1000000 is MALFORMED because the header and claims
    // allow only numbers finite as a double (docs/security-model.md), and a caller's
    // numberClaim("n").longValue() would expand it.
    String token = rs256(HEADER, validClaimsJsonWith("\"n\":1e1000000"));

    assertTimeoutPreemptively(BOUND, () -> assertRejected(verifier, token, ErrorCode.MALFORMED));
  }

  @Test
  void threat25_hugeExponentHeaderMember_malformed() {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"n\":1e1000000}";
    String token = rs256(header, validClaimsJson());

    assertTimeoutPreemptively(BOUND, () -> assertRejected(verifier, token, ErrorCode.MALFORMED));
  }

  @Test
  void threat25_hugeNegativeExponentExp_rejectedInBoundedTime() {
    // 1e-10000000 is finite and inside [0, 253402300799], so by Verity's NumericDate range it is
    // a date just after 1970 (EXPIRED); refusing its absurd precision as MALFORMED is also
    // defensible.
    // Either way the answer must come in bounded time: BigDecimal.setScale on it costs seconds.
    String token = rs256(HEADER, claimsWithExp("1e-10000000"));

    VerificationResult result = assertTimeoutPreemptively(BOUND, () -> verifier.validate(token));

    assertThat(result.errorCode().orElseThrow()).isIn(ErrorCode.EXPIRED, ErrorCode.MALFORMED);
  }

  // Helpers.

  private static String claimsWithExp(String expLiteral) {
    String claims = validClaimsJson();
    String exp = "\"exp\":" + (Fixtures.NOW.getEpochSecond() + 300);
    assertThat(claims).contains(exp);
    return claims.replace(exp, "\"exp\":" + expLiteral);
  }

  /**
   * A genuinely signed RS256 token of exactly {@code length} characters, padded with a {@code pad}
   * claim and, where base64url lengths cannot hit the target, a {@code pad} header member.
   */
  private static String signedTokenOfLength(int length) {
    int signatureLength = 342; // 256 bytes
    for (int headerPad = 0; headerPad < 4; headerPad++) {
      String header =
          headerPad == 0
              ? HEADER
              : "{\"alg\":\"RS256\",\"kid\":\"k1\",\"p\":\"" + "h".repeat(headerPad) + "\"}";
      int headerLength = b64Length(header.length());
      int payloadTarget = length - headerLength - 2 - signatureLength;
      String base = validClaimsJsonWith("\"pad\":\"\"");
      for (int pad = 0; pad < payloadTarget; pad++) {
        if (b64Length(base.length() + pad) == payloadTarget) {
          String claims = validClaimsJsonWith("\"pad\":\"" + "x".repeat(pad) + "\"");
          return rs256(header, claims);
        }
      }
    }
    throw new IllegalStateException("no padding reaches " + length);
  }

  private static int b64Length(int bytes) {
    return (bytes * 4 + 2) / 3;
  }
}
