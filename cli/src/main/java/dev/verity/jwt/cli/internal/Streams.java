package dev.verity.jwt.cli.internal;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Objects;

/**
 * The standard streams one run of the command uses: injected so that tests can run it in-process.
 * Not thread-safe; one run uses it from one thread.
 *
 * @param in standard input, read as UTF-8
 * @param out standard output, buffered; the caller flushes it when the run ends
 * @param err standard error
 */
public record Streams(InputStream in, Writer out, PrintWriter err) {
  /** Checks that no stream is null. */
  public Streams {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** Prints {@code verity: message} as exactly one line on standard error. */
  public void error(String message) {
    err.println("verity: " + oneLine(message));
    err.flush();
  }

  /**
   * Prints a hint on standard error when standard input is the process's own and a terminal, so a
   * person who forgot the TOKEN argument is not left facing a silent wait. Piped input, redirected
   * output and in-process runs print nothing.
   */
  public void hintIfTerminal(String hint) {
    if (isProcessInput() && isTerminal()) {
      err.println("verity: " + hint);
      err.flush();
    }
  }

  private boolean isProcessInput() {
    if (in == System.in) {
      return true;
    }
    try {
      return in instanceof java.io.FileInputStream
          && ((java.io.FileInputStream) in).getFD() == java.io.FileDescriptor.in;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Whether standard input and output are a terminal. Before JDK 22, {@code System.console()} is
   * non-null exactly then; from JDK 22 on it is non-null for redirected streams too, and only
   * {@code Console.isTerminal()} (added in 22, so looked up at run time: the command targets 17)
   * tells.
   */
  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    if (Runtime.version().feature() < 22) {
      return true;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Returns the text with every control character (line breaks included) replaced by a space, so a
   * message that echoes user input (a path, an option value) still fits on one line.
   */
  public static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder line = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      line.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
    }
    return line.toString().strip();
  }
}
