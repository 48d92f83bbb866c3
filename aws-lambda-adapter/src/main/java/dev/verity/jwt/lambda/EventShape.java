package dev.verity.jwt.lambda;

/** The API Gateway authorizer events {@link VerityAuthorizer} recognises, by their shape. */
public enum EventShape {
  /** REST API {@code TOKEN} authorizer: {@code authorizationToken} and {@code methodArn}. */
  REST_TOKEN,
  /** REST API {@code REQUEST} authorizer: headers, query, {@code methodArn}. */
  REST_REQUEST,
  /** WebSocket API {@code $connect} ({@code REQUEST}): no method or path of its own. */
  WEBSOCKET_CONNECT,
  /** HTTP API authorizer, payload format 1.0: REST's shape with {@code version: "1.0"}. */
  HTTP_API_V1,
  /** HTTP API authorizer, payload format 2.0: {@code routeArn}, {@code identitySource} array. */
  HTTP_API_V2;

  /** Whether the answer may carry {@code usageIdentifierKey} (API keys exist on REST APIs only). */
  boolean hasUsagePlans() {
    return this == REST_TOKEN || this == REST_REQUEST;
  }
}
