package dev.verity.jwt.cli;

import static dev.verity.jwt.testsupport.Tokens.AUDIENCE;
import static dev.verity.jwt.testsupport.Tokens.ISSUER;
import static dev.verity.jwt.testsupport.Tokens.NOW;
import static dev.verity.jwt.testsupport.Tokens.claims;
import static dev.verity.jwt.testsupport.Tokens.claimsWith;
import static dev.verity.jwt.testsupport.Tokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.cli.internal.Streams;
import dev.verity.jwt.cli.testing.Cli;
import dev.verity.jwt.cli.testing.Cli.Result;
import dev.verity.jwt.testsupport.Tokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verity verify} in-process: option mapping onto the core builder, output, exit codes. */
class VerifyCommandTest {
  private static final String KID = "k1";

  @TempDir static Path dir;
  private static Path jwks;

  @BeforeAll
  static void writeJwks() throws IOException {
    jwks = Files.writeString(dir.resolve("jwks.json"), Tokens.jwks(Tokens.rsa(), KID));
  }

  /** Key source, issuer, audience and clock pinned at NOW, then the extra arguments. */
  private static String[] verify(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "--jwks",
                jwks.toString(),
                "--issuer",
                ISSUER,
                "--audience",
                AUDIENCE,
                "--now",
                Long.toString(NOW)));
    args.addAll(Arrays.asList(extra));
    return args.toArray(String[]::new);
  }

  private static void assertRejected(Result result, String code) {
    assertThat(result.status()).as(result.err()).isEqualTo(Verity.INVALID);
    Map<String, Object> json = result.json();
    assertThat(json).containsEntry("valid", false);
    assertThat(Cli.object(json, "error")).containsEntry("code", code);
    assertThat(result.err()).isEmpty();
  }

  private static void assertValid(Result result) {
    assertThat(result.status()).as(result.out() + result.err()).isEqualTo(Verity.OK);
    assertThat(result.json()).containsEntry("valid", true);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void verify_validToken_printsHeaderAndClaimsAndExitsZero() {
    String token = rs256(KID, claims());

    Result result = Cli.run(verify(token));

    assertValid(result);
    Map<String, Object> json = result.json();
    assertThat(Cli.object(json, "header")).containsEntry("alg", "RS256").containsEntry("kid", KID);
    assertThat(Cli.object(json, "claims"))
        .containsEntry("iss", ISSUER)
        .containsEntry("sub", "alice")
        .containsEntry("exp", NOW + 3600);
    assertThat(result.out()).startsWith("{\"valid\":true,\"header\":{").endsWith("}}\n");
  }

  @Test
  void verify_validToken_claimsKeepTheirOrderAndLiteralValues() {
    String payload =
        "{\"iss\":\""
            + ISSUER
            + "\",\"aud\":\""
            + AUDIENCE
            + "\",\"exp\":"
            + (NOW + 10)
            + ".50,\"n\":1e3,\"z\":0.10,\"a\":[1,{\"b\":null}],\"t\":true}";
    String token = Tokens.sign("RS256", Tokens.rsa().getPrivate(), KID, payload);

    Result result = Cli.run(verify(token));

    assertValid(result);
    assertThat(result.out())
        .isEqualTo(
            "{\"valid\":true,\"header\":{\"alg\":\"RS256\",\"kid\":\"k1\"},\"claims\":"
                + payload
                + "}\n");
  }

  @Test
  void verify_expiredToken_printsExpiredWithoutTokenMaterialAndExitsOne() {
    String token = rs256(KID, claimsWith("exp", NOW - 61));

    Result result = Cli.run(verify(token));

    assertRejected(result, "EXPIRED");
    for (String segment : Tokens.segments(token)) {
      assertThat(result.out()).doesNotContain(segment);
    }
  }

  @Test
  void verify_tamperedSignature_rejectsWithBadSignature() {
    Result result = Cli.run(verify(Tokens.tamperSignature(rs256(KID, claims()))));

    assertRejected(result, "BAD_SIGNATURE");
  }

  @Test
  void verify_tokenSignedByAnotherKey_rejectsWithBadSignature() {
    String token = Tokens.sign("RS256", Tokens.newRsa().getPrivate(), KID, Tokens.json(claims()));

    assertRejected(Cli.run(verify(token)), "BAD_SIGNATURE");
  }

  @Test
  void verify_garbageArgument_rejectsWithMalformed() {
    assertRejected(Cli.run(verify("not.a.token!")), "MALFORMED");
  }

  @Test
  void verify_argumentWithSurroundingSpace_isNotStrippedAndMalformed() {
    String token = rs256(KID, claims());

    assertRejected(Cli.run(verify(" " + token)), "MALFORMED");
    assertRejected(Cli.run(verify(token + "\n")), "MALFORMED");
  }

  @Test
  void verify_nowBeforeExpiryPlusLeeway_acceptsAndAtItRejects() {
    String token = rs256(KID, claimsWith("exp", NOW + 100));

    assertValid(Cli.run(replaceNow(NOW + 159, token)));
    assertRejected(Cli.run(replaceNow(NOW + 160, token)), "EXPIRED");
  }

  @Test
  void verify_fractionalNow_comparedToTheNanosecond() {
    String token = rs256(KID, claimsWith("exp", NOW + 100));

    assertValid(Cli.run(replaceNowText(NOW + 159 + ".999999999", token)));
    assertRejected(Cli.run(replaceNowText(NOW + 160 + ".0", token)), "EXPIRED");
  }

  @Test
  void verify_leeway_mapsOntoTheTimeChecks() {
    String token = rs256(KID, claimsWith("exp", NOW));

    assertRejected(Cli.run(verify("--leeway", "0", token)), "EXPIRED");
    assertValid(Cli.run(verify("--leeway", "1", token)));
    String future = rs256(KID, claimsWith("nbf", NOW + 30));
    assertValid(Cli.run(verify("--leeway", "30", future)));
    assertRejected(Cli.run(verify("--leeway", "29", future)), "NOT_YET_VALID");
  }

  @Test
  void verify_maxAge_rejectsOldTokensAndRequiresIat() {
    String token = rs256(KID, claimsWith("iat", NOW - 160));

    assertValid(Cli.run(verify("--max-age", "100", token)));
    assertRejected(Cli.run(verify("--max-age", "99", token)), "EXPIRED");
    assertRejected(
        Cli.run(verify("--max-age", "100", rs256(KID, claimsWith("iat", null)))), "MISSING_CLAIM");
  }

  @Test
  void verify_repeatedIssuer_acceptsAnyOfThem() {
    String token = rs256(KID, claimsWith("iss", "https://b.example"));
    String[] args =
        new String[] {
          "verify",
          "--jwks",
          jwks.toString(),
          "--issuer",
          "https://a.example",
          "--issuer",
          "https://b.example",
          "--audience",
          AUDIENCE,
          "--now",
          Long.toString(NOW)
        };

    assertValid(Cli.run(append(args, token)));
    assertRejected(
        Cli.run(append(args, rs256(KID, claimsWith("iss", "https://b.example/")))),
        "ISSUER_MISMATCH");
  }

  @Test
  void verify_repeatedAudience_acceptsAnyOfThem() {
    String token = rs256(KID, claimsWith("aud", List.of("x", "billing")));

    assertValid(Cli.run(verify("--audience", "billing", token)));
    assertRejected(
        Cli.run(verify(rs256(KID, claimsWith("aud", List.of("x", "y"))))), "AUDIENCE_MISMATCH");
  }

  @Test
  void verify_anyIssuerAndAnyAudience_acceptTokenWithoutIssAndAud() {
    String token = rs256(KID, claimsWith("iss", null, "aud", null));
    String[] args = {
      "verify",
      "--jwks",
      jwks.toString(),
      "--any-issuer",
      "--any-audience",
      "--now",
      Long.toString(NOW),
      token
    };

    assertValid(Cli.run(args));
  }

  @Test
  void verify_clientIdWithTokenUseAccess_matchesClientIdClaim() {
    String[] args = clientIdArgs("--token-use", "access");
    String good = rs256(KID, claimsWith("aud", null, "token_use", "access", "client_id", "app1"));
    String other = rs256(KID, claimsWith("aud", null, "token_use", "access", "client_id", "app2"));
    String idToken = rs256(KID, claimsWith("aud", "app1", "token_use", "id"));

    assertValid(Cli.run(append(args, good)));
    assertRejected(Cli.run(append(args, other)), "INVALID_CLAIM");
    assertRejected(Cli.run(append(args, idToken)), "INVALID_CLAIM");
  }

  @Test
  void verify_clientIdWithTokenUseId_matchesAud() {
    String[] args = clientIdArgs("--token-use", "id");

    assertValid(Cli.run(append(args, rs256(KID, claimsWith("aud", "app1", "token_use", "id")))));
    assertRejected(
        Cli.run(append(args, rs256(KID, claimsWith("aud", "app2", "token_use", "id")))),
        "AUDIENCE_MISMATCH");
  }

  @Test
  void verify_clientIdWithoutTokenUse_matchesClientIdOrAud() {
    String[] args = clientIdArgs();

    assertValid(Cli.run(append(args, rs256(KID, claimsWith("aud", null, "client_id", "app1")))));
    assertValid(Cli.run(append(args, rs256(KID, claimsWith("aud", "app1")))));
    assertRejected(
        Cli.run(append(args, rs256(KID, claimsWith("aud", "app2")))), "AUDIENCE_MISMATCH");
  }

  @Test
  void verify_defaultAlgorithms_onlyRs256() {
    String rs384 = Tokens.sign("RS384", Tokens.rsa().getPrivate(), KID, Tokens.json(claims()));

    assertRejected(Cli.run(verify(rs384)), "ALGORITHM_NOT_ALLOWED");
    assertValid(Cli.run(verify("--alg", "RS384", rs384)));
    assertRejected(
        Cli.run(verify("--alg", "RS384", rs256(KID, claims()))), "ALGORITHM_NOT_ALLOWED");
    assertValid(Cli.run(verify("--alg", "RS384", "--alg", "RS256", rs256(KID, claims()))));
  }

  @Test
  void verify_typ_requiredAndComparedAsMediaType() {
    String plain = rs256(KID, claims());
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"application/AT+JWT\"}";
    String atJwt =
        Tokens.signWithRawHeader(header, Tokens.rsa().getPrivate(), Tokens.json(claims()));

    assertRejected(Cli.run(verify("--typ", "at+jwt", plain)), "TYPE_MISMATCH");
    assertValid(Cli.run(verify("--typ", "at+jwt", atJwt)));
  }

  @Test
  void verify_repeatedScope_requiresAll() {
    String token = rs256(KID, claimsWith("scope", "orders:read orders:write"));

    assertValid(Cli.run(verify("--scope", "orders:read", "--scope", "orders:write", token)));
    assertRejected(
        Cli.run(verify("--scope", "orders:read", "--scope", "admin", token)), "INSUFFICIENT_SCOPE");
  }

  @Test
  void verify_require_rejectsTokenWithoutTheClaim() {
    assertRejected(Cli.run(verify("--require", "email", rs256(KID, claims()))), "MISSING_CLAIM");
    assertValid(
        Cli.run(verify("--require", "email", rs256(KID, claimsWith("email", "a@example.com")))));
  }

  @Test
  void verify_maxTokenBytes_acceptsExactlyTheMaximum() {
    String token = rs256(KID, claims());
    String size = Integer.toString(token.length());
    String oneLess = Integer.toString(token.length() - 1);

    assertValid(Cli.run(verify("--max-token-bytes", size, token)));
    assertRejected(Cli.run(verify("--max-token-bytes", oneLess, token)), "TOKEN_TOO_LARGE");
  }

  @Test
  void verify_noTokenArgument_readsOneStrippedTokenFromStdin() {
    String token = rs256(KID, claims());

    assertValid(Cli.runWithInput("  \t" + token + " \r\n\n", verify()));
    assertValid(Cli.runWithInput(token, verify("-")));
  }

  @Test
  void verify_stdinWithTwoTokens_isOneMalformedToken() {
    String token = rs256(KID, claims());

    assertRejected(Cli.runWithInput(token + "\n" + token + "\n", verify()), "MALFORMED");
  }

  @Test
  void verify_emptyStdin_rejectsWithMalformed() {
    assertRejected(Cli.runWithInput("", verify()), "MALFORMED");
    assertRejected(Cli.runWithInput(" \r\n", verify()), "MALFORMED");
  }

  @Test
  void verify_batch_answersEveryLineInOrderAndExitsZero() {
    String valid = rs256(KID, claims());
    String expired = rs256(KID, claimsWith("exp", NOW - 3600));
    String input =
        valid
            + "\n"
            + expired
            + "\n\n"
            + valid
            + "\r\n"
            + " \t"
            + valid
            + "  \n"
            + Tokens.tamperSignature(valid)
            + "\n"
            + "x.y\n"
            + valid;

    Result result = Cli.runWithInput(input, verify("--batch"));

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).endsWith("\n");
    List<String> codes = result.lines().stream().map(VerifyCommandTest::outcome).toList();
    assertThat(codes)
        .containsExactly(
            "valid",
            "EXPIRED",
            "MALFORMED",
            "valid",
            "valid",
            "BAD_SIGNATURE",
            "MALFORMED",
            "valid");
  }

  @Test
  void verify_batchWithEmptyInput_printsNothingAndExitsZero() {
    Result result = Cli.runWithInput("", verify("--batch"));

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void verify_batchLineOverTheLimit_isTooLargeAndTheNextLineStillAnswered() {
    String valid = rs256(KID, claims());
    String huge = "a".repeat(100_000);

    Result result = Cli.runWithInput(huge + "\n" + valid + "\n", verify("--batch"));

    assertThat(result.lines().stream().map(VerifyCommandTest::outcome))
        .containsExactly("TOKEN_TOO_LARGE", "valid");
  }

  @Test
  void verify_batchLoneCarriageReturnInsideALine_isOneMalformedLine() {
    String valid = rs256(KID, claims());

    Result result = Cli.runWithInput(valid + "\r" + valid + "\n", verify("--batch"));

    assertThat(result.lines().stream().map(VerifyCommandTest::outcome))
        .containsExactly("MALFORMED");
  }

  @Test
  void verify_batchInvalidUtf8Line_isMalformedAndTheBatchGoesOn() {
    byte[] valid = rs256(KID, claims()).getBytes(StandardCharsets.US_ASCII);
    byte[] input = new byte[valid.length * 2 + 4];
    input[0] = (byte) 0xC3;
    input[1] = '\n';
    System.arraycopy(valid, 0, input, 2, valid.length);
    input[2 + valid.length] = '\n';
    System.arraycopy(valid, 0, input, 3 + valid.length, valid.length);
    input[input.length - 1] = '\n';

    Result result = Cli.runWithInput(input, verify("--batch"));

    assertThat(result.lines().stream().map(VerifyCommandTest::outcome))
        .containsExactly("MALFORMED", "valid", "valid");
  }

  @Test
  void verify_secretFile_verifiesHs256() throws IOException {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    Path file = Files.write(dir.resolve("secret-32"), secret);
    String token = Tokens.hmac("HS256", secret, claims());
    String[] args = {
      "verify",
      "--secret-file",
      file.toString(),
      "--alg",
      "HS256",
      "--issuer",
      ISSUER,
      "--audience",
      AUDIENCE,
      "--now",
      Long.toString(NOW)
    };

    assertValid(Cli.run(append(args, token)));
    assertRejected(Cli.run(append(args, Tokens.tamperSignature(token))), "BAD_SIGNATURE");
  }

  @Test
  void verify_secretLongEnoughForSomeAllowedHmac_startsAndRejectsTheOthersAsInvalidKey()
      throws IOException {
    byte[] secret = new byte[40];
    Arrays.fill(secret, (byte) 7);
    Path file = Files.write(dir.resolve("secret-40"), secret);
    String[] args = {
      "verify",
      "--secret-file",
      file.toString(),
      "--alg",
      "HS256",
      "--alg",
      "HS384",
      "--issuer",
      ISSUER,
      "--audience",
      AUDIENCE,
      "--now",
      Long.toString(NOW)
    };
    // jose4j refuses to sign HS384 with a 40-byte key, so build a token it signs with 48 bytes:
    // the check that fails is Verity's key length rule, before any signature is computed.
    byte[] longer = new byte[48];
    Arrays.fill(longer, (byte) 7);

    assertValid(Cli.run(append(args, Tokens.hmac("HS256", secret, claims()))));
    assertRejected(Cli.run(append(args, Tokens.hmac("HS384", longer, claims()))), "INVALID_KEY");
  }

  @Test
  void verify_rfc7515StyleHeaderWithCrLf_isPrintedOnOneLine() throws IOException {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 1);
    Path file = Files.write(dir.resolve("secret-a1"), secret);
    String header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
    String payload =
        "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
    String token = Tokens.signWithRawHeader(header, new org.jose4j.keys.HmacKey(secret), payload);
    assertThat(Tokens.segments(token)[0])
        .isEqualTo("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"); // RFC 7515 A.1's header bytes

    Result result =
        Cli.run(
            "verify",
            "--secret-file",
            file.toString(),
            "--alg",
            "HS256",
            "--issuer",
            "joe",
            "--any-audience",
            "--now",
            "1300819000",
            token);

    assertValid(result);
    assertThat(result.out())
        .isEqualTo(
            "{\"valid\":true,\"header\":{\"typ\":\"JWT\",\"alg\":\"HS256\"},"
                + "\"claims\":{\"iss\":\"joe\",\"exp\":1300819380,"
                + "\"http://example.com/is_root\":true}}\n");
  }

  @Test
  void verify_claimsWithLineBreakCharacters_stayOnOneEscapedLine() {
    String payload =
        "{\"iss\":\""
            + ISSUER
            + "\",\"aud\":\""
            + AUDIENCE
            + "\",\"exp\":"
            + (NOW + 10)
            + ",\"note\":\"a\\nb\\r\\u2028\\u0085\\\"\\\\ é 😀\"}";
    String token = Tokens.sign("RS256", Tokens.rsa().getPrivate(), KID, payload);

    Result result = Cli.run(verify(token));

    assertValid(result);
    assertThat(result.lines()).hasSize(1);
    assertThat(result.out().chars().filter(c -> c == '\n' || c == '\r' || c == 0x2028 || c == 0x85))
        .containsExactly((int) '\n');
    assertThat(Cli.object(result.json(), "claims"))
        .containsEntry("note", "a\nb\r\u2028\u0085\"\\ é 😀");
  }

  @Test
  void verify_atFileArgument_isTakenLiterallyNotExpanded() throws IOException {
    Path file = Files.writeString(dir.resolve("issuer-args"), ISSUER + "\n");
    String[] args = {
      "verify",
      "--jwks",
      jwks.toString(),
      "--issuer",
      "@" + file,
      "--audience",
      AUDIENCE,
      "--now",
      Long.toString(NOW),
      rs256(KID, claims())
    };

    assertRejected(Cli.run(args), "ISSUER_MISMATCH");
  }

  @Test
  void verify_unexpectedExceptionInVerifier_answersInternalErrorAndTheBatchGoesOn() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Streams streams =
        new Streams(
            new ByteArrayInputStream("boom\nother\nboom\n".getBytes(StandardCharsets.UTF_8)),
            new OutputStreamWriter(out, StandardCharsets.UTF_8),
            new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    VerifyCommand command = new VerifyCommand(streams);
    command.batch = true;
    JwtVerifier broken =
        token -> {
          if (token.equals("boom")) {
            throw new IllegalStateException("secret detail");
          }
          throw new JwtVerificationException(ErrorCode.EXPIRED, "the token has expired");
        };

    int status = command.verifyInput(broken);

    assertThat(status).isEqualTo(Verity.OK);
    Result result =
        new Result(
            status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertThat(result.lines().stream().map(VerifyCommandTest::outcome))
        .containsExactly("INTERNAL_ERROR", "EXPIRED", "INTERNAL_ERROR");
    assertThat(result.out()).doesNotContain("secret detail");
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("verity: internal error").doesNotContain("secret detail");
  }

  private static String outcome(String line) {
    Map<String, Object> json = Cli.parse(line);
    if (Boolean.TRUE.equals(json.get("valid"))) {
      return "valid";
    }
    return (String) Cli.object(json, "error").get("code");
  }

  private static String[] clientIdArgs(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "--jwks",
                jwks.toString(),
                "--issuer",
                ISSUER,
                "--client-id",
                "app1",
                "--now",
                Long.toString(NOW)));
    args.addAll(Arrays.asList(extra));
    return args.toArray(String[]::new);
  }

  private static String[] replaceNow(long now, String token) {
    return replaceNowText(Long.toString(now), token);
  }

  private static String[] replaceNowText(String now, String token) {
    String[] args = verify(token);
    args[8] = now;
    return args;
  }

  private static String[] append(String[] args, String token) {
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = token;
    return all;
  }
}
