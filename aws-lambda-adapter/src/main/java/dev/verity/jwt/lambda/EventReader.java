package dev.verity.jwt.lambda;

import dev.verity.jwt.lambda.internal.ExecuteApiArn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an API Gateway authorizer event, already parsed into plain values, by its shape (the event
 * carries no type tag that tells all five apart): {@code version} "2.0" with {@code routeArn} is
 * HTTP API 2.0, {@code version} "1.0" HTTP API 1.0, {@code type} "TOKEN" a REST token authorizer,
 * and {@code type} "REQUEST" a WebSocket {@code $connect} when its ARN or {@code eventType} says
 * so, else a REST request authorizer.
 */
final class EventReader {
  private EventReader() {}

  /** An event that is no authorizer event Verity knows; API Gateway never sends one. */
  static final class UnknownEventException extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownEventException(String message) {
      super(message, null, false, false);
    }
  }

  /** What the event says: the request, and where a token may be. */
  record Event(
      AuthorizerRequest request,
      ExecuteApiArn arn,
      List<String> authorization,
      List<String> identitySources) {}

  static Event read(Map<String, Object> event) throws UnknownEventException {
    EventShape shape = shape(event);
    String arnText = text(event, shape == EventShape.HTTP_API_V2 ? "routeArn" : "methodArn");
    if (arnText == null) {
      throw new UnknownEventException("the event has no method or route ARN");
    }
    ExecuteApiArn arn;
    try {
      arn = ExecuteApiArn.parse(arnText);
    } catch (IllegalArgumentException e) {
      throw new UnknownEventException("the event's ARN is not an execute-api ARN");
    }
    Map<String, List<String>> headers =
        shape == EventShape.REST_TOKEN ? Map.of() : headers(event, shape);
    Map<String, List<String>> query =
        shape == EventShape.REST_TOKEN ? Map.of() : queryParameters(event, shape);
    String method = shape == EventShape.WEBSOCKET_CONNECT ? null : arn.method();
    String path = method == null ? null : arn.path();
    if (method == null && shape == EventShape.HTTP_API_V2) {
      // A $default route's ARN names no method or path; the request itself does.
      String[] route = httpRoute(event);
      method = route[0];
      path = method == null ? null : route[1];
    }
    AuthorizerRequest request =
        new AuthorizerRequest(shape, arnText, method, path, headers, query, sourceIp(event, shape));

    List<String> authorization;
    if (shape == EventShape.REST_TOKEN) {
      String token = text(event, "authorizationToken");
      authorization = token == null ? List.of() : List.of(token);
    } else {
      authorization = headers.getOrDefault("authorization", List.of());
    }
    return new Event(request, arn, authorization, identitySources(event, shape));
  }

  private static EventShape shape(Map<String, Object> event) throws UnknownEventException {
    String version = text(event, "version");
    String type = text(event, "type");
    if ("2.0".equals(version) && event.get("routeArn") instanceof String) {
      return EventShape.HTTP_API_V2;
    }
    if ("1.0".equals(version) && "REQUEST".equals(type)) {
      return EventShape.HTTP_API_V1;
    }
    if ("TOKEN".equals(type)) {
      return EventShape.REST_TOKEN;
    }
    if ("REQUEST".equals(type)) {
      String arn = text(event, "methodArn");
      Object context = event.get("requestContext");
      boolean connect =
          (arn != null && arn.endsWith("/$connect"))
              || (context instanceof Map
                  && "CONNECT".equals(((Map<?, ?>) context).get("eventType")));
      return connect ? EventShape.WEBSOCKET_CONNECT : EventShape.REST_REQUEST;
    }
    throw new UnknownEventException("the event is no API Gateway authorizer event");
  }

  /**
   * Header lines by lower-case name (RFC 9110 §5.1: names are case-insensitive), every value kept:
   * from {@code multiValueHeaders} where the event has them, else {@code headers}. A name sent in
   * two spellings gives two values, so two {@code Authorization} lines are never read as one.
   */
  private static Map<String, List<String>> headers(Map<String, Object> event, EventShape shape) {
    Object multi = shape == EventShape.HTTP_API_V2 ? null : event.get("multiValueHeaders");
    return byName(multi instanceof Map ? multi : event.get("headers"), true);
  }

  private static Map<String, List<String>> queryParameters(
      Map<String, Object> event, EventShape shape) {
    Object multi =
        shape == EventShape.HTTP_API_V2 ? null : event.get("multiValueQueryStringParameters");
    return byName(multi instanceof Map ? multi : event.get("queryStringParameters"), false);
  }

  /** Values by name, every value kept; names in lower case when {@code lowerCase} (headers). */
  static Map<String, List<String>> byName(Object source, boolean lowerCase) {
    if (!(source instanceof Map)) {
      return Map.of();
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) source).entrySet()) {
      String name = String.valueOf(entry.getKey());
      String key = lowerCase ? name.toLowerCase(Locale.ROOT) : name;
      List<String> list = values.computeIfAbsent(key, k -> new ArrayList<>());
      Object value = entry.getValue();
      if (value instanceof List) {
        for (Object item : (List<?>) value) {
          if (item instanceof String) {
            list.add((String) item);
          }
        }
      } else if (value instanceof String) {
        list.add((String) value);
      }
    }
    values.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return values;
  }

  /**
   * The identity-source values of an HTTP API event: an array in 2.0, one comma-joined string in
   * 1.0 (a compact JWS holds no comma, so splitting cannot cut a token).
   */
  private static List<String> identitySources(Map<String, Object> event, EventShape shape) {
    Object value = event.get("identitySource");
    List<String> sources = new ArrayList<>();
    if (shape == EventShape.HTTP_API_V2 && value instanceof List) {
      for (Object item : (List<?>) value) {
        if (item instanceof String) {
          sources.add((String) item);
        }
      }
    } else if (shape == EventShape.HTTP_API_V1 && value instanceof String) {
      for (String part : ((String) value).split(",", -1)) {
        sources.add(part.strip());
      }
    }
    return sources;
  }

  /**
   * The method and path of an HTTP API 2.0 request from {@code requestContext.http}, the stage's
   * own first segment removed from the path (a named stage's requests carry it).
   */
  private static String[] httpRoute(Map<String, Object> event) {
    Object context = event.get("requestContext");
    if (!(context instanceof Map)) {
      return new String[2];
    }
    Object http = ((Map<?, ?>) context).get("http");
    Object stage = ((Map<?, ?>) context).get("stage");
    if (!(http instanceof Map)
        || !(((Map<?, ?>) http).get("method") instanceof String)
        || !(((Map<?, ?>) http).get("path") instanceof String)) {
      return new String[2];
    }
    String method = (String) ((Map<?, ?>) http).get("method");
    return new String[] {method, withoutStage((String) ((Map<?, ?>) http).get("path"), stage)};
  }

  /** An HTTP API path without the named stage's own first segment ({@code $default} has none). */
  static String withoutStage(String path, Object stage) {
    if (stage instanceof String && !"$default".equals(stage)) {
      String prefix = "/" + stage;
      if (path.equals(prefix)) {
        return "/";
      }
      if (path.startsWith(prefix + "/")) {
        return path.substring(prefix.length());
      }
    }
    return path;
  }

  private static String sourceIp(Map<String, Object> event, EventShape shape) {
    Object context = event.get("requestContext");
    if (!(context instanceof Map)) {
      return null;
    }
    Object holder =
        ((Map<?, ?>) context).get(shape == EventShape.HTTP_API_V2 ? "http" : "identity");
    if (holder instanceof Map && ((Map<?, ?>) holder).get("sourceIp") instanceof String) {
      return (String) ((Map<?, ?>) holder).get("sourceIp");
    }
    return null;
  }

  private static String text(Map<String, Object> event, String name) {
    Object value = event.get(name);
    return value instanceof String ? (String) value : null;
  }
}
