/**
 * API Gateway Lambda authorizers on Verity JWT: {@link dev.verity.jwt.lambda.VerityAuthorizer},
 * deployed as it is from {@code verity-authorizer.jar} and configured by {@code VERITY_*}
 * environment variables. {@code dev.verity.jwt.lambda.internal} is not API.
 */
package dev.verity.jwt.lambda;
