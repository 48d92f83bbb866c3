package dev.verity.jwt.lambda.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One log line per decision, in CloudWatch Embedded Metric Format: a JSON object whose {@code _aws}
 * member tells CloudWatch which members are metrics (namespace {@code Verity}: {@code Decisions}
 * and {@code Latency} by outcome and by outcome and code; {@code JwksFetches}, {@code
 * JwksFetchFailures}, {@code TokenCacheHits} and {@code KeySetAge} without dimensions), while the
 * other members stay searchable with Logs Insights. Written by hand rather than with the
 * aws-embedded-metrics library: the document is a few members, and the library's first flush costs
 * a cold start hundreds of milliseconds and jackson-databind.
 *
 * <p>Never holds the token or any header value; {@code issuer} and {@code kid} of a rejected token
 * are unverified, so they are cut at {@link #MAX_VALUE_CHARS} and JSON-escaped like every value.
 */
public final class DecisionLine {
  /** Longest untrusted value written; the rest is cut. */
  public static final int MAX_VALUE_CHARS = 128;

  private static final JsonFactory JSON = new JsonFactory();

  private DecisionLine() {}

  /** What one line says. */
  public record Decision(
      Instant at,
      String outcome,
      String code,
      String shape,
      String route,
      String issuer,
      String kid,
      String principal,
      double latencyMillis,
      String requestId,
      Metrics.Snapshot metrics) {}

  /** Renders the line, without a line break. */
  public static String render(Decision d) {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeObjectFieldStart("_aws");
      json.writeNumberField("Timestamp", d.at().toEpochMilli());
      json.writeArrayFieldStart("CloudWatchMetrics");
      json.writeStartObject();
      json.writeStringField("Namespace", "Verity");
      json.writeArrayFieldStart("Dimensions");
      json.writeStartArray();
      json.writeString("Outcome");
      json.writeEndArray();
      json.writeStartArray();
      json.writeString("Outcome");
      json.writeString("Code");
      json.writeEndArray();
      json.writeEndArray();
      json.writeArrayFieldStart("Metrics");
      metric(json, "Decisions", "Count");
      metric(json, "Latency", "Milliseconds");
      json.writeEndArray();
      json.writeEndObject();
      json.writeStartObject();
      json.writeStringField("Namespace", "Verity");
      json.writeArrayFieldStart("Dimensions");
      json.writeStartArray();
      json.writeEndArray();
      json.writeEndArray();
      json.writeArrayFieldStart("Metrics");
      metric(json, "JwksFetches", "Count");
      metric(json, "JwksFetchFailures", "Count");
      metric(json, "TokenCacheHits", "Count");
      if (d.metrics().keySetAge() != null) {
        metric(json, "KeySetAge", "Seconds");
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();

      json.writeStringField("Outcome", d.outcome());
      json.writeStringField("Code", d.code() == null ? "NONE" : d.code());
      json.writeNumberField("Decisions", 1);
      json.writeNumberField("Latency", Math.round(d.latencyMillis() * 1000) / 1000.0);
      json.writeNumberField("JwksFetches", d.metrics().fetches());
      json.writeNumberField("JwksFetchFailures", d.metrics().fetchFailures());
      json.writeNumberField("TokenCacheHits", d.metrics().tokenCacheHits());
      if (d.metrics().keySetAge() != null) {
        json.writeNumberField("KeySetAge", d.metrics().keySetAge().toSeconds());
      }
      json.writeStringField("event", "verity.decision");
      optional(json, "shape", d.shape());
      optional(json, "route", d.route());
      optional(json, "issuer", d.issuer());
      optional(json, "kid", d.kid());
      optional(json, "principal", d.principal());
      optional(json, "requestId", d.requestId());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * Renders a line for a SnapStart hook: {@code event}, whether the keys were fetched, their age in
   * seconds, and how many signature checks warmed the path.
   */
  public static String lifecycle(
      Instant at, String event, boolean fetched, java.time.Duration keySetAge, int warmed) {
    StringWriter text = new StringWriter(128);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("event", event);
      json.writeStringField("time", at.toString());
      json.writeBooleanField("keysFetched", fetched);
      if (keySetAge != null) {
        json.writeNumberField("keySetAgeSeconds", keySetAge.toSeconds());
      }
      json.writeNumberField("signatureChecksWarmed", warmed);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void metric(JsonGenerator json, String name, String unit) throws IOException {
    json.writeStartObject();
    json.writeStringField("Name", name);
    json.writeStringField("Unit", unit);
    json.writeEndObject();
  }

  private static void optional(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, cut(value));
    }
  }

  /** Cuts a value at {@link #MAX_VALUE_CHARS}, never between the halves of a surrogate pair. */
  static String cut(String value) {
    if (value.length() <= MAX_VALUE_CHARS) {
      return value;
    }
    int end = MAX_VALUE_CHARS;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "…";
  }
}
