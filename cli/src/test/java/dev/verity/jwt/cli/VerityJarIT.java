package dev.verity.jwt.cli;

import static dev.verity.jwt.testsupport.Tokens.AUDIENCE;
import static dev.verity.jwt.testsupport.Tokens.ISSUER;
import static dev.verity.jwt.testsupport.Tokens.NOW;
import static dev.verity.jwt.testsupport.Tokens.claims;
import static dev.verity.jwt.testsupport.Tokens.claimsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.cli.testing.Cli;
import dev.verity.jwt.testsupport.Tokens;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code target/verity.jar} as a real process ({@code java -jar}), with files as
 * standard input, and checks every output line, standard error and the exit status.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VerityJarIT {
  private static final long PROCESS_TIMEOUT_SECONDS = 120;
  private static final String KID = "k1";

  @TempDir static Path dir;
  private static Path jar;
  private static Path jwks;
  private static Path secret;
  private static byte[] secretBytes;

  /** What one process run produced. */
  record Run(int status, String out, String err) {
    List<String> lines() {
      assertThat(out)
          .as("output ends with a line break")
          .satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o).endsWith("\n"));
      return out.isEmpty()
          ? List.of()
          : List.of(out.substring(0, out.length() - 1).split("\n", -1));
    }

    Map<String, Object> json() {
      assertThat(lines()).hasSize(1);
      return Cli.parse(lines().get(0));
    }
  }

  @BeforeAll
  static void setUp() throws IOException {
    jar = Path.of(System.getProperty("verity.jar", "target/verity.jar"));
    assertThat(jar).as("the shaded jar; run through 'mvn verify'").isRegularFile();
    jwks = Files.writeString(dir.resolve("jwks.json"), Tokens.jwks(Tokens.rsa(), KID));
    secretBytes = new byte[32];
    Arrays.fill(secretBytes, (byte) 0x5a);
    secret = Files.write(dir.resolve("secret"), secretBytes);
  }

  private static Run run(Path stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(Arrays.asList(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(emptyFile()));
    } else {
      builder.redirectInput(stdin.toFile());
    }
    return finish(builder, out, err);
  }

  /** Starts the process, waits for it within the bound and returns what it wrote. */
  private static Run finish(ProcessBuilder builder, Path out, Path err)
      throws IOException, InterruptedException {
    Process process = builder.start();
    if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("verity did not finish within " + PROCESS_TIMEOUT_SECONDS + " s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static java.io.File emptyFile() throws IOException {
    Path empty = dir.resolve("empty-stdin");
    if (!Files.exists(empty)) {
      Files.createFile(empty);
    }
    return empty.toFile();
  }

  private static String[] verifyArgs(String... extra) {
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

  private static String outcome(String line) {
    Map<String, Object> json = Cli.parse(line);
    if (Boolean.TRUE.equals(json.get("valid"))) {
      return "valid";
    }
    Map<String, Object> error = Cli.object(json, "error");
    assertThat(error.get("message")).isInstanceOf(String.class);
    return (String) error.get("code");
  }

  private static void assertUsageError(Run run, String hint) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("verity: ").contains(hint).endsWith("\n");
    assertThat(run.err().split("\n", -1)).hasSize(2);
  }

  @Test
  void batch_mixedTokens_everyLineAnsweredInOrderAndExitZero() throws Exception {
    String valid = Tokens.rs256(KID, claims());
    String expired = Tokens.rs256(KID, claimsWith("exp", NOW - 3600));
    String forged = Tokens.tamperSignature(valid);
    String none = Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64(Tokens.json(claims())) + ".";
    Path input = dir.resolve("batch.txt");
    Files.writeString(
        input,
        String.join(
                "\n",
                valid,
                expired,
                forged,
                "this is not a token",
                "",
                valid + "\r",
                "  \t" + valid + "   ",
                none,
                "a".repeat(20_000),
                valid + "\r")
            + "\n",
        StandardCharsets.UTF_8);

    Run run = run(input, verifyArgs("--batch"));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.lines().stream().map(VerityJarIT::outcome))
        .containsExactly(
            "valid",
            "EXPIRED",
            "BAD_SIGNATURE",
            "MALFORMED",
            "MALFORMED",
            "valid",
            "valid",
            "ALGORITHM_NOT_ALLOWED",
            "TOKEN_TOO_LARGE",
            "valid");
    Map<String, Object> first = Cli.parse(run.lines().get(0));
    assertThat(Cli.object(first, "claims")).containsEntry("sub", "alice");
    for (String segment : Tokens.segments(expired)) {
      assertThat(run.lines().get(1)).doesNotContain(segment);
    }
  }

  @Test
  void batch_hundredThousandLines_streamedAndAllAnswered() throws Exception {
    String valid = Tokens.hmac("HS256", secretBytes, claims());
    Path input = dir.resolve("many.txt");
    int lines = 100_000;
    try (Writer writer = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        writer.write(i % 1000 == 999 ? "" : valid);
        writer.write('\n');
      }
    }

    Run run =
        run(
            input,
            "verify",
            "--secret-file",
            secret.toString(),
            "--alg",
            "HS256",
            "--issuer",
            ISSUER,
            "--audience",
            AUDIENCE,
            "--now",
            Long.toString(NOW),
            "--batch");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> answers = run.lines();
    assertThat(answers).hasSize(lines);
    assertThat(outcome(answers.get(0))).isEqualTo("valid");
    assertThat(outcome(answers.get(999))).isEqualTo("MALFORMED");
    assertThat(outcome(answers.get(lines - 2))).isEqualTo("valid");
    assertThat(outcome(answers.get(lines - 1))).isEqualTo("MALFORMED");
    assertThat(answers.stream().filter(line -> line.startsWith("{\"valid\":true,")))
        .hasSize(lines - 100);
  }

  @Test
  void single_validToken_exitZeroWithOneLine() throws Exception {
    Run run = run(null, verifyArgs(Tokens.rs256(KID, claims())));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.json()).containsEntry("valid", true);
  }

  /**
   * Under {@code LC_ALL=C} the JVM decodes the command line as ASCII and turns every other byte
   * into U+FFFD: {@code --issuer https://issuér...} would become {@code
   * https://issu\uFFFD\uFFFDr...} and match a token whose {@code iss} carries two U+FFFD. Refused
   * instead (exit 2), with the remedy named; under a UTF-8 locale the same arguments verify the
   * genuine token.
   */
  @Test
  void single_nonAsciiIssuerUnderAsciiLocale_usageErrorNotAForgedMatch() throws Exception {
    String mangled = "https://issu\uFFFD\uFFFDr.example.com";
    String forged = Tokens.rs256(KID, claimsWith("iss", mangled));
    String genuine = Tokens.rs256(KID, claimsWith("iss", "https://issu\u00e9r.example.com"));

    Run ascii = runWithUtf8Issuer("C", forged);
    assertUsageError(ascii, "UTF-8 locale");
    assertThat(ascii.err()).doesNotContain(forged.substring(0, 20));

    Run utf8 = runWithUtf8Issuer("C.UTF-8", genuine);
    assertThat(utf8.status()).as(utf8.err()).isZero();
    Run forgedUnderUtf8 = runWithUtf8Issuer("C.UTF-8", forged);
    assertThat(forgedUnderUtf8.status()).isEqualTo(1);
    assertThat(outcome(forgedUnderUtf8.lines().get(0))).isEqualTo("ISSUER_MISMATCH");
  }

  /**
   * Runs {@code verify --issuer https://issuér.example.com} with the issuer's UTF-8 bytes made by
   * the shell ({@code printf}), not by this JVM, whose own locale may not encode é; the child JVM
   * runs under {@code locale}.
   */
  private static Run runWithUtf8Issuer(String locale, String token)
      throws IOException, InterruptedException {
    String script =
        "exec \"$0\" -jar \"$1\" verify --jwks \"$2\""
            + " --issuer \"$(printf 'https://issu\\303\\251r.example.com')\""
            + " --audience \"$3\" --now \"$4\" \"$5\"";
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                script,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jar.toString(),
                jwks.toString(),
                AUDIENCE,
                Long.toString(NOW),
                token)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(emptyFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().put("LC_ALL", locale);
    builder.environment().put("LANG", locale);
    return finish(builder, out, err);
  }

  @Test
  void single_tokenOnStdin_strippedAndVerified() throws Exception {
    Path input = Files.writeString(dir.resolve("one.jwt"), Tokens.rs256(KID, claims()) + "\r\n");

    Run run = run(input, verifyArgs());

    assertThat(run.status()).isZero();
    assertThat(run.json()).containsEntry("valid", true);
  }

  @Test
  void single_now_decidesExpiry() throws Exception {
    String token = Tokens.rs256(KID, claimsWith("exp", NOW + 100));

    Run before = run(null, verifyArgs("--leeway", "0", token));
    String[] after = verifyArgs("--leeway", "0", token);
    after[8] = Long.toString(NOW + 100);
    Run at = run(null, after);

    assertThat(before.status()).isZero();
    assertThat(at.status()).isEqualTo(1);
    assertThat(outcome(at.lines().get(0))).isEqualTo("EXPIRED");
    assertThat(at.err()).isEmpty();
  }

  @Test
  void single_maxTokenBytes_exactlyTheMaximumAcceptedOneMoreRejected() throws Exception {
    String token = Tokens.rs256(KID, claims());
    int length = token.getBytes(StandardCharsets.US_ASCII).length;

    Run exact = run(null, verifyArgs("--max-token-bytes", Integer.toString(length), token));
    Run over = run(null, verifyArgs("--max-token-bytes", Integer.toString(length - 1), token));

    assertThat(exact.status()).isZero();
    assertThat(over.status()).isEqualTo(1);
    assertThat(outcome(over.lines().get(0))).isEqualTo("TOKEN_TOO_LARGE");
  }

  @Test
  void waivers_missingIssuerRule_usageErrorOnOneLine() throws Exception {
    assertUsageError(
        run(null, "verify", "--jwks", jwks.toString(), "--audience", AUDIENCE, "x.y.z"),
        "--any-issuer");
  }

  @Test
  void waivers_missingAudienceRule_usageErrorOnOneLine() throws Exception {
    assertUsageError(
        run(null, "verify", "--jwks", jwks.toString(), "--issuer", ISSUER, "x.y.z"),
        "--any-audience");
  }

  @Test
  void waivers_issuerWithAnyIssuer_usageErrorOnOneLine() throws Exception {
    assertUsageError(
        run(
            null,
            "verify",
            "--jwks",
            jwks.toString(),
            "--issuer",
            ISSUER,
            "--any-issuer",
            "--any-audience",
            "x.y.z"),
        "contradict");
  }

  @Test
  void waivers_bothWaived_tokenWithoutIssOrAudAccepted() throws Exception {
    String token = Tokens.rs256(KID, claimsWith("iss", null, "aud", null));

    Run run =
        run(
            null,
            "verify",
            "--jwks",
            jwks.toString(),
            "--any-issuer",
            "--any-audience",
            "--now",
            Long.toString(NOW),
            token);

    assertThat(run.status()).isZero();
  }

  @Test
  void secretFile_hs256_verifiesAndTooShortSecretRefusedAtStart() throws Exception {
    String token = Tokens.hmac("HS256", secretBytes, claims());
    Path shortSecret = Files.write(dir.resolve("short-secret"), new byte[16]);

    Run good =
        run(
            null,
            "verify",
            "--secret-file",
            secret.toString(),
            "--alg",
            "HS256",
            "--issuer",
            ISSUER,
            "--audience",
            AUDIENCE,
            "--now",
            Long.toString(NOW),
            token);
    Run refused =
        run(
            null,
            "verify",
            "--secret-file",
            shortSecret.toString(),
            "--alg",
            "HS256",
            "--issuer",
            ISSUER,
            "--audience",
            AUDIENCE,
            token);

    assertThat(good.status()).isZero();
    assertThat(good.json()).containsEntry("valid", true);
    assertUsageError(refused, "16 bytes");
  }

  @Test
  void configuration_unknownAlgorithm_usageError() throws Exception {
    assertUsageError(
        run(
            null,
            "verify",
            "--jwks",
            jwks.toString(),
            "--any-issuer",
            "--any-audience",
            "--alg",
            "none",
            "x.y.z"),
        "--alg");
  }

  @Test
  void verify_remoteJwksOnLoopback_fetchedOnceAndVerifies() throws Exception {
    String token = Tokens.rs256(KID, claims());
    Path tokens = Files.writeString(dir.resolve("remote-tokens.txt"), token + "\n" + token + "\n");
    try (LoopbackServer server =
        LoopbackServer.serving("/jwks.json", Tokens.jwks(Tokens.rsa(), KID))) {
      Run run =
          run(
              tokens,
              "verify",
              "--jwks",
              server.url("/jwks.json"),
              "--issuer",
              ISSUER,
              "--audience",
              AUDIENCE,
              "--now",
              Long.toString(NOW),
              "--batch");

      assertThat(run.status()).isZero();
      assertThat(run.lines())
          .hasSize(2)
          .allSatisfy(line -> assertThat(outcome(line)).isEqualTo("valid"));
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void verify_unreachableRemoteJwks_eachTokenJwksUnavailable() throws Exception {
    String token = Tokens.rs256(KID, claims());
    Path tokens = Files.writeString(dir.resolve("unreachable.txt"), token + "\n" + token + "\n");
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    long start = System.nanoTime();
    Run run =
        run(
            tokens,
            "verify",
            "--jwks",
            "http://127.0.0.1:" + closedPort + "/jwks.json",
            "--any-issuer",
            "--any-audience",
            "--batch");

    assertThat(run.status()).isZero();
    assertThat(run.lines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(outcome(line)).isEqualTo("JWKS_UNAVAILABLE"));
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
  }

  @Test
  void verify_discoveryWithAnotherIssuer_usageError() throws Exception {
    try (LoopbackServer server =
        LoopbackServer.serving("/tenant/.well-known/openid-configuration", "")) {
      server.respond(
          "/tenant/.well-known/openid-configuration",
          "{\"issuer\":\"https://evil.example.com\",\"jwks_uri\":\""
              + server.url("/jwks.json")
              + "\"}");
      assertUsageError(
          run(
              null,
              "verify",
              "--oidc-issuer",
              server.url("/tenant"),
              "--any-issuer",
              "--any-audience",
              "x.y.z"),
          "issuer");
    }
  }

  @Test
  void verify_tokenFromATerminal_hintedOnceThenAnswered() throws Exception {
    // util-linux script(1) gives the command a pseudo-terminal and feeds it this file as typing.
    Path script = Path.of("/usr/bin/script");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script), "no script(1)");
    Path typed = Files.writeString(dir.resolve("typed.txt"), Tokens.rs256(KID, claims()) + "\n");
    String command =
        String.join(
            " ",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString(),
            "verify",
            "--jwks",
            jwks.toString(),
            "--issuer",
            ISSUER,
            "--audience",
            AUDIENCE,
            "--now",
            Long.toString(NOW));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(script.toString(), "-qec", command, "/dev/null")
            .redirectInput(typed.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());

    Run run = finish(builder, out, err);

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .containsOnlyOnce("verity: reading one token from standard input")
        .contains("\"valid\":true");
  }

  @Test
  void verify_tokenPiped_noHint() throws Exception {
    Path piped = Files.writeString(dir.resolve("piped.txt"), Tokens.rs256(KID, claims()) + "\n");

    Run run =
        run(
            piped,
            "verify",
            "--jwks",
            jwks.toString(),
            "--issuer",
            ISSUER,
            "--audience",
            AUDIENCE,
            "--now",
            Long.toString(NOW));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void inspect_token_decodedAndLabelledNotVerified() throws Exception {
    Run run = run(null, "inspect", Tokens.tamperSignature(Tokens.rs256(KID, claims())));

    assertThat(run.status()).isZero();
    assertThat(run.json())
        .containsEntry("verified", false)
        .containsEntry("warning", "NOT VERIFIED: decoded without checking the signature or claims");
    assertThat(Cli.object(run.json(), "payload")).containsEntry("sub", "alice");
  }

  @Test
  void inspect_malformed_exitOneWithErrorObject() throws Exception {
    Run run = run(null, "inspect", "only.two");

    assertThat(run.status()).isEqualTo(1);
    assertThat(Cli.object(run.json(), "error")).containsEntry("code", "MALFORMED");
  }

  @Test
  void helpAndVersion_exitZero() throws Exception {
    Run help = run(null, "--help");
    Run version = run(null, "--version");

    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("verify", "inspect");
    assertThat(version.status()).isZero();
    assertThat(version.out()).startsWith("verity ");
  }

  @Test
  void demoData_readmeCommandVerifies() throws Exception {
    Path examples = Path.of(System.getProperty("verity.examples", "../docs/examples"));
    String token = Files.readString(examples.resolve("token.jwt")).strip();

    Run run =
        run(
            null,
            "verify",
            "--jwks",
            examples.resolve("jwks.json").toString(),
            "--issuer",
            "https://issuer.example.com",
            "--audience",
            "orders-api",
            token);

    assertThat(run.status()).as(run.out() + run.err()).isZero();
    assertThat(Cli.object(run.json(), "claims")).containsEntry("sub", "alice");
  }
}
