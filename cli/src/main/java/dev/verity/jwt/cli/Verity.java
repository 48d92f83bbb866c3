package dev.verity.jwt.cli;

import dev.verity.jwt.SafeDisplay;
import dev.verity.jwt.cli.internal.Streams;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code verity} command's entry point: {@code verity verify}, {@code verity inspect}, {@code
 * --help}, {@code --version}. The contract (options, one JSON object per output line, exit statuses
 * 0, 1 and 2) is in {@code docs/cli.md}.
 */
public final class Verity {
  /** Exit status of a valid token, of a finished batch, of help and version output. */
  public static final int OK = 0;

  /**
   * Exit status of a rejected token (single-token mode) or a token {@code inspect} cannot decode.
   */
  public static final int INVALID = 1;

  /** Exit status of a usage or configuration error; the reason is one line on standard error. */
  public static final int USAGE = 2;

  private Verity() {}

  /** Runs the command with the process's standard streams and exits with its status. */
  public static void main(String[] args) {
    String unreadable = unreadableArgument(args, System.getProperty("sun.jnu.encoding"));
    if (unreadable != null) {
      new PrintWriter(
              new OutputStreamWriter(
                  new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
              true)
          .println("verity: " + unreadable);
      System.exit(USAGE);
    }
    // The file descriptors, not System.out: a PrintStream hides write errors (a closed pipe).
    int status =
        run(
            args,
            new FileInputStream(FileDescriptor.in),
            new FileOutputStream(FileDescriptor.out),
            new FileOutputStream(FileDescriptor.err));
    System.exit(status);
  }

  /**
   * Returns why the arguments cannot be trusted to be what was typed, or null. The JVM decodes the
   * command line with the platform charset ({@code sun.jnu.encoding}, from the locale): under
   * {@code LC_ALL=C} every non-ASCII byte becomes U+FFFD, so {@code --issuer https://issuér...}
   * would silently compare as {@code https://issu\uFFFD\uFFFDr...}; under a Latin-1 locale {@code
   * é} becomes {@code Ã©}. A value compared exactly (an issuer, an audience) must be exactly what
   * was typed, so such arguments are refused rather than guessed at. The argument is never echoed:
   * it may be a token.
   *
   * @param encoding the platform charset's name, or null when unknown
   */
  static String unreadableArgument(String[] args, String encoding) {
    boolean utf8 = encoding != null && isUtf8(encoding);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      for (int j = 0; j < arg.length(); j++) {
        char c = arg.charAt(j);
        if (c == '\uFFFD' || (c > 0x7F && !utf8)) {
          return "argument "
              + (i + 1)
              + " has characters the platform could not decode faithfully (it decodes the command"
              + " line as "
              + (encoding == null ? "an unknown charset" : encoding)
              + "); run under a UTF-8 locale, for example LC_ALL=C.UTF-8";
        }
      }
    }
    return null;
  }

  private static boolean isUtf8(String encoding) {
    String name = encoding.replace("-", "").replace("_", "");
    return name.equalsIgnoreCase("utf8");
  }

  /**
   * Runs the command in-process.
   *
   * @param args the command-line arguments
   * @param in standard input (read as UTF-8; not closed)
   * @param out standard output (written as UTF-8; flushed, not closed)
   * @param err standard error (written as UTF-8; flushed, not closed)
   * @return the exit status: 0, 1 or 2
   */
  public static int run(String[] args, InputStream in, OutputStream out, OutputStream err) {
    Writer stdout =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    PrintWriter stderr = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    Streams streams = new Streams(in, stdout, stderr);
    int status = commandLine(streams).execute(args);
    try {
      stdout.flush();
    } catch (IOException e) {
      if (status != USAGE) {
        // Not yet reported by the command (it reports its own write failures).
        streams.error("cannot write to standard output: " + e.getMessage());
        status = USAGE;
      }
    }
    stderr.flush();
    return status;
  }

  /**
   * The one-line message of a usage error. picocli's own messages quote the arguments they could
   * not place, and a mistyped option ({@code --jwk}) leaves the token among them: here an unknown
   * argument is named alone, with picocli's nearest match, and any value shaped like a token is
   * replaced wherever it appears.
   */
  static String usageMessage(CommandLine.ParameterException exception) {
    if (exception instanceof CommandLine.UnmatchedArgumentException) {
      CommandLine.UnmatchedArgumentException unmatched =
          (CommandLine.UnmatchedArgumentException) exception;
      if (!unmatched.getUnmatched().isEmpty()) {
        String first = unmatched.getUnmatched().get(0);
        List<String> suggestions = unmatched.getSuggestions();
        return (first.startsWith("-") ? "unknown option " : "unexpected argument ")
            + SafeDisplay.argument(first)
            + (suggestions.isEmpty()
                ? ""
                : " (did you mean " + String.join(" or ", suggestions) + "?)");
      }
    }
    return SafeDisplay.withoutTokens(exception.getMessage());
  }

  /** Builds the command hierarchy around the given streams. */
  static CommandLine commandLine(Streams streams) {
    CommandLine commandLine = new CommandLine(new VerityCommand(streams));
    commandLine.addSubcommand(new VerifyCommand(streams));
    commandLine.addSubcommand(new InspectCommand(streams));
    // Set after the subcommands are added, so every setting reaches them too.
    commandLine.setOut(new PrintWriter(streams.out(), true));
    commandLine.setErr(streams.err());
    // "@file" would silently read option values from a file named by the user's text.
    commandLine.setExpandAtFiles(false);
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          String command = exception.getCommandLine().getCommandSpec().qualifiedName();
          streams.error(usageMessage(exception) + " (see '" + command + " --help')");
          return USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          // Commands answer every expected failure themselves; this is a bug, never a trace.
          streams.error("internal error (" + exception.getClass().getName() + ")");
          return USAGE;
        });
    return commandLine;
  }
}
