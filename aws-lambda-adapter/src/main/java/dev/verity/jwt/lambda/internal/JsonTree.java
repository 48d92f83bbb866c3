package dev.verity.jwt.lambda.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document (an API Gateway event) into plain values: {@code Map}, {@code List},
 * {@code String}, {@code Boolean}, {@code Number} and null, within fixed limits, so that an
 * oversized or deeply nested event costs a bounded amount before it is refused. Duplicate member
 * names are refused (RFC 8259 §4 leaves them undefined; two {@code Authorization} headers must not
 * be read as one).
 */
public final class JsonTree {
  /**
   * Largest event read: Lambda's synchronous payload limit is 6 MB; authorizer events are small.
   */
  public static final int MAX_EVENT_BYTES = 1 << 20;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(32)
                  .maxNumberLength(64)
                  .maxStringLength(MAX_EVENT_BYTES)
                  .maxDocumentLength(MAX_EVENT_BYTES)
                  .build())
          .build();

  private JsonTree() {}

  /**
   * Reads a JSON object.
   *
   * @throws IOException when the input is not one JSON object within the limits
   */
  public static Map<String, Object> readObject(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new IOException("the event is larger than " + MAX_EVENT_BYTES + " bytes");
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the event is not a JSON object");
      }
      Map<String, Object> object = readObjectBody(parser);
      if (parser.nextToken() != null) {
        throw new IOException("text after the event's JSON object");
      }
      return object;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Jackson's messages quote the text they stopped at, which may be a token: never passed on.
      throw new IOException("the event is not JSON within the limits");
    }
  }

  private static Object readValue(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT:
        return readObjectBody(parser);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(readValue(parser));
        }
        return Collections.unmodifiableList(list);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + parser.currentToken());
    }
  }

  private static Map<String, Object> readObjectBody(JsonParser parser) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      object.put(name, readValue(parser));
    }
    return Collections.unmodifiableMap(object);
  }
}
