package dev.verity.jwt.cli;

import static dev.verity.jwt.testsupport.Tokens.AUDIENCE;
import static dev.verity.jwt.testsupport.Tokens.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.cli.testing.Cli;
import dev.verity.jwt.cli.testing.Cli.Result;
import dev.verity.jwt.testsupport.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Usage and configuration errors of {@code verity verify}: each is exit 2, exactly one line on
 * standard error starting {@code verity: }, nothing on standard output, and no token is read.
 */
class VerifyConfigurationTest {
  @TempDir static Path dir;
  private static String jwks;
  private static String token;

  @BeforeAll
  static void setUp() throws IOException {
    jwks = Files.writeString(dir.resolve("jwks.json"), Tokens.jwks(Tokens.rsa(), "k1")).toString();
    token = Tokens.rs256("k1", Tokens.claims());
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(
            "no key source", List.of("--issuer", ISSUER, "--audience", AUDIENCE), "no key source"),
        Arguments.of(
            "two key sources",
            List.of(
                "--jwks", "J", "--secret-file", "J", "--issuer", ISSUER, "--audience", AUDIENCE),
            "more than one key source"),
        Arguments.of(
            "no issuer rule", List.of("--jwks", "J", "--audience", AUDIENCE), "--any-issuer"),
        Arguments.of(
            "issuer and its waiver",
            List.of("--jwks", "J", "--issuer", ISSUER, "--any-issuer", "--audience", AUDIENCE),
            "contradict"),
        Arguments.of(
            "no audience rule", List.of("--jwks", "J", "--issuer", ISSUER), "--any-audience"),
        Arguments.of(
            "audience and its waiver",
            List.of("--jwks", "J", "--issuer", ISSUER, "--audience", AUDIENCE, "--any-audience"),
            "contradict"),
        Arguments.of(
            "client id and audience waiver",
            List.of("--jwks", "J", "--issuer", ISSUER, "--client-id", "app", "--any-audience"),
            "contradict"),
        Arguments.of(
            "alg none",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--alg", "none"),
            "'none' is not a supported algorithm"),
        Arguments.of(
            "alg in lower case",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--alg", "rs256"),
            "'rs256'"),
        Arguments.of(
            "negative leeway",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--leeway", "-5"),
            "--leeway"),
        Arguments.of(
            "non-numeric leeway",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--leeway", "abc"),
            "--leeway"),
        Arguments.of(
            "fractional leeway",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--leeway", "1.5"),
            "--leeway"),
        Arguments.of(
            "huge leeway",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--leeway", "999999999999"),
            "--leeway"),
        Arguments.of(
            "negative max age",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--max-age", "-1"),
            "--max-age"),
        Arguments.of(
            "negative now",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--now", "-1"),
            "--now"),
        Arguments.of(
            "exponent now",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--now", "1e9"),
            "--now"),
        Arguments.of(
            "now after year 9999",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--now", "253402300800"),
            "--now"),
        Arguments.of(
            "now with ten decimals",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--now", "1.0000000001"),
            "--now"),
        Arguments.of(
            "max token bytes under 16",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--max-token-bytes", "15"),
            "--max-token-bytes"),
        Arguments.of(
            "max token bytes over 1 MiB",
            List.of(
                "--jwks", "J", "--any-issuer", "--any-audience", "--max-token-bytes", "1048577"),
            "--max-token-bytes"),
        Arguments.of(
            "token use in upper case",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--token-use", "ID"),
            "--token-use"),
        Arguments.of(
            "leeway twice",
            List.of(
                "--jwks", "J", "--any-issuer", "--any-audience", "--leeway", "1", "--leeway", "2"),
            "--leeway"),
        Arguments.of(
            "unknown option",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--frobnicate"),
            "--frobnicate"),
        Arguments.of(
            "two tokens",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "a.b.c", "d.e.f"),
            "d.e.f"),
        Arguments.of(
            "batch with a token argument",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--batch", "a.b.c"),
            "--batch"),
        Arguments.of(
            "scope with a space",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--scope", "a b"),
            "scope"),
        Arguments.of(
            "empty issuer", List.of("--jwks", "J", "--issuer", "", "--any-audience"), "issuer"),
        Arguments.of(
            "blank typ",
            List.of("--jwks", "J", "--any-issuer", "--any-audience", "--typ", " "),
            "type"),
        Arguments.of(
            "plain http JWKS URL to a non-loopback host",
            List.of("--jwks", "http://example.com/jwks", "--any-issuer", "--any-audience"),
            "loopback"),
        Arguments.of(
            "ftp JWKS URL",
            List.of("--jwks", "ftp://example.com/jwks", "--any-issuer", "--any-audience"),
            "ftp"),
        Arguments.of(
            "plain http OIDC issuer to a non-loopback host",
            List.of("--oidc-issuer", "http://issuer.example.com", "--audience", AUDIENCE),
            "loopback"),
        Arguments.of(
            "malformed Cognito pool id",
            List.of("--cognito", "AbC123", "--any-issuer", "--client-id", "app"),
            "Cognito user pool id"),
        Arguments.of(
            "remote JWKS with only HMAC algorithms",
            List.of(
                "--jwks",
                "https://issuer.example.com/jwks.json",
                "--alg",
                "HS256",
                "--any-issuer",
                "--any-audience"),
            "HMAC"),
        Arguments.of(
            "missing JWKS file",
            List.of("--jwks", "/no/such/jwks.json", "--any-issuer", "--any-audience"),
            "does not exist"),
        Arguments.of(
            "JWKS is a directory",
            List.of("--jwks", "DIR", "--any-issuer", "--any-audience"),
            "directory"),
        Arguments.of(
            "secret file without HS algorithm",
            List.of("--secret-file", "J", "--any-issuer", "--any-audience"),
            "HMAC algorithm"),
        Arguments.of(
            "missing secret file",
            List.of(
                "--secret-file",
                "/no/such/secret",
                "--alg",
                "HS256",
                "--any-issuer",
                "--any-audience"),
            "does not exist"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void verify_usageError_exitsTwoWithOneLineOnStderr(
      String name, List<String> options, String hint) {
    List<String> args = new ArrayList<>();
    args.add("verify");
    for (String option : options) {
      args.add(option.equals("J") ? jwks : option.equals("DIR") ? dir.toString() : option);
    }
    if (!args.contains("a.b.c") && !args.contains("--batch")) {
      args.add(token);
    }

    assertUsageError(Cli.run(args.toArray(String[]::new)), hint);
  }

  @Test
  void verify_jwksNotJson_refusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("garbage.json"), "{\"keys\":[");

