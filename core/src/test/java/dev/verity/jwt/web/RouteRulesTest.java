package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RouteRulesTest {
  private static final String EXAMPLE =
      "GET /orders/**=orders:read; POST /orders=orders:write; DELETE /orders/{id}=role:admin";
  private static final RouteRules RULES = RouteRules.parse(EXAMPLE);

  private static RouteDecision decide(
      RouteRules rules, String method, String path, String... scopes) {
    return rules.decide(method, path, Set.of(scopes), Set.of());
  }

  // ---- parsing ----

  @Test
  void parse_designExample_threeRules() {
    assertThat(RULES.rules())
        .containsExactly(
            new RouteRule(
                "GET", PathPattern.parse("/orders/**"), List.of("orders:read"), List.of()),
            new RouteRule("POST", PathPattern.parse("/orders"), List.of("orders:write"), List.of()),
            new RouteRule(
                "DELETE", PathPattern.parse("/orders/{id}"), List.of(), List.of("admin")));
    assertThat(RULES.requiredScopes()).isEmpty();
  }

  @Test
  void parse_whiteSpaceAroundEverything_ignored() {
    RouteRules rules = RouteRules.parse("\n\t GET \t /a =  x \r\n role:y \t;\n* /b=\n");

    assertThat(rules.rules())
        .extracting(RouteRule::toString)
        .containsExactly("GET /a=x role:y", "* /b=");
  }

  @Test
  void parse_emptyOrWhiteSpaceText_noRules() {
    assertThat(RouteRules.parse("")).isEqualTo(RouteRules.none());
    assertThat(RouteRules.parse(" \t\r\n")).isEqualTo(RouteRules.none());
  }

  @Test
  void parse_emptyRequirement_anyValidToken() {
    RouteRule rule = RouteRules.parse("GET /health=").rules().get(0);

    assertThat(rule.scopes()).isEmpty();
    assertThat(rule.roles()).isEmpty();
  }

  private static void assertParseError(String text, String message) {
    assertThatThrownBy(() -> RouteRules.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void parse_missingEquals_namesRule() {
    assertParseError("GET /a=x; POST /orders", "rule 2 (\"POST /orders\"): missing '='");
  }

  @Test
  void parse_emptyRule_namesRule() {
    assertParseError("GET /a=x;; POST /b=y", "rule 2 (\"\"): empty rule");
    assertParseError("GET /a=x;", "rule 2 (\"\"): empty rule");
    assertParseError(";GET /a=x", "rule 1 (\"\"): empty rule");
  }

  @Test
  void parse_missingMethodOrPath_namesRule() {
    assertParseError("/orders=x", "rule 1 (\"/orders=x\"): missing method before the path");
    assertParseError("GET=x", "rule 1 (\"GET=x\"): missing path");
    assertParseError("=x", "rule 1 (\"=x\"): missing method and path before '='");
  }

  @Test
  void parse_extraWordBeforeEquals_namesRule() {
    assertParseError("GET /a /b=x", "rule 1 (\"GET /a /b=x\"): unexpected \"/b\" after the path");
  }

  @Test
  void parse_badMethod_namesRule() {
    assertParseError(
        "G(T /a=x",
        "rule 1 (\"G(T /a=x\"): method \"G(T\" is not an HTTP method token (RFC 9110 §5.6.2) or '*'");
  }

  @Test
  void parse_pathWithoutSlash_namesRule() {
    assertParseError(
        "GET orders=x", "rule 1 (\"GET orders=x\"): path \"orders\" must start with '/'");
  }

  @Test
  void parse_globstarNotLast_namesRule() {
    assertParseError(
        "GET /a=x; GET /a/**/b=x",
        "rule 2 (\"GET /a/**/b=x\"): path \"/a/**/b\": '**' must be the last segment");
  }

  @Test
  void parse_badSegment_namesRule() {
    assertParseError(
        "GET /a%20b=x",
        "rule 1 (\"GET /a%20b=x\"): path \"/a%20b\": segment \"a%20b\": a literal holds only"
            + " letters, digits and -._~!$&'()+,:@");
    assertParseError(
        "GET /a/..=x",
        "rule 1 (\"GET /a/..=x\"): path \"/a/..\": segment \"..\": a dot segment never matches a"
            + " request path");
  }

  @Test
  void parse_emptyRole_namesRule() {
    assertParseError("GET /a=x role:", "rule 1 (\"GET /a=x role:\"): empty role in \"role:\"");
  }

  @Test
  void parse_badScope_namesRule() {
    assertParseError(
        "GET /a=x \"y\"",
        "rule 1 (\"GET /a=x \"y\"\"): scope \"\"y\"\" has a character outside the RFC 6749 §3.3"
            + " scope-token set, or ';'");
  }

  @Test
  void withRequiredScopes_badScope_rejected() {
    assertThatThrownBy(() -> RULES.withRequiredScopes(List.of("a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("required scope \"a b\" is not an RFC 6749 §3.3 scope-token");
  }

  @Test
  void withRequiredScopes_calledTwice_replaces() {
    RouteRules rules = RULES.withRequiredScopes(List.of("a")).withRequiredScopes(List.of("b", "b"));

    assertThat(rules.requiredScopes()).containsExactly("b");
    assertThat(rules.rules()).isEqualTo(RULES.rules());
    assertThat(RULES.requiredScopes()).isEmpty();
  }

  // ---- deciding ----

  @Test
  void decide_designExample_readNeedsOrdersRead() {
    RouteDecision allowed = decide(RULES, "GET", "/orders/7/items", "orders:read");
    RouteDecision refused = decide(RULES, "GET", "/orders", "orders:write");

    assertThat(allowed)
        .isEqualTo(
            new RouteDecision(
                List.of("orders:read"), List.of(), List.of(), OptionalInt.of(0), false));
    assertThat(allowed.allowed()).isTrue();
    assertThat(refused)
        .isEqualTo(
            new RouteDecision(
                List.of("orders:read"),
                List.of("orders:read"),
                List.of(),
                OptionalInt.of(0),
                false));
    assertThat(refused.allowed()).isFalse();
  }

  @Test
  void decide_designExample_postNeedsOrdersWriteOnlyOnCollection() {
    assertThat(decide(RULES, "POST", "/orders", "orders:write").allowed()).isTrue();
    assertThat(decide(RULES, "POST", "/orders").missingScopes()).containsExactly("orders:write");
    RouteDecision subPath = decide(RULES, "POST", "/orders/7");
    assertThat(subPath.allowed()).isTrue();
    assertThat(subPath.matchedRule()).isEmpty();
  }

  @Test
  void decide_designExample_deleteNeedsRoleNotScope() {
    RouteDecision scopeOnly = RULES.decide("DELETE", "/orders/7", Set.of("admin"), Set.of());
    RouteDecision role = RULES.decide("DELETE", "/orders/7", Set.of(), Set.of("admin"));

    assertThat(scopeOnly.allowed()).isFalse();
    assertThat(scopeOnly.missingRoles()).containsExactly("admin");
    assertThat(scopeOnly.missingScopes()).isEmpty();
    assertThat(scopeOnly.neededScopes()).isEmpty();
    assertThat(scopeOnly.matchedRule()).hasValue(2);
    assertThat(role.allowed()).isTrue();
  }

  @Test
  void decide_scopeRequirement_notMetByRole() {
    RouteDecision decision = RULES.decide("POST", "/orders", Set.of(), Set.of("orders:write"));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.missingScopes()).containsExactly("orders:write");
  }

  @Test
  void decide_methodComparedCaseSensitively() {
    RouteDecision decision = decide(RULES, "get", "/orders");

    assertThat(decision.matchedRule()).isEmpty();
    assertThat(decision.allowed()).isTrue();
  }

  @Test
  void decide_anyMethodRule_matchesEveryMethod() {
    RouteRules rules = RouteRules.parse("* /admin/**=role:admin");

    for (String method : List.of("GET", "PATCH", "get", "BREW")) {
      assertThat(rules.decide(method, "/admin/x", Set.of(), Set.of()).missingRoles())
          .as(method)
          .containsExactly("admin");
    }
  }

  @Test
  void decide_firstMatchWins_laterBroaderRuleIgnored() {
    RouteRules rules = RouteRules.parse("GET /orders/public=; GET /orders/**=orders:read");

    RouteDecision decision = decide(rules, "GET", "/orders/public");

    assertThat(decision.matchedRule()).hasValue(0);
    assertThat(decision.allowed()).isTrue();
  }

  @Test
  void decide_requiredScopesOnUnmatchedPath_stillNeeded() {
    RouteRules rules = RULES.withRequiredScopes(List.of("api"));

    RouteDecision without = decide(rules, "GET", "/customers");
    RouteDecision with = decide(rules, "GET", "/customers", "api");

    assertThat(without)
        .isEqualTo(
            new RouteDecision(
                List.of("api"), List.of("api"), List.of(), OptionalInt.empty(), false));
    assertThat(with.allowed()).isTrue();
  }

  @Test
  void decide_requiredScopesWithNoRules_neededEverywhere() {
    RouteRules rules = RouteRules.none().withRequiredScopes(List.of("api"));

    assertThat(decide(rules, "GET", "/anything").missingScopes()).containsExactly("api");
    assertThat(decide(rules, "GET", "/anything", "api").allowed()).isTrue();
  }

  @Test
  void decide_requiredAndRuleScopes_neededInOrderWithoutDuplicates() {
    RouteRules rules =
        RouteRules.parse("GET /orders/**=orders:read api audit role:clerk")
            .withRequiredScopes(List.of("api", "tenant"));

    RouteDecision decision = rules.decide("GET", "/orders/1", Set.of("tenant", "audit"), Set.of());

    assertThat(decision.neededScopes()).containsExactly("api", "tenant", "orders:read", "audit");
    assertThat(decision.missingScopes()).containsExactly("api", "orders:read");
    assertThat(decision.missingRoles()).containsExactly("clerk");
  }

  @Test
  void decide_noRules_everyValidTokenAllowedAnyPath() {
    assertThat(decide(RouteRules.none(), "GET", "/a/../b").allowed()).isTrue();
    assertThat(decide(RouteRules.none(), "GET", "/a/../b").badPath()).isFalse();
  }

  @Test
  void decide_badPathWithRules_refusedAsBadPath() {
    RouteRules rules = RouteRules.parse("GET /public/**=").withRequiredScopes(List.of("api"));

    RouteDecision decision = decide(rules, "GET", "/public/../admin", "api");

    assertThat(decision)
        .isEqualTo(
            new RouteDecision(List.of("api"), List.of(), List.of(), OptionalInt.empty(), true));
    assertThat(decision.allowed()).isFalse();
  }

  @Test
  void decideWithoutRoute_onlyRequiredScopes() {
    RouteRules rules = RULES.withRequiredScopes(List.of("api"));

    assertThat(rules.decideWithoutRoute(Set.of()))
        .isEqualTo(
            new RouteDecision(
                List.of("api"), List.of("api"), List.of(), OptionalInt.empty(), false));
    assertThat(rules.decideWithoutRoute(Set.of("api")).allowed()).isTrue();
  }

  // ---- first match wins, as a property ----

  @Provide
  Arbitrary<List<RouteRule>> ruleLists() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", "*", "{x}");
    Arbitrary<PathPattern> path =
        Combinators.combine(segment.list().ofMaxSize(3), Arbitraries.of(true, false))
            .as(
                (segments, globstar) -> {
                  List<String> all = new ArrayList<>(segments);
                  if (globstar) {
                    all.add("**");
                  }
                  return new PathPattern(all);
                });
    Arbitrary<RouteRule> rule =
        Combinators.combine(
                Arbitraries.of("*", "GET", "POST"),
                path,
                Arbitraries.of("s1", "s2", "s3").list().ofMaxSize(2))
            .as((method, p, scopes) -> new RouteRule(method, p, scopes, List.of()));
    return rule.list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(tries = 500)
  void decide_anyRules_appliesFirstRuleThatMatches(
      @ForAll("ruleLists") List<RouteRule> rules,
      @ForAll("requestMethods") String method,
      @ForAll("requestPaths") String path) {
    RouteDecision decision =
        new RouteRules(rules, List.of("req")).decide(method, path, Set.of(), Set.of());

    int expected = -1;
    for (int i = 0; i < rules.size() && expected < 0; i++) {
      RouteRule rule = rules.get(i);
      if ((rule.method().equals("*") || rule.method().equals(method))
          && rule.path().matches(path)) {
        expected = i;
      }
    }
    if (expected < 0) {
      assertThat(decision.matchedRule()).isEmpty();
      assertThat(decision.neededScopes()).containsExactly("req");
    } else {
      assertThat(decision.matchedRule()).hasValue(expected);
      List<String> needed = new ArrayList<>(List.of("req"));
      needed.addAll(rules.get(expected).scopes());
      assertThat(decision.neededScopes()).isEqualTo(needed);
    }
    assertThat(decision.missingScopes()).isEqualTo(decision.neededScopes());
  }

  @Provide
  Arbitrary<String> requestMethods() {
    return Arbitraries.of("GET", "POST", "PUT");
  }

  @Provide
  Arbitrary<String> requestPaths() {
    return Arbitraries.of("a", "b", "c").list().ofMaxSize(4).map(s -> "/" + String.join("/", s));
  }

  @Test
  void decide_headOnAGetRule_needsWhatGetNeeds() {
    RouteRules rules = RouteRules.parse("GET /orders/**=orders:read");

    assertThat(rules.decide("HEAD", "/orders/1", Set.of(), Set.of()).allowed()).isFalse();
    assertThat(rules.decide("HEAD", "/orders/1", Set.of("orders:read"), Set.of()).allowed())
        .isTrue();
    // Only GET reaches HEAD: a POST rule says nothing about HEAD, nor a HEAD rule about GET.
    assertThat(RouteRules.parse("HEAD /x=a").decide("GET", "/x", Set.of(), Set.of()).allowed())
        .isTrue();
  }
}
