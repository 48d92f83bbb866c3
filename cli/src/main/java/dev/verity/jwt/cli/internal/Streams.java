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
