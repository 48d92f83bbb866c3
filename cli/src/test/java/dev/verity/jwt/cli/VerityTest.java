package dev.verity.jwt.cli;

import static dev.verity.jwt.cli.VerifyConfigurationTest.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.cli.testing.Cli;
import dev.verity.jwt.cli.testing.Cli.Result;
import org.junit.jupiter.api.Test;

/** The top-level command: help, version, and what happens without a subcommand. */
class VerityTest {
  @Test
  void run_help_printsUsageOnStdoutAndExitsZero() {
    Result result = Cli.run("--help");

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.out()).startsWith("Usage: verity").contains("verify", "inspect");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void run_verifyHelp_listsEveryContractOption() {
    Result result = Cli.run("verify", "--help");

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.out())
        .contains(
            "--jwks",
            "--oidc-issuer",
            "--cognito",
            "--secret-file",
            "--issuer",
            "--audience",
            "--client-id",
            "--token-use",
            "--alg",
            "--typ",
            "--scope",
            "--require",
            "--leeway",
            "--max-age",
            "--max-token-bytes",
            "--now",
            "--any-issuer",
            "--any-audience",
            "--batch");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void run_version_printsTheProjectVersion() {
    Result result = Cli.run("--version");

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.out()).matches("verity \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
  }

  @Test
  void run_noSubcommand_isAUsageError() {
    assertUsageError(Cli.run(), "missing command");
  }

  @Test
  void run_unknownSubcommand_isAUsageErrorOnOneLine() {
    assertUsageError(Cli.run("verfiy", "x"), "verfiy");
  }
}
