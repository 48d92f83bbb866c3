package dev.verity.jwt.cli;

import dev.verity.jwt.cli.internal.Streams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The top-level {@code verity} command; alone it is a usage error, it needs a subcommand. */
@Command(
    name = "verity",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Verify and inspect JSON Web Tokens (compact JWS) with the Verity JWT library.",
      "Every answer is one JSON object per line on standard output."
    },
    footer = {
      "",
      "Exit status: 0 valid (or batch done), 1 invalid, 2 usage or configuration error.",
      "See docs/cli.md for the full contract."
    })
final class VerityCommand implements Callable<Integer> {
  private final Streams streams;

  VerityCommand(Streams streams) {
    this.streams = streams;
  }

  @Override
  public Integer call() {
    streams.error("missing command: use 'verity verify' or 'verity inspect' (see 'verity --help')");
    return Verity.USAGE;
  }
}
