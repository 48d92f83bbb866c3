package dev.verity.jwt.web;

import dev.verity.jwt.internal.Ascii;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One route rule, {@code METHOD PATH=REQUIREMENT ...}: the requests it applies to and what a caller
 * needs there. Immutable and thread-safe; components are never null.
 *
 * <p>A rule with neither scopes nor roles lets any valid token through. {@link #toString()} prints
 * the rule in the syntax {@link RouteRules#parse(String)} reads, scopes before roles, and parsing
 * it gives an equal rule.
 *
 * @param method an RFC 9110 §5.6.2 method token, compared case-sensitively, or {@code *} for any
 *     method; a {@code GET} rule also covers {@code HEAD} (RFC 9110 §9.3.2)
 * @param path the path pattern
 * @param scopes the scopes needed, in order, without duplicates: RFC 6749 §3.3 scope-tokens without
 *     {@code ;} (which separates rules) and not starting with {@code role:}
 * @param roles the roles needed (written {@code role:NAME}), in order, without duplicates: the same
 *     characters as a scope
 */
public record RouteRule(String method, PathPattern path, List<String> scopes, List<String> roles) {
  private static final String ROLE_PREFIX = "role:";

  /**
   * Validates the rule and copies its lists; repeated scopes or roles are kept once.
   *
   * @throws IllegalArgumentException if the method is not a token or {@code *}, or a scope or role
   *     cannot be written in the rule syntax
   */
  public RouteRule {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (!Syntax.isToken(method)) {
      throw new IllegalArgumentException(
          "method \"" + method + "\" is not an HTTP method token (RFC 9110 §5.6.2) or '*'");
    }
    scopes = List.copyOf(new LinkedHashSet<>(scopes));
    roles = List.copyOf(new LinkedHashSet<>(roles));
    for (String scope : scopes) {
      if (scope.startsWith(ROLE_PREFIX)) {
        throw new IllegalArgumentException(
            "scope \"" + scope + "\" would be read as a role; list it in roles without 'role:'");
      }
      checkRequirement("scope", scope);
    }
    for (String role : roles) {
      checkRequirement("role", role);
    }
  }

  private static void checkRequirement(String kind, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty " + kind);
    }
    if (!Ascii.isScopeToken(value) || value.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          kind
              + " \""
              + value
              + "\" has a character outside the RFC 6749 §3.3 scope-token set, or ';'");
    }
  }

  /** Parses one rule's text, already trimmed; messages say what is wrong without the rule index. */
  static RouteRule parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty rule");
    }
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("missing '='");
    }
    List<String> head = words(text.substring(0, equals));
    if (head.isEmpty()) {
      throw new IllegalArgumentException("missing method and path before '='");
    }
    if (head.size() == 1) {
      throw new IllegalArgumentException(
          head.get(0).startsWith("/") ? "missing method before the path" : "missing path");
    }
    if (head.size() > 2) {
      throw new IllegalArgumentException("unexpected \"" + head.get(2) + "\" after the path");
    }
    PathPattern path = PathPattern.parse(head.get(1));
    List<String> scopes = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    for (String requirement : words(text.substring(equals + 1))) {
      if (requirement.startsWith(ROLE_PREFIX)) {
        String role = requirement.substring(ROLE_PREFIX.length());
        if (role.isEmpty()) {
          throw new IllegalArgumentException("empty role in \"role:\"");
        }
        roles.add(role);
      } else {
        scopes.add(requirement);
      }
    }
    return new RouteRule(head.get(0), path, scopes, roles);
  }

  /** Splits on runs of white space, dropping empty words. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && Syntax.isWhite(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && !Syntax.isWhite(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        words.add(text.substring(start, i));
      }
    }
    return words;
  }

  /**
   * Whether the rule covers the request method. A {@code GET} rule covers {@code HEAD} too: a
   * server answers HEAD with GET's status and headers (RFC 9110 §9.3.2, and the servlet API's
   * default {@code doHead} runs {@code doGet}), so a HEAD the rule did not cover would learn what
   * the GET rule protects.
   */
  boolean appliesToMethod(String requestMethod) {
    return method.equals("*")
        || method.equals(requestMethod)
        || (method.equals("GET") && requestMethod.equals("HEAD"));
  }

  /** Returns whether the rule applies to the method and the decoded request segments. */
  boolean appliesTo(String requestMethod, List<String> segments) {
    return appliesToMethod(requestMethod) && path.matches(segments);
  }

  /** Returns the rule in the syntax {@link RouteRules#parse(String)} reads. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(method).append(' ').append(path).append('=');
    String separator = "";
    for (String scope : scopes) {
      text.append(separator).append(scope);
      separator = " ";
    }
    for (String role : roles) {
      text.append(separator).append(ROLE_PREFIX).append(role);
      separator = " ";
    }
    return text.toString();
  }
}
