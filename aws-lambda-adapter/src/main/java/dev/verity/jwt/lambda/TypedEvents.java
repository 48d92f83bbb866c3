package dev.verity.jwt.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed events of {@code aws-lambda-java-events} as the raw events they were read from, so the
 * typed handlers take the stream handler's one decision path. Only the members the authorizer reads
 * are carried over.
 */
final class TypedEvents {
  private TypedEvents() {}

  static Map<String, Object> raw(APIGatewayCustomAuthorizerEvent event) {
    Map<String, Object> raw = new LinkedHashMap<>();
    put(raw, "version", event.getVersion());
    put(raw, "type", event.getType());
    put(raw, "methodArn", event.getMethodArn());
    put(raw, "identitySource", event.getIdentitySource());
    put(raw, "authorizationToken", event.getAuthorizationToken());
    put(raw, "path", event.getPath());
    put(raw, "httpMethod", event.getHttpMethod());
    put(raw, "headers", event.getHeaders());
    put(raw, "queryStringParameters", event.getQueryStringParameters());
    APIGatewayCustomAuthorizerEvent.RequestContext context = event.getRequestContext();
    if (context != null) {
      Map<String, Object> rawContext = new LinkedHashMap<>();
      put(rawContext, "stage", context.getStage());
      if (context.getIdentity() != null) {
        Map<String, Object> identity = new LinkedHashMap<>();
        put(identity, "sourceIp", context.getIdentity().getSourceIp());
        rawContext.put("identity", identity);
      }
      raw.put("requestContext", rawContext);
    }
    return raw;
  }

  static Map<String, Object> raw(APIGatewayV2CustomAuthorizerEvent event) {
    Map<String, Object> raw = new LinkedHashMap<>();
    put(raw, "version", event.getVersion());
    put(raw, "type", event.getType());
    put(raw, "routeArn", event.getRouteArn());
    put(raw, "identitySource", event.getIdentitySource());
    put(raw, "headers", event.getHeaders());
    put(raw, "queryStringParameters", event.getQueryStringParameters());
    APIGatewayV2CustomAuthorizerEvent.RequestContext context = event.getRequestContext();
    if (context != null) {
      Map<String, Object> rawContext = new LinkedHashMap<>();
      put(rawContext, "stage", context.getStage());
      APIGatewayV2CustomAuthorizerEvent.Http http = context.getHttp();
      if (http != null) {
        Map<String, Object> rawHttp = new LinkedHashMap<>();
        put(rawHttp, "method", http.getMethod());
        put(rawHttp, "path", http.getPath());
        put(rawHttp, "sourceIp", http.getSourceIp());
        rawContext.put("http", rawHttp);
      }
      raw.put("requestContext", rawContext);
    }
    return raw;
  }

  private static void put(Map<String, Object> raw, String name, Object value) {
    if (value != null) {
      raw.put(name, value);
    }
  }
}
