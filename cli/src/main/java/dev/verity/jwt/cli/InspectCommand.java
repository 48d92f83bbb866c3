package dev.verity.jwt.cli;

import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.UnverifiedJwt;
import dev.verity.jwt.cli.internal.Converters;
import dev.verity.jwt.cli.internal.JsonLines;
import dev.verity.jwt.cli.internal.Streams;
import dev.verity.jwt.cli.internal.TokenReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verity inspect}: decodes a token's header and payload without verifying anything, and says
 * so in every answer. Decodes with {@link UnverifiedJwt}, which reads the token exactly as the
 * verifier would; never calls the verifier.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Decode a token WITHOUT verifying it; the answer says NOT VERIFIED.",
    description = {
      "Decode a JWT WITHOUT verifying its signature or claims; print one JSON line:",
      "  {\"verified\":false,\"warning\":\"NOT VERIFIED: ...\",\"header\":{...},\"payload\":{...}}",
      "A payload that is not JSON is shown as \"payloadText\"."
    },
    footer = {
      "",
      "Exit status: 0 decoded; 1 not a compact JWS; 2 usage error.",
      "Nothing printed here is trustworthy: use 'verity verify' to check a token."
    })
final class InspectCommand implements Callable<Integer> {
  /** The label on every decoded answer. */
  static final String WARNING = "NOT VERIFIED: decoded without checking the signature or claims";

  private final Streams streams;

  @Option(
      names = "--max-token-bytes",
      paramLabel = "N",
      converter = Converters.TokenBytes.class,
      description = "Largest token decoded, in bytes (16 to 1048576); default 16384.")
  Integer maxTokenBytes;

  @Parameters(
      arity = "0..1",
      paramLabel = "TOKEN",
      description =
          "The token, used exactly as given. Absent or '-': read it from standard input"
              + " (surrounding white space stripped).")
  String token;

  InspectCommand(Streams streams) {
    this.streams = streams;
  }

  @Override
  public Integer call() {
    int limit = maxTokenBytes == null ? JwtVerifierBuilder.DEFAULT_MAX_TOKEN_BYTES : maxTokenBytes;
    JsonLines answers = new JsonLines(streams.out());
    try {
      String input = token;
      if (input == null || input.equals("-")) {
        streams.hintIfTerminal(
            "reading one token from standard input: paste it, press Enter, then Ctrl-D");
        input =
            new TokenReader(
                    new InputStreamReader(streams.in(), StandardCharsets.UTF_8),
                    limit,
                    false,
                    streams.out())
                .next();
      }
      int status = inspect(input == null ? "" : input, limit, answers);
      answers.flush();
      return status;
    } catch (IOException e) {
      streams.error("cannot read standard input or write standard output: " + e.getMessage());
      return Verity.USAGE;
    }
  }

  private static int inspect(String input, int limit, JsonLines answers) throws IOException {
    UnverifiedJwt jwt;
    try {
      jwt = UnverifiedJwt.decode(input, limit);
    } catch (JwtVerificationException e) {
      answers.notInspectable(e.code().name(), e.getMessage());
      return Verity.INVALID;
    }
    String header = JsonLines.compact(jwt.headerJson());
    Optional<String> payloadText = jwt.payloadText();
    if (payloadText.isEmpty()) {
      // Not text: show the bytes as they came, still labelled unverified.
      answers.inspected(
          WARNING,
          header,
          null,
          null,
          Base64.getUrlEncoder().withoutPadding().encodeToString(jwt.payload()));
      return Verity.OK;
    }
    Optional<String> payloadJson = jwt.payloadJson();
    if (payloadJson.isEmpty()) {
      answers.inspected(WARNING, header, null, payloadText.get(), null);
      return Verity.OK;
    }
    answers.inspected(WARNING, header, JsonLines.compact(payloadJson.get()), null, null);
    return Verity.OK;
  }
}
