package dev.verity.jwt.lambda.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes the authorizer's answers as API Gateway reads them: the IAM policy response of REST,
 * WebSocket and HTTP APIs ({@code principalId}, {@code policyDocument} with {@code Version}
 * 2012-10-17 and {@code execute-api:Invoke} statements, {@code context}, {@code
 * usageIdentifierKey}) and the HTTP API 2.0 simple response ({@code isAuthorized}, {@code
 * context}).
 */
public final class Responses {
  private static final JsonFactory JSON = new JsonFactory();

  private Responses() {}

  /** Writes an IAM policy response. */
  public static void iamPolicy(
      OutputStream out,
      String principalId,
      CachePolicy policy,
      Map<String, Object> context,
      String usageIdentifierKey)
      throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.writeStartObject();
      json.writeStringField("principalId", principalId);
      json.writeObjectFieldStart("policyDocument");
      json.writeStringField("Version", "2012-10-17");
      json.writeArrayFieldStart("Statement");
      statement(json, "Allow", policy.allow());
      statement(json, "Deny", policy.deny());
      json.writeEndArray();
      json.writeEndObject();
      if (!context.isEmpty()) {
        context(json, context);
      }
      if (usageIdentifierKey != null) {
        json.writeStringField("usageIdentifierKey", usageIdentifierKey);
      }
      json.writeEndObject();
    }
  }

  /** Writes an HTTP API 2.0 simple response; the context only when authorized. */
  public static void simple(OutputStream out, boolean authorized, Map<String, Object> context)
      throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.writeStartObject();
      json.writeBooleanField("isAuthorized", authorized);
      if (authorized && !context.isEmpty()) {
        context(json, context);
      }
      json.writeEndObject();
    }
  }

  private static void statement(JsonGenerator json, String effect, List<String> resources)
      throws IOException {
    if (resources.isEmpty()) {
      return;
    }
    json.writeStartObject();
    json.writeStringField("Action", "execute-api:Invoke");
    json.writeStringField("Effect", effect);
    json.writeArrayFieldStart("Resource");
    for (String resource : resources) {
      json.writeString(resource);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void context(JsonGenerator json, Map<String, Object> context) throws IOException {
    json.writeObjectFieldStart("context");
    for (Map.Entry<String, Object> entry : context.entrySet()) {
      Object value = entry.getValue();
      json.writeFieldName(entry.getKey());
      if (value instanceof Boolean) {
        json.writeBoolean((Boolean) value);
      } else if (value instanceof BigInteger) {
        json.writeNumber((BigInteger) value);
      } else if (value instanceof BigDecimal) {
        json.writeNumber((BigDecimal) value);
      } else if (value instanceof Double || value instanceof Float) {
        json.writeNumber(((Number) value).doubleValue());
      } else if (value instanceof Number) {
        json.writeNumber(((Number) value).longValue());
      } else {
        json.writeString(String.valueOf(value));
      }
    }
    json.writeEndObject();
  }
}
