package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.lambda.internal.CachePolicy;
import dev.verity.jwt.lambda.internal.ExecuteApiArn;
import dev.verity.jwt.web.RouteDecision;
import dev.verity.jwt.web.RouteRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cache safety, checked exhaustively: for rule sets, callers and every route of a universe of
 * methods and paths (with the spellings a cache could be reused for: trailing slashes, empty
 * segments, escapes, dot segments, {@code ;}), the policy made for one route, evaluated with IAM's
 * rules (explicit Deny wins; {@code *} crosses {@code /}) by a matcher written here, allows the
 * route asked exactly when the rules do, and never allows another route the rules refuse.
 */
class CachePolicyTest {
  private static final String STAGE = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/";

  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE");

  private static final List<String> PATHS =
      List.of(
          "/",
          "/orders",
          "/orders/",
          "//orders",
          "/orders/7",
          "/orders//7",
          "/orders/7/items",
          "/orders/mine",
          "/%6Frders/7",
          "/orders/%2e%2e/admin",
          "/orders/./7",
          "/orders/7;x=1",
          "/orders/../admin",
          "/admin",
          "/admin/users",
          "/public/a",
          "/public/../admin",
          "/ordersx",
          "/health",
          "/a\\b");

  static Stream<Arguments> cases() {
    List<String> ruleSets =
        List.of(
            "",
            "GET /orders/**=orders:read; DELETE /orders/{id}=role:admin",
            "GET /orders/mine=; GET /orders/**=role:admin; * /admin/**=role:admin",
            "* /**=orders:read",
            "POST /orders=orders:write; GET /public/**=; * /admin/**=role:admin admin:all",
            "GET /=; GET /*=orders:read");
    List<Set<String>> scopeSets =
        List.of(
            Set.of(), Set.of("orders:read"), Set.of("orders:read", "orders:write", "admin:all"));
    List<Set<String>> roleSets = List.of(Set.of(), Set.of("admin"));
    List<Arguments> cases = new ArrayList<>();
    for (String rules : ruleSets) {
      for (String required : List.of("", "orders:read")) {
        for (Set<String> scopes : scopeSets) {
          for (Set<String> roles : roleSets) {
            cases.add(Arguments.of(rules, required, scopes, roles));
          }
        }
      }
    }
    return cases.stream();
  }

  private static boolean iamAllows(CachePolicy policy, String arn) {
    if (policy.deny().stream().anyMatch(p -> glob(p).matcher(arn).matches())) {
      return false;
    }
    return policy.allow().stream().anyMatch(p -> glob(p).matcher(arn).matches());
  }

  private static final java.util.Map<String, Pattern> GLOBS = new java.util.HashMap<>();

  private static Pattern glob(String resource) {
    return GLOBS.computeIfAbsent(resource, CachePolicyTest::compile);
  }

  private static Pattern compile(String resource) {
    StringBuilder regex = new StringBuilder();
    for (char c : resource.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  @ParameterizedTest(name = "rules [{0}] required [{1}] scopes {2} roles {3}")
  @MethodSource("cases")
  void everyPolicy_exactForTheRouteAskedAndNeverAllowsARefusedRoute(
      String ruleText, String required, Set<String> scopes, Set<String> roles) {
    RouteRules rules =
        (ruleText.isEmpty() ? RouteRules.none() : RouteRules.parse(ruleText))
            .withRequiredScopes(required.isEmpty() ? List.of() : List.of(required));
    for (String askedMethod : METHODS) {
      for (String askedPath : PATHS) {
        String arn = STAGE + askedMethod + askedPath;
        RouteDecision decision = rules.decide(askedMethod, askedPath, scopes, roles);
        CachePolicy policy =
            CachePolicy.of(
                arn, ExecuteApiArn.parse(arn), rules, scopes, roles, decision.allowed(), false);

        assertThat(iamAllows(policy, arn))
            .as("the route asked, %s %s, under %s", askedMethod, askedPath, policy)
            .isEqualTo(decision.allowed());
        for (String method : METHODS) {
          for (String path : PATHS) {
            if (iamAllows(policy, STAGE + method + path)) {
              assertThat(rules.decide(method, path, scopes, roles).allowed())
                  .as(
                      "%s %s reused from %s %s under %s",
                      method, path, askedMethod, askedPath, policy)
                  .isTrue();
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exactCases")
  void expressibleRules_otherCanonicalRoutesGetTheRulesDecision(String ruleText) {
    RouteRules rules = RouteRules.parse(ruleText);
    Set<String> scopes = Set.of("orders:read");
    String asked = STAGE + "GET/orders/7";
    CachePolicy policy =
        CachePolicy.of(
            asked,
            ExecuteApiArn.parse(asked),
            rules,
            scopes,
            Set.of(),
            rules.decide("GET", "/orders/7", scopes, Set.of()).allowed(),
            false);

    for (String method : List.of("GET", "POST", "DELETE")) {
      for (String path :
          List.of("/orders", "/orders/8", "/orders/8/items", "/health", "/admin/x")) {
        assertThat(iamAllows(policy, STAGE + method + path))
            .as("%s %s", method, path)
            .isEqualTo(rules.decide(method, path, scopes, Set.of()).allowed());
      }
    }
  }

  static Stream<String> exactCases() {
    return Stream.of(
        "GET /orders/**=orders:read; * /admin/**=role:admin",
        "GET /orders/**=orders:read; POST /orders=orders:write; DELETE /orders/**=role:admin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arns")
  void routeLessArn_namesTheRouteAlone(String arn) {
    RouteRules rules = RouteRules.parse("GET /orders/**=orders:read");
    RouteDecision decision = rules.decideWithoutRoute(Set.of());

    CachePolicy policy =
        CachePolicy.of(
            arn, ExecuteApiArn.parse(arn), rules, Set.of(), Set.of(), decision.allowed(), false);

    assertThat(policy.allow()).containsExactly(arn);
    assertThat(policy.deny()).isEmpty();
  }

  static Stream<String> arns() {
    return Stream.of(STAGE + "$connect", STAGE + "$default");
  }
}
