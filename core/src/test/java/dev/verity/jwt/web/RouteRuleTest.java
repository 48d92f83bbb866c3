package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RouteRuleTest {
  private static final PathPattern ORDERS = PathPattern.parse("/orders/**");

  @Test
  void toString_scopesAndRoles_printsRuleSyntaxScopesFirst() {
    RouteRule rule = new RouteRule("GET", ORDERS, List.of("orders:read", "api"), List.of("admin"));

    assertThat(rule).hasToString("GET /orders/**=orders:read api role:admin");
  }

  @Test
  void toString_noRequirements_endsWithEquals() {
    assertThat(new RouteRule("*", PathPattern.parse("/health"), List.of(), List.of()))
        .hasToString("* /health=");
  }

  @Test
  void constructor_repeatedRequirements_keptOnceInOrder() {
    RouteRule rule = new RouteRule("GET", ORDERS, List.of("b", "a", "b"), List.of("x", "y", "x"));

    assertThat(rule.scopes()).containsExactly("b", "a");
    assertThat(rule.roles()).containsExactly("x", "y");
  }

  @Test
  void constructor_methodNotAToken_rejected() {
    assertThatThrownBy(() -> new RouteRule("GE T", ORDERS, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method \"GE T\" is not an HTTP method token (RFC 9110 §5.6.2) or '*'");
    assertThatThrownBy(() -> new RouteRule("", ORDERS, List.of(), List.of()))
        .hasMessage("method \"\" is not an HTTP method token (RFC 9110 §5.6.2) or '*'");
  }

  @Test
  void constructor_lowerCaseMethod_keptAsWritten() {
    assertThat(new RouteRule("get", ORDERS, List.of(), List.of()).method()).isEqualTo("get");
  }

  @Test
  void constructor_scopeWithRolePrefix_rejected() {
    assertThatThrownBy(() -> new RouteRule("GET", ORDERS, List.of("role:admin"), List.of()))
        .hasMessage(
            "scope \"role:admin\" would be read as a role; list it in roles without 'role:'");
  }

  @Test
  void constructor_scopeOutsideCharset_rejected() {
    for (String scope : List.of("a\"b", "a\\b", "a b", "é", "a;b", "a\u007Fb")) {
      assertThatThrownBy(() -> new RouteRule("GET", ORDERS, List.of(scope), List.of()))
          .as(scope)
          .hasMessage(
              "scope \""
                  + scope
                  + "\" has a character outside the RFC 6749 §3.3 scope-token set, or ';'");
    }
  }

  @Test
  void constructor_emptyScopeOrRole_rejected() {
    assertThatThrownBy(() -> new RouteRule("GET", ORDERS, List.of(""), List.of()))
        .hasMessage("empty scope");
    assertThatThrownBy(() -> new RouteRule("GET", ORDERS, List.of(), List.of("")))
        .hasMessage("empty role");
  }

  @Test
  void constructor_roleOutsideCharset_rejected() {
    assertThatThrownBy(() -> new RouteRule("GET", ORDERS, List.of(), List.of("a b")))
        .hasMessage(
            "role \"a b\" has a character outside the RFC 6749 §3.3 scope-token set, or ';'");
  }

  @Test
  void parse_requirementWithEquals_isOneScope() {
    RouteRule rule = RouteRule.parse("GET /a=x=y");

    assertThat(rule.scopes()).containsExactly("x=y");
    assertThat(rule).hasToString("GET /a=x=y");
  }

  @Provide
  Arbitrary<RouteRule> rules() {
    Arbitrary<String> method =
        Arbitraries.of("*", "GET", "POST", "DELETE", "get", "M-SEARCH", "A!#$%&'*+.^_`|~1");
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withChars("abcXYZ019-._~!$&'()+,:@")
                .ofMinLength(1)
                .ofMaxLength(6)
                .filter(s -> !s.equals(".") && !s.equals("..")),
            Arbitraries.of("*", "{id}", "{a_b-1}"));
    Arbitrary<List<String>> path =
        Combinators.combine(segment.list().ofMaxSize(4), Arbitraries.of(true, false))
            .as(
                (segments, globstar) -> {
                  List<String> all = new ArrayList<>(segments);
                  if (globstar) {
                    all.add("**");
                  }
                  return all;
                });
    Arbitrary<String> token =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(8)
            .filter(s -> s.indexOf('"') < 0 && s.indexOf('\\') < 0 && s.indexOf(';') < 0)
            .filter(s -> !s.startsWith("role:"));
    return Combinators.combine(method, path, token.list().ofMaxSize(3), token.list().ofMaxSize(3))
        .as((m, p, scopes, roles) -> new RouteRule(m, new PathPattern(p), scopes, roles));
  }

  @Property(tries = 500)
  void toString_anyRule_parsesBackEqual(@ForAll("rules") RouteRule rule) {
    assertThat(RouteRule.parse(rule.toString())).isEqualTo(rule);
  }

  @Property(tries = 200)
  void toString_anyRules_joinedWithSemicolon_parseBackEqual(
      @ForAll("rules") RouteRule first, @ForAll("rules") RouteRule second) {
    RouteRules parsed = RouteRules.parse(first + " ;\n " + second);

    assertThat(parsed.rules()).containsExactly(first, second);
  }
}
