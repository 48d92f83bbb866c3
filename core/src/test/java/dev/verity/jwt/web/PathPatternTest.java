package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PathPatternTest {
  // ---- parsing ----

  @Test
  void parse_allSegmentKinds_keepsThemInOrder() {
    assertThat(PathPattern.parse("/orders/{id}/*/**").segments())
        .containsExactly("orders", "{id}", "*", "**");
  }

  @Test
  void parse_emptySegments_ignored() {
    assertThat(PathPattern.parse("//orders///items/").segments())
        .containsExactly("orders", "items");
  }

  @Test
  void parse_root_hasNoSegments() {
    assertThat(PathPattern.parse("/").segments()).isEmpty();
    assertThat(PathPattern.parse("/").toString()).isEqualTo("/");
  }

  @Test
  void parse_literalPunctuation_accepted() {
    assertThat(PathPattern.parse("/a-b.c_d~e!f$g&h'i(j)k+l,m:n@o").segments())
        .containsExactly("a-b.c_d~e!f$g&h'i(j)k+l,m:n@o");
  }

  @Test
  void parse_noLeadingSlash_rejected() {
    assertThatThrownBy(() -> PathPattern.parse("orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path \"orders\" must start with '/'");
  }

  @Test
  void parse_globstarNotLast_rejected() {
    assertThatThrownBy(() -> PathPattern.parse("/a/**/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path \"/a/**/b\": '**' must be the last segment");
  }

  @Test
  void parse_partialWildcard_rejected() {
    assertThatThrownBy(() -> PathPattern.parse("/a*"))
        .hasMessage("path \"/a*\": segment \"a*\": '*' and '**' must be whole segments");
    assertThatThrownBy(() -> PathPattern.parse("/***"))
        .hasMessage("path \"/***\": segment \"***\": '*' and '**' must be whole segments");
  }

  @Test
  void parse_badVariable_rejected() {
    assertThatThrownBy(() -> PathPattern.parse("/{a b}"))
        .hasMessage(
            "path \"/{a b}\": segment \"{a b}\": a {name} holds only letters, digits, '_' and '-'");
    assertThatThrownBy(() -> PathPattern.parse("/{}"))
        .hasMessage(
            "path \"/{}\": segment \"{}\": a literal holds only letters, digits and -._~!$&'()+,:@"
                + " (a variable is written {name})");
    assertThatThrownBy(() -> PathPattern.parse("/{id"))
        .hasMessage(
            "path \"/{id\": segment \"{id\": a literal holds only letters, digits and -._~!$&'()+,:@"
                + " (a variable is written {name})");
  }

  @Test
  void parse_dotSegment_rejected() {
    assertThatThrownBy(() -> PathPattern.parse("/a/.."))
        .hasMessage("path \"/a/..\": segment \"..\": a dot segment never matches a request path");
    assertThatThrownBy(() -> PathPattern.parse("/./a"))
        .hasMessage("path \"/./a\": segment \".\": a dot segment never matches a request path");
  }

  @Test
  void parse_literalWithEscapeOrReservedCharacter_rejected() {
    for (String segment : List.of("a%20", "a;b", "a=b", "a\\b", "a?b", "a#b", "a b", "é", "a\"b")) {
      assertThatThrownBy(() -> PathPattern.parse("/" + segment))
          .as(segment)
          .hasMessage(
              "path \"/"
                  + segment
                  + "\": segment \""
                  + segment
                  + "\": a literal holds only letters, digits and -._~!$&'()+,:@");
    }
  }

  @Test
  void constructor_emptySegment_rejected() {
    assertThatThrownBy(() -> new PathPattern(List.of("a", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty segment");
  }

  @Test
  void segments_mutatedAfterConstruction_unaffected() {
    List<String> segments = new ArrayList<>(List.of("a"));
    PathPattern pattern = new PathPattern(segments);
    segments.add("b");

    assertThat(pattern.segments()).containsExactly("a");
  }

  // ---- matching, by example ----

  @Test
  void matches_literal_exactAndCaseSensitive() {
    PathPattern pattern = PathPattern.parse("/orders/items");

    assertThat(pattern.matches("/orders/items")).isTrue();
    assertThat(pattern.matches("orders//items/")).isTrue();
    assertThat(pattern.matches("/Orders/items")).isFalse();
    assertThat(pattern.matches("/orders")).isFalse();
    assertThat(pattern.matches("/orders/items/x")).isFalse();
  }

  @Test
  void matches_escapedLiteral_comparesDecoded() {
    assertThat(PathPattern.parse("/a:b").matches("/a%3Ab")).isTrue();
    assertThat(PathPattern.parse("/orders").matches("/%6Frders")).isTrue();
  }

  @Test
  void matches_root_onlyTheRoot() {
    PathPattern root = PathPattern.parse("/");

    assertThat(root.matches("/")).isTrue();
    assertThat(root.matches("")).isTrue();
    assertThat(root.matches("//")).isTrue();
    assertThat(root.matches("/a")).isFalse();
  }

  @Test
  void matches_globstar_includesNoRemainingSegment() {
    PathPattern pattern = PathPattern.parse("/orders/**");

    assertThat(pattern.matches("/orders")).isTrue();
    assertThat(pattern.matches("/orders/")).isTrue();
    assertThat(pattern.matches("/orders/1/items")).isTrue();
    assertThat(pattern.matches("/ordersX")).isFalse();
    assertThat(pattern.matches("/")).isFalse();
  }

  @Test
  void matches_pathNotInNormalForm_false() {
    PathPattern everything = PathPattern.parse("/**");

    assertThat(everything.matches("/a/../b")).isFalse();
    assertThat(everything.matches("/a;x=1")).isFalse();
    assertThat(everything.matches("/a%2Fb")).isFalse();
    assertThat(everything.matches("/a%zz")).isFalse();
  }

  // ---- matching, as properties ----

  private static final List<String> SMALL_ALPHABET = List.of("a", "b", "ab");

  @Provide
  Arbitrary<List<String>> patterns() {
    Arbitrary<String> segment =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(SMALL_ALPHABET)),
            Tuple.of(2, Arbitraries.just("*")),
            Tuple.of(2, Arbitraries.just("{x}")));
    return Combinators.combine(segment.list().ofMaxSize(4), Arbitraries.of(true, false))
        .as(
            (segments, globstar) -> {
              List<String> all = new ArrayList<>(segments);
              if (globstar) {
                all.add("**");
              }
              return all;
            });
  }

  @Provide
  Arbitrary<List<String>> smallPaths() {
    return Arbitraries.of(SMALL_ALPHABET).list().ofMaxSize(6);
  }

  /** A path as a request may spell it: any number of extra slashes anywhere. */
  private static String spell(List<String> segments, List<Integer> extraSlashes) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i <= segments.size(); i++) {
      path.append("/".repeat(extraSlashes.get(i % extraSlashes.size())));
      if (i < segments.size()) {
        path.append('/').append(segments.get(i));
      }
    }
    return path.toString();
  }

  @Provide
  Arbitrary<List<Integer>> slashes() {
    return Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(8);
  }

  /** An independent oracle: the pattern as a regular expression over the normalised path. */
  private static boolean oracle(List<String> pattern, List<String> path) {
    StringBuilder regex = new StringBuilder();
    for (String segment : pattern) {
      if (segment.equals("**")) {
        regex.append("(/[^/]+)*");
      } else if (segment.equals("*") || segment.startsWith("{")) {
        regex.append("/[^/]+");
      } else {
        regex.append('/').append(Pattern.quote(segment));
      }
    }
    StringBuilder normalised = new StringBuilder();
    path.forEach(s -> normalised.append('/').append(s));
    return Pattern.matches(regex.toString(), normalised);
  }

  @Property(tries = 1000)
  void matches_anyPatternAndPath_agreesWithRegexOracle(
      @ForAll("patterns") List<String> pattern,
      @ForAll("smallPaths") List<String> path,
      @ForAll("slashes") List<Integer> extraSlashes) {
    assertThat(new PathPattern(pattern).matches(spell(path, extraSlashes)))
        .isEqualTo(oracle(pattern, path));
  }

  @Provide
  Arbitrary<List<String>> literals() {
    return Arbitraries.strings()
        .withChars("abcXYZ019-._~!$&'()+,:@")
        .ofMinLength(1)
        .ofMaxLength(5)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list()
        .ofMaxSize(5);
  }

  @Property(tries = 500)
  void matches_literalPattern_matchesExactlyItsPathWithAnyEmptySegments(
      @ForAll("literals") List<String> literals, @ForAll("slashes") List<Integer> extraSlashes) {
    PathPattern pattern = new PathPattern(literals);

    assertThat(pattern.matches(spell(literals, extraSlashes))).isTrue();
    List<String> longer = new ArrayList<>(literals);
    longer.add("x");
    assertThat(pattern.matches(spell(longer, extraSlashes))).isFalse();
    if (!literals.isEmpty()) {
      assertThat(pattern.matches(spell(literals.subList(0, literals.size() - 1), extraSlashes)))
          .isFalse();
      List<String> changed = new ArrayList<>(literals);
      changed.set(changed.size() - 1, changed.get(changed.size() - 1) + "x");
      assertThat(pattern.matches(spell(changed, extraSlashes))).isFalse();
    }
  }

  @Provide
  Arbitrary<List<String>> anySegments() {
    // Ordinary segments of every shape, percent-encoded characters included.
    return Arbitraries.oneOf(
            Arbitraries.strings().withChars("abc.XYZ-_~%2541*{}").ofMinLength(1).ofMaxLength(6),
            Arbitraries.of("%41", "%C3%A9", "%20", "caf%C3%A9", "...", ".a", "**", "*", "{x}"))
        .filter(s -> RequestPath.segments(s) != null && !RequestPath.segments(s).isEmpty())
        .list()
        .ofMaxSize(5);
  }

  @Property(tries = 500)
  void matches_globstar_matchesEveryExtension(
      @ForAll("literals") List<String> prefix,
      @ForAll("anySegments") List<String> extension,
      @ForAll("slashes") List<Integer> extraSlashes) {
    List<String> pattern = new ArrayList<>(prefix);
    pattern.add("**");
    List<String> path = new ArrayList<>(prefix);
    path.addAll(extension);

    assertThat(new PathPattern(pattern).matches(spell(path, extraSlashes))).isTrue();
  }

  @Property(tries = 500)
  void matches_singleSegmentWildcard_neverZeroOrTwoSegments(
      @ForAll("literals") List<String> prefix,
      @ForAll("anySegments") List<String> tail,
      @ForAll boolean named,
      @ForAll @IntRange(min = 0, max = 2) int slashes) {
    List<String> pattern = new ArrayList<>(prefix);
    pattern.add(named ? "{id}" : "*");
    PathPattern wildcard = new PathPattern(pattern);
    List<String> path = new ArrayList<>(prefix);
    path.addAll(tail);

    assertThat(wildcard.matches(spell(path, List.of(slashes)))).isEqualTo(tail.size() == 1);
  }

  @Property(tries = 500)
  void toString_anyPattern_parsesBackEqual(@ForAll("patterns") List<String> segments) {
    PathPattern pattern = new PathPattern(segments);

    assertThat(PathPattern.parse(pattern.toString())).isEqualTo(pattern);
  }
}
