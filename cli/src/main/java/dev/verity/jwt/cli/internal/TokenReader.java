package dev.verity.jwt.cli.internal;

import java.io.Flushable;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * Reads tokens from a character stream without ever holding more than one bounded token in memory:
 * either one token per line ({@code --batch}) or the whole stream as one token.
 *
 * <p>Lines end at {@code \n} only; a {@code \r} before it, like any other surrounding white space
 * ({@link Character#isWhitespace}, as {@link String#strip()}), is stripped. A line whose stripped
 * content is longer than {@code maxChars} is returned cut to {@code maxChars + 1} characters, which
 * is still longer than the verifier's byte limit and so is rejected as {@code TOKEN_TOO_LARGE}: the
 * rest of the line is consumed, never stored. Not thread-safe.
 */
public final class TokenReader {
  private final Reader in;
  private final int maxChars;
  private final boolean oneTokenPerLine;
  private final Flushable beforeBlocking;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private boolean endOfInput;
  private final StringBuilder content = new StringBuilder();
  private final StringBuilder pendingWhitespace = new StringBuilder();

  /**
   * Creates a reader.
   *
   * @param in the characters to read; not closed
   * @param maxChars the longest token kept whole, in characters (the verifier's byte limit)
   * @param oneTokenPerLine true for one token per line, false for the whole stream as one token
   * @param beforeBlocking flushed before a read that may block, so answers already written reach a
   *     reader that waits for them before sending more input
   */
  public TokenReader(Reader in, int maxChars, boolean oneTokenPerLine, Flushable beforeBlocking) {
    this.in = Objects.requireNonNull(in, "in");
    if (maxChars < 0 || maxChars == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxChars out of range");
    }
    this.maxChars = maxChars;
    this.oneTokenPerLine = oneTokenPerLine;
    this.beforeBlocking = Objects.requireNonNull(beforeBlocking, "beforeBlocking");
  }

  /**
   * Returns the next token, stripped of surrounding white space (possibly empty), or null when the
   * input has ended. A final line without a line break still counts; an empty input has no line.
   */
  public String next() throws IOException {
    content.setLength(0);
    pendingWhitespace.setLength(0);
    boolean sawAny = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!sawAny) {
          return null;
        }
        break;
      }
      char c = buffer[position++];
      sawAny = true;
      if (c == '\n' && oneTokenPerLine) {
        break;
      }
      if (Character.isWhitespace(c)) {
        if (content.length() > 0) {
          // Inner white space stays (the verifier rejects it); trailing white space is dropped.
          appendCapped(pendingWhitespace, c);
        }
      } else {
        if (pendingWhitespace.length() > 0) {
          for (int i = 0; i < pendingWhitespace.length(); i++) {
            appendCapped(content, pendingWhitespace.charAt(i));
          }
          pendingWhitespace.setLength(0);
        }
        appendCapped(content, c);
      }
    }
    return content.toString();
  }

  private void appendCapped(StringBuilder target, char c) {
    if (target.length() <= maxChars) {
      target.append(c);
    }
  }

  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    if (!in.ready()) {
      beforeBlocking.flush();
    }
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
