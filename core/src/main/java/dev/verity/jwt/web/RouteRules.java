package dev.verity.jwt.web;

import dev.verity.jwt.internal.Ascii;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The route rules and required scopes of an adapter: which scopes and roles a caller with a valid
 * token needs for a request. Immutable and thread-safe; components are never null.
 *
 * <p>Rules are written {@code METHOD PATH=REQUIREMENT ...} and separated by {@code ;}, for example
 * {@code GET /orders/**=orders:read; POST /orders=orders:write; DELETE /orders/{id}=role:admin}
 * (see {@link #parse(String)}). The first rule whose method and path match applies. The {@link
 * #requiredScopes()} are needed on every request, whether a rule applies or not; a request no rule
 * applies to needs nothing more.
 *
 * <p>Path matching never lets a request through because of how its path is spelled. The path given
 * to {@link #decide} is the raw (percent-encoded) request path the adapter holds, without query,
 * with or without a leading {@code /}: context-relative in a servlet container, the resource path
 * after the stage behind API Gateway. It is split on {@code /} and empty segments ({@code //}, a
 * trailing {@code /}) are ignored; each segment is percent-decoded exactly once (RFC 3986 §2.1,
 * UTF-8 per §2.5) and compared with literal rule segments exactly and case-sensitively. Nothing is
 * stripped or resolved. A path with a malformed escape or UTF-8 sequence, or a segment that decodes
 * to {@code .} or {@code ..} (RFC 3986 §3.3) or holds {@code /}, {@code ;}, {@code \}, NUL or any
 * other control character, is not in normal form, and so is one with a segment that would be one of
 * those if decoded again (such as {@code %252e}, for back ends that decode twice): when there is at
 * least one rule such a path is refused outright ({@link RouteDecision#badPath()}), not matched;
 * with no rules the path plays no part and is not examined. An adapter whose platform hands it
 * decoded paths encodes {@code %} (as {@code %25}) before calling, or the path is decoded twice.
 */
public record RouteRules(List<RouteRule> rules, List<String> requiredScopes) {
  private static final RouteRules NONE = new RouteRules(List.of(), List.of());

  /**
   * Validates and copies the rules and required scopes; a repeated required scope is kept once.
   *
   * @throws IllegalArgumentException if a required scope is not an RFC 6749 §3.3 scope-token
   */
  public RouteRules {
    rules = List.copyOf(rules);
    requiredScopes = List.copyOf(new LinkedHashSet<>(requiredScopes));
    for (String scope : requiredScopes) {
      if (!Ascii.isScopeToken(scope)) {
        throw new IllegalArgumentException(
            "required scope \"" + scope + "\" is not an RFC 6749 §3.3 scope-token");
      }
    }
  }

  /** Returns no rules and no required scopes: every valid token is allowed everywhere. */
  public static RouteRules none() {
    return NONE;
  }

  /**
   * Parses route rules, without required scopes.
   *
   * <p>Rules are separated by {@code ;}; white space (space, tab, CR, LF) around rules, words and
   * requirements is ignored, and text of only white space holds no rules. Each rule is {@code
   * METHOD PATH=REQUIREMENTS}: the method is an RFC 9110 method token, compared case-sensitively
   * and not normalised, or {@code *} for any; the path a {@link PathPattern}; the requirements,
   * separated by white space, are all needed, each a scope ({@code orders:read}) or a role ({@code
   * role:admin}); none at all ({@code GET /health=}) means any valid token. A scope requirement is
   * met only by a scope of the token, a role requirement only by a role.
   *
   * @throws IllegalArgumentException naming the rule by its 1-based position and text and saying
   *     what is wrong, e.g. {@code rule 2 ("POST /orders"): missing '='}; an empty rule (as in
   *     {@code ;;} or a trailing {@code ;}) is an error too
   */
  public static RouteRules parse(String text) {
    Objects.requireNonNull(text, "text");
    if (RouteRule.words(text).isEmpty()) {
      return NONE;
    }
    List<RouteRule> rules = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = text.indexOf(';', start);
      String rule = trim(text.substring(start, end < 0 ? text.length() : end));
      try {
        rules.add(RouteRule.parse(rule));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "rule " + (rules.size() + 1) + " (\"" + rule + "\"): " + e.getMessage(), e);
      }
      if (end < 0) {
        return new RouteRules(rules, List.of());
      }
      start = end + 1;
    }
  }

  private static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && Syntax.isWhite(text.charAt(start))) {
      start++;
    }
    while (end > start && Syntax.isWhite(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /**
   * Returns these rules with {@code scopes} as the required scopes, replacing any before.
   *
   * @throws IllegalArgumentException if a scope is not an RFC 6749 §3.3 scope-token
   */
  public RouteRules withRequiredScopes(Collection<String> scopes) {
    return new RouteRules(rules, List.copyOf(scopes));
  }

  /**
   * Decides a request: the required scopes, plus the requirements of the first rule that applies.
   *
   * @param method the request method, exactly as received
   * @param path the raw request path (see the class comment)
   * @param scopes the token's scopes
   * @param roles the caller's roles
   */
  public RouteDecision decide(String method, String path, Set<String> scopes, Set<String> roles) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(roles, "roles");
    if (rules.isEmpty()) {
      return decideWithoutRoute(scopes);
    }
    List<String> segments = RequestPath.segments(path);
    if (segments == null) {
      return RouteDecision.of(requiredScopes, List.of(), scopes, roles, OptionalInt.empty(), true);
    }
    for (int i = 0; i < rules.size(); i++) {
      RouteRule rule = rules.get(i);
      if (rule.appliesTo(method, segments)) {
        LinkedHashSet<String> needed = new LinkedHashSet<>(requiredScopes);
        needed.addAll(rule.scopes());
        return RouteDecision.of(
            List.copyOf(needed), rule.roles(), scopes, roles, OptionalInt.of(i), false);
      }
    }
    return RouteDecision.of(requiredScopes, List.of(), scopes, roles, OptionalInt.empty(), false);
  }

  /**
   * Decides a request that has no method or path (a WebSocket {@code $connect}): only the required
   * scopes apply.
   */
  public RouteDecision decideWithoutRoute(Set<String> scopes) {
    Objects.requireNonNull(scopes, "scopes");
    return RouteDecision.of(
        requiredScopes, List.of(), scopes, Set.of(), OptionalInt.empty(), false);
  }
}
