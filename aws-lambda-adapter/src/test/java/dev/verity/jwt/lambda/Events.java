package dev.verity.jwt.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway authorizer events as API Gateway sends them (field names and nesting of the AWS
 * samples in ../shared/testdata/apigw-events), built with the values a test needs.
 */
final class Events {
  static final String API = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/";

  private Events() {}

  static String restToken(String authorizationToken, String method, String path) {
    return "{\"type\":\"TOKEN\",\"authorizationToken\":"
        + quote(authorizationToken)
        + ",\"methodArn\":"
        + quote(API + method + path)
        + "}";
  }

  static String restRequest(String method, String path, Map<String, String> headers) {
    return restRequest(method, path, headers, Map.of());
  }

  static String restRequest(
      String method, String path, Map<String, String> headers, Map<String, String> query) {
    return "{\"type\":\"REQUEST\",\"methodArn\":"
        + quote(API + method + path)
        + ",\"resource\":"
        + quote(path)
        + ",\"path\":"
        + quote(path)
        + ",\"httpMethod\":"
        + quote(method)
        + ",\"headers\":"
        + object(headers)
        + ",\"queryStringParameters\":"
        + object(query)
        + ",\"requestContext\":{\"stage\":\"prod\",\"identity\":{\"sourceIp\":\"203.0.113.7\"}}}";
  }

  static String webSocketConnect(Map<String, String> headers) {
    return "{\"type\":\"REQUEST\",\"methodArn\":"
        + quote(API + "$connect")
        + ",\"headers\":"
        + object(headers)
        + ",\"requestContext\":{\"routeKey\":\"$connect\",\"eventType\":\"CONNECT\","
        + "\"stage\":\"prod\",\"identity\":{\"sourceIp\":\"203.0.113.7\"}}}";
  }

  static String httpApiV1(String method, String path, String authorization) {
    return "{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":"
        + quote(API + method + path)
        + ",\"identitySource\":"
        + quote(authorization)
        + ",\"authorizationToken\":"
        + quote(authorization)
        + ",\"path\":"
        + quote(path)
        + ",\"httpMethod\":"
        + quote(method)
        + ",\"headers\":"
        + object(Map.of("Authorization", authorization))
        + ",\"requestContext\":{\"stage\":\"prod\",\"identity\":{\"sourceIp\":\"203.0.113.7\"}}}";
  }

  static String httpApiV2(String method, String path, String authorization) {
    return "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":"
        + quote(API + method + path)
        + ",\"identitySource\":["
        + quote(authorization)
        + "],\"routeKey\":"
        + quote(method + " " + path)
        + ",\"rawPath\":"
        + quote(path)
        + ",\"headers\":"
        + object(Map.of("authorization", authorization))
        + ",\"requestContext\":{\"http\":{\"method\":"
        + quote(method)
        + ",\"path\":"
        + quote(path)
        + ",\"sourceIp\":\"203.0.113.7\"},\"stage\":\"prod\"}}";
  }

  static Map<String, String> bearer(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    return headers;
  }

  static String object(Map<String, String> members) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> member : members.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(quote(member.getKey())).append(':').append(quote(member.getValue()));
    }
    return json.append('}').toString();
  }

  static String quote(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }
}
