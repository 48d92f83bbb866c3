package dev.verity.jwt.lambda;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What API Gateway asked the authorizer, read from the raw event: the shape, the ARN of the method
 * or route, the request method and resource path the rules see, the headers and query parameters
 * (names of headers in lower case), and the caller's address. Never holds the token on its own; the
 * {@code Authorization} header is among the headers as sent. Immutable.
 */
public final class AuthorizerRequest {
  private final EventShape shape;
  private final String arn;
  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> queryParameters;
  private final String sourceIp;

  AuthorizerRequest(
      EventShape shape,
      String arn,
      String method,
      String path,
      Map<String, List<String>> headers,
      Map<String, List<String>> queryParameters,
      String sourceIp) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.arn = Objects.requireNonNull(arn, "arn");
    this.method = method;
    this.path = path;
    this.headers = Map.copyOf(headers);
    this.queryParameters = Map.copyOf(queryParameters);
    this.sourceIp = sourceIp;
  }

  /** Returns the event's shape. */
  public EventShape shape() {
    return shape;
  }

  /** Returns {@code methodArn} (REST, WebSocket, HTTP API 1.0) or {@code routeArn} (2.0). */
  public String arn() {
    return arn;
  }

  /** Returns the request method; empty for a WebSocket {@code $connect}. */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /** Returns the raw resource path after the stage, with a leading {@code /}; empty without one. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Returns every value of a header, by name in any case; empty when absent. */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }

  /** Returns the headers, by lower-case name. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns every value of a query parameter; empty when absent. */
  public List<String> queryParameter(String name) {
    return queryParameters.getOrDefault(name, List.of());
  }

  /** Returns the caller's IP address as API Gateway saw it, when the event names it. */
  public Optional<String> sourceIp() {
    return Optional.ofNullable(sourceIp);
  }

  /** Returns the route as {@code METHOD /path}, or the ARN's route key ({@code $connect}). */
  String route() {
    return method == null ? arn.substring(arn.lastIndexOf('/') + 1) : method + " " + path;
  }

  /** Returns the shape and route; never a header value. */
  @Override
  public String toString() {
    return shape + " " + route();
  }
}
