package dev.verity.jwt.web;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What {@link RouteRules} decided for one request: whether the caller may proceed, and why not.
 * Immutable and thread-safe; components are never null.
 *
 * <p>{@link #neededScopes()} is what a 403 names in the {@code scope} attribute of its {@code
 * WWW-Authenticate: Bearer} challenge (RFC 6750 §3) when {@link #missingScopes()} is not empty.
 *
 * @param neededScopes every scope the request needs: the required scopes, then the matched rule's
 *     scopes, in order, without duplicates
 * @param missingScopes the needed scopes the caller lacks, in the same order
 * @param missingRoles the matched rule's roles the caller lacks, in order
 * @param matchedRule the index in {@link RouteRules#rules()} of the first rule that applies (0 for
 *     the first rule), or empty when none applies
 * @param badPath whether the request path is not in normal form, which refuses the request whatever
 *     the caller holds (see {@link RouteRules})
 */
public record RouteDecision(
    List<String> neededScopes,
    List<String> missingScopes,
    List<String> missingRoles,
    OptionalInt matchedRule,
    boolean badPath) {

  /**
   * Validates and copies the decision.
   *
   * @throws IllegalArgumentException if a scope repeats or a missing scope is not needed, the rule
   *     index is negative, or a bad path names a rule
   */
  public RouteDecision {
    neededScopes = List.copyOf(neededScopes);
    missingScopes = List.copyOf(missingScopes);
    missingRoles = List.copyOf(missingRoles);
    Objects.requireNonNull(matchedRule, "matchedRule");
    if (new HashSet<>(neededScopes).size() != neededScopes.size()) {
      throw new IllegalArgumentException("needed scopes repeat a scope: " + neededScopes);
    }
    if (!neededScopes.containsAll(missingScopes)) {
      throw new IllegalArgumentException(
          "missing scopes " + missingScopes + " are not all needed " + neededScopes);
    }
    if (matchedRule.isPresent() && matchedRule.getAsInt() < 0) {
      throw new IllegalArgumentException("negative rule index " + matchedRule.getAsInt());
    }
    if (badPath && matchedRule.isPresent()) {
      throw new IllegalArgumentException("a bad path matches no rule");
    }
  }

  /** Builds the decision for a caller holding {@code scopes} and {@code roles}. */
  static RouteDecision of(
      List<String> neededScopes,
      List<String> neededRoles,
      Set<String> scopes,
      Set<String> roles,
      OptionalInt matchedRule,
      boolean badPath) {
    return new RouteDecision(
        neededScopes,
        neededScopes.stream().filter(s -> !scopes.contains(s)).toList(),
        neededRoles.stream().filter(r -> !roles.contains(r)).toList(),
        matchedRule,
        badPath);
  }

  /** Returns whether the request may proceed: a path in normal form and nothing missing. */
  public boolean allowed() {
    return !badPath && missingScopes.isEmpty() && missingRoles.isEmpty();
  }
}
