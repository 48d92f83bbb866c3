package dev.verity.jwt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenReaderTest {
  private static List<String> lines(String input, int maxChars) throws IOException {
    TokenReader reader = new TokenReader(new StringReader(input), maxChars, true, () -> {});
    List<String> lines = new ArrayList<>();
    for (String line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void next_emptyInput_hasNoLine() throws IOException {
    assertThat(lines("", 100)).isEmpty();
  }

  @Test
  void next_singleLineBreak_isOneEmptyLine() throws IOException {
    assertThat(lines("\n", 100)).containsExactly("");
  }

  @Test
  void next_lastLineWithoutBreak_stillCounts() throws IOException {
    assertThat(lines("a\nb", 100)).containsExactly("a", "b");
  }

  @Test
  void next_crLfAndSurroundingWhiteSpace_stripped() throws IOException {
    assertThat(lines("a\r\n \t b \t\r\n\r\n\f\n", 100)).containsExactly("a", "b", "", "");
  }

  @Test
  void next_loneCarriageReturn_doesNotEndALine() throws IOException {
    assertThat(lines("a\rb\n", 100)).containsExactly("a\rb");
  }

  @Test
  void next_innerWhiteSpace_kept() throws IOException {
    assertThat(lines(" a  b \n", 100)).containsExactly("a  b");
  }

  @Test
  void next_nonBreakingSpace_isNotWhiteSpace() throws IOException {
    assertThat(lines("\u00a0a\n", 100)).containsExactly("\u00a0a");
  }

  @Test
  void next_lineOverTheLimit_cutToOneMoreThanTheLimitAndNextLineIntact() throws IOException {
    assertThat(lines("abcdefgh\nxy\n", 4)).containsExactly("abcde", "xy");
  }

  @Test
  void next_lineOfExactlyTheLimitWithWhiteSpace_keptWhole() throws IOException {
    assertThat(lines("   abcd      \n", 4)).containsExactly("abcd");
  }

  @Test
  void next_longWhiteSpaceRunsInsideALine_stillCut() throws IOException {
    assertThat(lines("a" + " ".repeat(50) + "b\n", 4)).containsExactly("a    ");
  }

  @Test
  void next_longLinesAcrossBufferBoundaries_splitCorrectly() throws IOException {
    String a = "a".repeat(10_000);
    String b = "b".repeat(9_000);

    assertThat(lines(a + "\n" + b + "\r\n", 20_000)).containsExactly(a, b);
  }

  @Test
  void next_wholeStreamMode_readsEverythingAsOneToken() throws IOException {
    TokenReader reader = new TokenReader(new StringReader(" a\nb \n"), 100, false, () -> {});

    assertThat(reader.next()).isEqualTo("a\nb");
    assertThat(reader.next()).isNull();
  }

  @Test
  void next_beforeReadingMore_flushesWhenInputIsNotReady() throws IOException {
    AtomicInteger flushes = new AtomicInteger();
    StringReader notReady =
        new StringReader("a\n") {
          @Override
          public boolean ready() {
            return false;
          }
        };
    TokenReader reader = new TokenReader(notReady, 100, true, flushes::incrementAndGet);

    reader.next();
    reader.next();

    assertThat(flushes.get()).isEqualTo(2);
  }
}
