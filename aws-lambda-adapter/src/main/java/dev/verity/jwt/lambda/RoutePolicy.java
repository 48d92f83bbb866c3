package dev.verity.jwt.lambda;

import dev.verity.jwt.VerifiedJwt;

/**
 * Custom authorization logic after the route rules: given a verified token and the request (method,
 * path, headers, source IP), whether the caller may proceed. Composed with the rules, never instead
 * of them: it is asked only about routes the rules allow, and can only refuse more.
 *
 * <p>What it answers for one route says nothing about another, so an authorizer with a policy names
 * the route asked alone in its IAM policy: API Gateway's cache then never reuses an answer for a
 * route it was not made for. Implementations must be thread-safe and quick (they run on every
 * request); an exception fails the invocation with a message other than {@code Unauthorized} (API
 * Gateway 500).
 */
@FunctionalInterface
public interface RoutePolicy {
  /**
   * Returns whether the caller may call the route the rules have allowed.
   *
   * @param jwt the verified token
   * @param request what API Gateway asked
   */
  boolean allows(VerifiedJwt jwt, AuthorizerRequest request);
}
