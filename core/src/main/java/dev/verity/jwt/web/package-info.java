/**
 * What every adapter (the Lambda authorizer, the servlet filter) shares: finding the bearer token
 * of a request ({@link dev.verity.jwt.web.BearerTokenResolver}), deciding a route by its rules
 * ({@link dev.verity.jwt.web.RouteRules}), and answering a failure over HTTP ({@link
 * dev.verity.jwt.web.BearerChallenge}, {@link dev.verity.jwt.web.HttpErrors}).
 */
package dev.verity.jwt.web;
