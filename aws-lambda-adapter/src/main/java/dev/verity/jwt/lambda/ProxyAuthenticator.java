package dev.verity.jwt.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.lambda.internal.JsonTree;
import dev.verity.jwt.web.BearerChallenge;
import dev.verity.jwt.web.BearerToken;
import dev.verity.jwt.web.BearerTokenResolver;
import dev.verity.jwt.web.HttpOutcome;
import dev.verity.jwt.web.RouteDecision;
import dev.verity.jwt.web.VeritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * For a Lambda backend behind an API Gateway proxy integration with no authorizer in front: takes
 * the proxy event (REST payload 1.0 or HTTP API 2.0), verifies its bearer token (RFC 6750 §2.1, and
 * the {@code query-token} parameter where set) and applies the route rules to its method and path,
 * all configured by the same {@code VERITY_*} variables as the authorizer. The answer is the
 * verified token, or the proxy response to return as it is: 401 with {@code WWW-Authenticate:
 * Bearer}, 400 for two tokens, 403 {@code insufficient_scope}, or 503 with {@code Retry-After} when
 * the keys cannot be had. Thread-safe; build one per function, at init.
 */
public final class ProxyAuthenticator {
  /** What a client is told to wait when the keys cannot be fetched. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final JsonFactory JSON = new JsonFactory();

  private final VeritySettings settings;
  private final BearerChallenge challenge = BearerChallenge.withoutRealm();

  /**
   * Reads the {@code VERITY_*} environment variables and fetches the keys.
   *
   * @throws dev.verity.jwt.web.SettingsException naming the variable at fault
   */
  public ProxyAuthenticator() {
    this(System.getenv());
  }

  ProxyAuthenticator(Map<String, String> environment) {
    this.settings =
        VeritySettings.fromEnvironment(environment, VeritySettings.Adapter.LAMBDA_AUTHORIZER);
    settings.prime();
  }

  /** The outcome: a verified token, or the response that ends the request. */
  public static final class Result {
    private final VerifiedJwt jwt;
    private final Map<String, Object> response;

    private Result(VerifiedJwt jwt, Map<String, Object> response) {
      this.jwt = jwt;
      this.response = response;
    }

    /** Returns whether the request may proceed. */
    public boolean authenticated() {
      return jwt != null;
    }

    /** Returns the verified token when the request may proceed. */
    public Optional<VerifiedJwt> jwt() {
      return Optional.ofNullable(jwt);
    }

    /**
     * Returns the proxy response ({@code statusCode}, {@code headers}, {@code body}) that ends a
     * request that may not proceed.
     */
    public Optional<Map<String, Object>> response() {
      return Optional.ofNullable(response);
    }

    /** Returns {@link #response()} as the JSON a stream handler writes. */
    public Optional<String> responseJson() {
      return response().map(Result::json);
    }

    private static String json(Map<String, Object> response) {
      StringWriter text = new StringWriter();
      try (JsonGenerator json = JSON.createGenerator(text)) {
        json.writeStartObject();
        json.writeNumberField("statusCode", (Integer) response.get("statusCode"));
        json.writeObjectFieldStart("headers");
        for (Map.Entry<?, ?> header : ((Map<?, ?>) response.get("headers")).entrySet()) {
          json.writeStringField(String.valueOf(header.getKey()), String.valueOf(header.getValue()));
        }
        json.writeEndObject();
        json.writeStringField("body", (String) response.get("body"));
        json.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return text.toString();
    }
  }

  /**
   * Authenticates a proxy event read from JSON.
   *
   * @throws IOException when the input is not a JSON object within the event limits
   */
  public Result authenticate(InputStream proxyEvent) throws IOException {
    return authenticate(JsonTree.readObject(proxyEvent));
  }

  /** Authenticates a proxy event already parsed into plain values. */
  public Result authenticate(Map<String, Object> proxyEvent) {
    Objects.requireNonNull(proxyEvent, "proxyEvent");
    boolean v2 = "2.0".equals(proxyEvent.get("version"));
    Map<String, List<String>> headers =
        values(proxyEvent, v2 ? null : "multiValueHeaders", "headers", true);
    Map<String, List<String>> query =
        values(
            proxyEvent,
            v2 ? null : "multiValueQueryStringParameters",
            "queryStringParameters",
            false);
    List<String> queryTokens =
        settings.queryToken().map(name -> query.getOrDefault(name, List.of())).orElse(List.of());
    BearerToken bearer =
        BearerTokenResolver.rfc6750()
            .resolve(headers.getOrDefault("authorization", List.of()), queryTokens);
    switch (bearer.status()) {
      case ABSENT:
        return refused(challenge.missingToken());
      case MULTIPLE:
        return refused(challenge.invalidRequest());
      case MALFORMED:
        return refused(challenge.rejected(ErrorCode.MALFORMED, RETRY_AFTER));
      default:
        break;
    }
    VerificationResult result = settings.verifier().validate(bearer.token().orElseThrow());
    if (!result.isValid()) {
      return refused(challenge.rejected(result.errorCode().orElseThrow(), RETRY_AFTER));
    }
    VerifiedJwt jwt = result.jwt();
    String[] route = route(proxyEvent, v2);
    RouteDecision decision =
        route[0] == null
            ? settings.routeRules().decideWithoutRoute(jwt.scopes())
            : settings
                .routeRules()
                .decide(
                    route[0],
                    route[1],
                    jwt.scopes(),
                    new HashSet<>(jwt.roles(settings.rolesClaim().orElse(null))));
    if (!decision.allowed()) {
      return refused(challenge.refused(decision));
    }
    return new Result(jwt, null);
  }

  private static Result refused(HttpOutcome outcome) {
    Map<String, Object> headers = new LinkedHashMap<>();
    outcome.wwwAuthenticate().ifPresent(value -> headers.put("WWW-Authenticate", value));
    if (outcome.retryAfterSeconds().isPresent()) {
      headers.put("Retry-After", Long.toString(outcome.retryAfterSeconds().getAsLong()));
    }
    headers.put("Content-Type", "application/problem+json");
    headers.put("Cache-Control", "no-store");
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("statusCode", outcome.status());
    response.put("headers", headers);
    response.put("body", outcome.problemJson());
    return new Result(null, response);
  }

  /** The request's method and path: REST's {@code httpMethod} and {@code path}; 2.0's own. */
  private static String[] route(Map<String, Object> event, boolean v2) {
    if (!v2) {
      Object method = event.get("httpMethod");
      Object path = event.get("path");
      return method instanceof String && path instanceof String
          ? new String[] {(String) method, (String) path}
          : new String[2];
    }
    Object context = event.get("requestContext");
    Object http = context instanceof Map ? ((Map<?, ?>) context).get("http") : null;
    Object stage = context instanceof Map ? ((Map<?, ?>) context).get("stage") : null;
    if (!(http instanceof Map)) {
      return new String[2];
    }
    Object method = ((Map<?, ?>) http).get("method");
    Object rawPath = event.get("rawPath");
    if (!(method instanceof String) || !(rawPath instanceof String)) {
      return new String[2];
    }
    return new String[] {(String) method, EventReader.withoutStage((String) rawPath, stage)};
  }

  private static Map<String, List<String>> values(
      Map<String, Object> event, String multiName, String singleName, boolean lowerCase) {
    Object multi = multiName == null ? null : event.get(multiName);
    return EventReader.byName(multi instanceof Map ? multi : event.get(singleName), lowerCase);
  }
}
