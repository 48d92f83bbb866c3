package dev.verity.jwt.lambda.internal;

import dev.verity.jwt.web.RouteRule;
import dev.verity.jwt.web.RouteRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resources an authorizer's IAM policy allows and denies, made so that API Gateway may cache
 * the policy and reuse it for every route of the stage (a {@code TOKEN} authorizer caches per
 * token, a {@code REQUEST} authorizer per identity-source values):
 *
 * <ul>
 *   <li>the route asked is allowed or refused exactly as the rules decided;
 *   <li>no other route is allowed that the rules would refuse: every resource pattern that could
 *       reach a refused route is denied, and IAM's explicit {@code Deny} beats any {@code Allow};
 *   <li>other routes get the rules' decision wherever IAM patterns can say it, and are refused
 *       where they cannot.
 * </ul>
 *
 * <p>How: with no rules, the decision is the same everywhere, so the whole stage is allowed or
 * denied. With rules, the stage is allowed, and denied are: each rule the caller does not satisfy,
 * as patterns covering at least every path it matches ({@code {id}} and {@code *} become IAM's
 * {@code *}, which also crosses {@code /}; a {@code GET} rule covers {@code HEAD} too; a {@code *}
 * rule names each method an ARN can carry); and every path the rules would not read as written
 * (empty segments, a trailing {@code /}, percent escapes, dot segments, {@code ;} and {@code \}),
 * so that what stays allowed is only paths whose segments are exactly what the rules compared.
 * Where a denied pattern would also cover the allowed route asked (a rule that an earlier rule
 * shadows for this path, an escaped path), the policy falls back to naming that route alone. A
 * route-less request (WebSocket {@code $connect}) is answered for its ARN alone.
 *
 * @param allow the resources allowed
 * @param deny the resources denied
 */
public record CachePolicy(List<String> allow, List<String> deny) {
  /** IAM's longest resource in an authorizer policy. */
  static final int MAX_RESOURCE_CHARS = 512;

  /** More denied patterns than this and the policy names the route asked alone. */
  static final int MAX_DENIED = 200;

  /** Paths the rules would not compare as written, below the stage (IAM patterns). */
  private static final List<String> NOT_NORMAL_FORM =
      List.of("*//*", "*/*?/", "*%*", "*;*", "*\\*", "*/./*", "*/.", "*/../*", "*/..");

  /** Validates and copies the resources. */
  public CachePolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /**
   * Makes the policy for one answer.
   *
   * @param arn the ARN asked about, exactly as the event named it
   * @param parsed the same ARN, parsed
   * @param rules the route rules with the required scopes
   * @param scopes the caller's scopes
   * @param roles the caller's roles
   * @param allowed whether the route asked is allowed: the rules' decision, with any custom policy
   *     applied
   * @param exactOnly true when something beyond the rules decided (a custom policy), whose answer
   *     for other routes is unknown: the policy then names the route asked alone
   */
  public static CachePolicy of(
      String arn,
      ExecuteApiArn parsed,
      RouteRules rules,
      Set<String> scopes,
      Set<String> roles,
      boolean allowed,
      boolean exactOnly) {
    String stage = parsed.stagePrefix();
    if (exactOnly || parsed.method() == null) {
      return exact(arn, allowed);
    }
    if (!scopes.containsAll(rules.requiredScopes())) {
      return new CachePolicy(List.of(), List.of(stage + "*"));
    }
    if (rules.rules().isEmpty()) {
      // Route-independent: the whole stage, and the ARN itself, which "*/*" may not cover.
      return new CachePolicy(List.of(stage + "*/*", arn), List.of());
    }
    Set<String> deny = new LinkedHashSet<>();
    for (String pattern : NOT_NORMAL_FORM) {
      deny.add(stage + pattern);
    }
    for (RouteRule rule : rules.rules()) {
      if (!scopes.containsAll(rule.scopes()) || !roles.containsAll(rule.roles())) {
        deny.addAll(covering(stage, rule));
      }
    }
    if (!allowed) {
      deny.add(bounded(arn));
      return new CachePolicy(List.of(stage + "*/*"), List.copyOf(deny));
    }
    if (deny.size() > MAX_DENIED || deny.stream().anyMatch(d -> IamGlob.matches(d, arn))) {
      return exact(arn, true);
    }
    return new CachePolicy(List.of(stage + "*/*"), List.copyOf(deny));
  }

  /**
   * The route asked alone. An ARN holding {@code *} or {@code ?} (characters a path may carry)
   * would be read as a pattern: allowing it could reach other routes, so such a route is refused
   * rather than over-allowed; an over-long ARN cannot be named at all.
   */
  private static CachePolicy exact(String arn, boolean allowed) {
    boolean nameable =
        arn.length() <= MAX_RESOURCE_CHARS && arn.indexOf('*') < 0 && arn.indexOf('?') < 0;
    if (allowed && nameable) {
      return new CachePolicy(List.of(arn), List.of());
    }
    return new CachePolicy(List.of(), List.of(bounded(arn)));
  }

  /** Patterns covering at least every request the rule matches. */
  private static List<String> covering(String stage, RouteRule rule) {
    List<String> methods;
    if (rule.method().equals("*")) {
      // Named one by one: IAM's "*" in the method's place would also cross into the path.
      methods = ExecuteApiArn.METHODS;
    } else if (rule.method().equals("GET")) {
      methods = List.of("GET", "HEAD");
    } else {
      methods = List.of(rule.method());
    }
    List<String> segments = rule.path().segments();
    boolean rest = !segments.isEmpty() && segments.get(segments.size() - 1).equals("**");
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < segments.size() - (rest ? 1 : 0); i++) {
      String segment = segments.get(i);
      path.append('/').append(isVariable(segment) ? "*" : segment);
    }
    List<String> paths = new ArrayList<>();
    if (rest) {
      paths.add(path.length() == 0 ? "/*" : path.toString());
      if (path.length() > 0) {
        paths.add(path + "/*");
      }
    } else {
      paths.add(path.length() == 0 ? "/" : path.toString());
    }
    List<String> patterns = new ArrayList<>();
    for (String method : methods) {
      for (String p : paths) {
        patterns.add(bounded(stage + method + p));
      }
    }
    return patterns;
  }

  private static boolean isVariable(String segment) {
    return segment.equals("*") || segment.startsWith("{");
  }

  /** A resource within IAM's length: cut and ended with {@code *}, which only widens it. */
  private static String bounded(String resource) {
    return resource.length() <= MAX_RESOURCE_CHARS
        ? resource
        : resource.substring(0, MAX_RESOURCE_CHARS - 1) + "*";
  }
}