    assertUsageError(runWithJwks(file), "not usable");
  }

  @Test
  void verify_jwksWithoutKeysArray_refusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("nokeys.json"), "{\"kty\":\"RSA\"}");

    assertUsageError(runWithJwks(file), "not usable");
  }

  @Test
  void verify_emptyJwks_refusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.json"), "{\"keys\":[]}");

    assertUsageError(runWithJwks(file), "no key usable");
  }

  @Test
  void verify_jwksWithOnlyAnEcKeyAndDefaultRs256_refusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("ec.json"), Tokens.jwks(Tokens.ecP256(), "ec"));

    assertUsageError(runWithJwks(file), "RS256");
  }

  @Test
  void verify_jwksWithOnlyAnEcKeyAndEs256Allowed_starts() throws IOException {
    Path file = Files.writeString(dir.resolve("ec2.json"), Tokens.jwks(Tokens.ecP256(), "ec"));

    Result result =
        Cli.run(
            "verify",
            "--jwks",
            file.toString(),
            "--alg",
            "ES256",
            "--any-issuer",
            "--any-audience",
            token);

    assertThat(result.status()).isEqualTo(Verity.INVALID);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void verify_jwksWithOnlyAKeyTooSmall_refusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("small.json"), Tokens.jwks(Tokens.rsa(1024), "s"));

    assertUsageError(runWithJwks(file), "no key usable");
  }

  @Test
  void verify_emptySecretFile_refusedAtStart() throws IOException {
    Path file = Files.write(dir.resolve("empty-secret"), new byte[0]);

    assertUsageError(runWithSecret(file, "HS256"), "empty");
  }

  @Test
  void verify_secretShorterThanHs256Needs_refusedAtStart() throws IOException {
    Path file = Files.write(dir.resolve("secret-31"), new byte[31]);

    assertUsageError(runWithSecret(file, "HS256"), "31 bytes");
  }

  @Test
  void verify_secretShorterThanEveryAllowedHmac_refusedAtStart() throws IOException {
    Path file = Files.write(dir.resolve("secret-47"), new byte[47]);

    assertUsageError(runWithSecret(file, "HS384", "HS512"), "HS384 needs at least 48");
  }

  @Test
  void verify_secretExactlyHs256Length_starts() throws IOException {
    Path file = Files.write(dir.resolve("secret-32b"), new byte[32]);

    Result result = runWithSecret(file, "HS256");

    assertThat(result.status()).isEqualTo(Verity.INVALID);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void verify_usageErrorMessageEchoingALineBreak_staysOneLine() {
    Result result =
        Cli.run("verify", "--jwks", "/no/such\nfile", "--any-issuer", "--any-audience", token);

    assertUsageError(result, "does not exist");
  }

  @ParameterizedTest(name = "scope {0}")
  @ValueSource(
      strings = {
        "read\twrite",
        "read write",
        "read\nwrite",
        " read",
        "a\"b",
        "a\\b",
        "caf\u00e9",
        ""
      })
  void verify_scopeThatIsNoScopeToken_usageError(String scope) {
    Result result =
        Cli.run(
            "verify", "--jwks", jwks, "--any-issuer", "--any-audience", "--scope", scope, token);

    assertUsageError(result, "scope");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--jwks", "--oidc-issuer"})
  void verify_urlWithPassword_usageErrorNamingTheProblemNotTheValue(String option) {
    Result result =
        Cli.run(
            "verify",
            option,
            "http://alice:s3cr3t-pw@127.0.0.1:9/x",
            "--any-issuer",
            "--any-audience",
            token);

    assertUsageError(result, "user info");
    assertThat(result.err()).doesNotContain("s3cr3t-pw").doesNotContain("alice");
  }

  @Test
  void verify_unparsableUrlWithPassword_usageErrorWithoutTheValue() {
    Result result =
        Cli.run(
            "verify",
            "--jwks",
            "https://alice:s3cr3t pw@127.0.0.1:9/x",
            "--any-issuer",
            "--any-audience",
            token);

    assertUsageError(result, "not a valid URL");
    assertThat(result.err()).doesNotContain("s3cr3t").doesNotContain("alice");
  }

  @Test
  void verify_tokenGivenAsTheJwksFile_usageErrorWithoutTheToken() {
    Result result = Cli.run("verify", "--jwks", token, "--any-issuer", "--any-audience", token);

    assertUsageError(result, "--jwks file");
    assertThat(result.err()).doesNotContain(token.split("\\.")[0]).contains("shaped like a token");
  }

  @Test
  void unreadableArgument_replacementCharacter_refusedWithoutEchoingIt() {
    String problem =
        Verity.unreadableArgument(
            new String[] {"verify", "--issuer", "https://issu\uFFFD\uFFFDr.example.com"},
            "ANSI_X3.4-1968");

    assertThat(problem)
        .contains("argument 3")
        .contains("ANSI_X3.4-1968")
        .contains("UTF-8 locale")
        .doesNotContain("issu");
  }

  @Test
  void unreadableArgument_nonAsciiUnderALatin1Locale_refused() {
    // Under ISO-8859-1, the two UTF-8 bytes of é arrive as "Ã©": no U+FFFD, still not as typed.
    assertThat(
            Verity.unreadableArgument(
                new String[] {"--issuer", "https://issu\u00c3\u00a9r.example.com"}, "ISO-8859-1"))
        .contains("argument 2");
  }

  @Test
  void unreadableArgument_nonAsciiUnderUtf8_accepted() {
    assertThat(
            Verity.unreadableArgument(
                new String[] {"--issuer", "https://issu\u00e9r.example.com"}, "UTF-8"))
        .isNull();
    assertThat(Verity.unreadableArgument(new String[] {"--issuer", "https://x"}, null)).isNull();
  }

  @Test
  void verify_mistypedOption_namesItAndTheNearestWithoutTheToken() {
    Result result = Cli.run("verify", "--jwk", jwks, "--any-issuer", "--any-audience", token);

    assertUsageError(result, "unknown option \"--jwk\"");
    assertThat(result.err()).contains("did you mean --jwks?");
    for (String segment : token.split("\\.")) {
      assertThat(result.err()).doesNotContain(segment);
    }
  }

  @Test
  void mistypedSubcommand_namesItAndTheNearestWithoutTheToken() {
    Result result = Cli.run("verfiy", "--jwks", jwks, "--any-issuer", "--any-audience", token);

    assertUsageError(result, "unexpected argument \"verfiy\"");
    assertThat(result.err()).contains("did you mean verify?");
    for (String segment : token.split("\\.")) {
      assertThat(result.err()).doesNotContain(segment);
    }
  }

  @Test
  void verify_tokenGivenAsANumber_usageErrorWithoutTheToken() {
    Result result =
        Cli.run("verify", "--jwks", jwks, "--any-issuer", "--any-audience", "--leeway", token);

    assertUsageError(result, "--leeway");
    for (String segment : token.split("\\.")) {
      assertThat(result.err()).doesNotContain(segment);
    }
  }

  private static Result runWithJwks(Path file) {
    return Cli.run("verify", "--jwks", file.toString(), "--any-issuer", "--any-audience", token);
  }

  private static Result runWithSecret(Path file, String... algorithms) {
    List<String> args =
        new ArrayList<>(
            List.of("verify", "--secret-file", file.toString(), "--any-issuer", "--any-audience"));
    for (String algorithm : algorithms) {
      args.add("--alg");
      args.add(algorithm);
    }
    args.add(token);
    return Cli.run(args.toArray(String[]::new));
  }

  static void assertUsageError(Result result, String hint) {
    assertThat(result.status()).as(result.out() + result.err()).isEqualTo(Verity.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("verity: ").endsWith("\n").contains(hint);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).doesNotContain(token.substring(0, 20));
    assertThat(Arrays.asList(result.err().split("\n"))).hasSize(1);
  }
}
