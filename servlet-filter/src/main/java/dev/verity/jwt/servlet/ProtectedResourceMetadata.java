package dev.verity.jwt.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/**
 * The two JSON documents the filter writes itself: the OAuth 2.0 protected resource metadata of RFC
 * 9728 §2 (the resource, the authorization servers issuing its tokens, the scopes its rules name,
 * how a token may be sent) and the RFC 9457 problem document of a refusal.
 */
final class ProtectedResourceMetadata {
  private static final JsonFactory JSON = new JsonFactory();

  private ProtectedResourceMetadata() {}

  static byte[] document(
      URI resource, List<String> authorizationServers, List<String> scopes, boolean queryToken) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("resource", resource.toString());
      strings(json, "authorization_servers", authorizationServers);
      strings(json, "scopes_supported", scopes);
      strings(
          json,
          "bearer_methods_supported",
          queryToken ? List.of("header", "query") : List.of("header"));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void strings(JsonGenerator json, String name, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
