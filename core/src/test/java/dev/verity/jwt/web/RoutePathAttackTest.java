package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Request paths spelled to reach one route while matching another: dot segments, path parameters,
 * encoded separators, malformed and overlong escapes, double encoding. None is ever matched; with
 * rules, each is refused as a bad path.
 */
class RoutePathAttackTest {
  /** Rules that let any token read {@code /public} and reserve the rest to admins. */
  private static final RouteRules RULES = RouteRules.parse("GET /public/**=; * /**=role:admin");

  private static final List<String> TRICKS =
      List.of(
          ".",
          "..",
          "%2e",
          "%2E",
          "%2e%2e",
          "%2E%2E",
          ".%2e",
          "%2e.",
          "..%2f",
          "%2e%2e%2f",
          ";",
          "a;b",
          "public;x=1",
          "..;",
          "%3b",
          "%3B",
          "a%3Bb",
          "%2f",
          "%2F",
          "a%2fb",
          "%2f..",
          "\\",
          "a\\b",
          "..\\",
          "%5c",
          "%5C",
          "..%5c",
          "%00",
          "a%00",
          "a\u0000",
          "%0a",
          "%0D",
          "\t",
          "%7f",
          "%",
          "%2",
          "a%",
          "%zz",
          "%g0",
          "%%32%65",
          "%c0%ae",
          "%C0%AE%C0%AE",
          "%e0%80%ae",
          "%c0%af",
          "%c1%9c",
          "%ff",
          "%c3",
          "%ed%a0%80",
          "%252e",
          "%252e%252e",
          "%252f",
          "%255c",
          "%253b",
          "%25252e%25252e",
          "%2500");

  @Provide
  Arbitrary<String> tricks() {
    return Arbitraries.of(TRICKS);
  }

  @Provide
  Arbitrary<List<String>> ordinarySegments() {
    return Arbitraries.of("public", "admin", "a", "%41", "...", ".hidden", "%25")
        .list()
        .ofMaxSize(4);
  }

  private static String pathWith(List<String> segments, int position, String trick) {
    List<String> all = new ArrayList<>(segments);
    all.add(Math.min(position, all.size()), trick);
    return "/" + String.join("/", all);
  }

  @Property(tries = 1000)
  void decide_trickSegmentAnywhere_refusedAsBadPath(
      @ForAll("ordinarySegments") List<String> segments,
      @ForAll("tricks") String trick,
      @ForAll int position) {
    String path = pathWith(segments, Math.floorMod(position, segments.size() + 1), trick);

    RouteDecision decision = RULES.decide("GET", path, Set.of(), Set.of("admin"));

    assertThat(decision.badPath()).as(path).isTrue();
    assertThat(decision.allowed()).as(path).isFalse();
    assertThat(decision.matchedRule()).as(path).isEmpty();
  }

  @Property(tries = 1000)
  void matches_trickSegmentAnywhere_noPatternMatches(
      @ForAll("ordinarySegments") List<String> segments,
      @ForAll("tricks") String trick,
      @ForAll int position) {
    String path = pathWith(segments, Math.floorMod(position, segments.size() + 1), trick);

    assertThat(PathPattern.parse("/**").matches(path)).as(path).isFalse();
    assertThat(PathPattern.parse("/public/**").matches(path)).as(path).isFalse();
  }

  @Test
  void decide_dotDotOutOfPublic_notAllowedAsPublic() {
    assertThat(RULES.decide("GET", "/public/../admin/users", Set.of(), Set.of()).allowed())
        .isFalse();
    assertThat(RULES.decide("GET", "/public/%2e%2e/admin/users", Set.of(), Set.of()).allowed())
        .isFalse();
  }

  @Test
  void decide_pathParameterOnPublic_notAllowedAsPublic() {
    assertThat(RULES.decide("GET", "/public;jsessionid=1/x", Set.of(), Set.of()).allowed())
        .isFalse();
    assertThat(RULES.decide("GET", "/admin;/x", Set.of(), Set.of()).allowed()).isFalse();
  }

  @Test
  void decide_encodedSlashInsidePublicSegment_notAllowedAsPublic() {
    assertThat(RULES.decide("GET", "/public%2f..%2fadmin", Set.of(), Set.of()).allowed()).isFalse();
  }

  @Test
  void decide_doubleEncodedDotDot_notAllowedAsPublic() {
    assertThat(RULES.decide("GET", "/public/%252e%252e/admin", Set.of(), Set.of()).allowed())
        .isFalse();
  }

  @Test
  void decide_overlongDot_notAllowedAsPublic() {
    assertThat(RULES.decide("GET", "/public/%c0%ae%c0%ae/admin", Set.of(), Set.of()).allowed())
        .isFalse();
  }

  @Test
  void decide_backslashTraversal_notAllowedAsPublic() {
    assertThat(RULES.decide("GET", "/public/..\\admin", Set.of(), Set.of()).allowed()).isFalse();
    assertThat(RULES.decide("GET", "/public/..%5cadmin", Set.of(), Set.of()).allowed()).isFalse();
  }

  @Test
  void decide_caseVariantOfLiteral_notMatchedAsLiteral() {
    RouteDecision decision = RULES.decide("GET", "/PUBLIC/x", Set.of(), Set.of());

    assertThat(decision.matchedRule()).hasValue(1);
    assertThat(decision.allowed()).isFalse();
  }

  @Test
  void decide_normalPublicPath_allowed() {
    assertThat(RULES.decide("GET", "//public//a/%41/.../", Set.of(), Set.of()).allowed()).isTrue();
  }
}
