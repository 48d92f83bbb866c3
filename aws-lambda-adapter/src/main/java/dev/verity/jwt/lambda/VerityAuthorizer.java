package dev.verity.jwt.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.UnverifiedJwt;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.lambda.EventReader.Event;
import dev.verity.jwt.lambda.EventReader.UnknownEventException;
import dev.verity.jwt.lambda.internal.CachePolicy;
import dev.verity.jwt.lambda.internal.ContextClaims;
import dev.verity.jwt.lambda.internal.DecisionLine;
import dev.verity.jwt.lambda.internal.JsonTree;
import dev.verity.jwt.lambda.internal.Metrics;
import dev.verity.jwt.lambda.internal.Responses;
import dev.verity.jwt.web.BearerToken;
import dev.verity.jwt.web.BearerTokenResolver;
import dev.verity.jwt.web.RouteDecision;
import dev.verity.jwt.web.RouteRules;
import dev.verity.jwt.web.VeritySettings;
import dev.verity.jwt.web.VeritySettings.Adapter;
import dev.verity.jwt.web.VeritySettings.HttpApiResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ready-to-deploy API Gateway Lambda authorizer: handler {@code
 * dev.verity.jwt.lambda.VerityAuthorizer::handleRequest}, configured only by {@code VERITY_*}
 * environment variables (see docs/configuration.md), for REST {@code TOKEN} and {@code REQUEST},
 * WebSocket {@code $connect} and HTTP API payload 1.0 and 2.0 events, recognised by their shape.
 *
 * <p>Settings are read and the keys fetched when the handler is constructed (Lambda init): a
 * configuration error fails init with a message naming the variable; a JWK Set that cannot be
 * fetched does not, and invocations fail with {@code JWKS_UNAVAILABLE} (API Gateway 500) until keys
 * arrive. Each invocation then answers:
 *
 * <ul>
 *   <li>a valid token whose route the rules allow: an IAM policy allowing it ({@code principalId}
 *       from {@code principal-claim}, {@code context} from {@code context-claims}), or {@code
 *       {"isAuthorized":true}} for HTTP API 2.0 with {@code http-api-response=simple};
 *   <li>a valid token whose route the rules refuse: a policy that does not allow it (403);
 *   <li>no token, or any other rejection: the invocation fails with {@code Unauthorized} (401);
 *   <li>{@code JWKS_UNAVAILABLE}: the invocation fails with another message (500), which API
 *       Gateway never caches as an Allow or a Deny.
 * </ul>
 *
 * <p>Policies are safe for API Gateway to cache and reuse on other routes ({@link CachePolicy}).
 * One JSON line per decision goes to standard output, in CloudWatch Embedded Metric Format. Thread-
 * safe; Lambda calls it from one thread at a time.
 */
public final class VerityAuthorizer implements RequestStreamHandler {
  private static final BearerTokenResolver TOKENS = BearerTokenResolver.allowingBareTokens();

  private final VeritySettings settings;
  private final Metrics metrics;
  private final PrintStream log;
  private final InstantSource clock;
  private final RoutePolicy policy; // null: the rules alone decide
  // Strongly held: the runtime keeps registered resources weakly (org.crac's global context).
  private final SnapStartHooks snapStart;

  /**
   * Reads the {@code VERITY_*} environment variables and fetches the keys: the constructor Lambda
   * calls at init.
   *
   * @throws dev.verity.jwt.web.SettingsException naming the variable at fault
   */
  public VerityAuthorizer() {
    this(System.getenv(), System.out, InstantSource.system(), null);
  }

  /**
   * Reads the {@code VERITY_*} environment variables like {@link #VerityAuthorizer()}, and asks
   * {@code policy} about every route the rules allow. For a function of your own: keep one instance
   * in a field of your handler and delegate {@code handleRequest} to it.
   *
   * @throws dev.verity.jwt.web.SettingsException naming the variable at fault
   */
  public VerityAuthorizer(RoutePolicy policy) {
    this(
        System.getenv(),
        System.out,
        InstantSource.system(),
        java.util.Objects.requireNonNull(policy, "policy"));
  }

  VerityAuthorizer(Map<String, String> environment, PrintStream log, InstantSource clock) {
    this(environment, log, clock, null);
  }

  /**
   * Reads the settings from {@code variables} (named as environment variables, {@code VERITY_*})
   * instead of the environment, and writes the decision lines to {@code decisions}: for settings
   * kept elsewhere (a parameter store), and for tests and benchmarks.
   *
   * @throws dev.verity.jwt.web.SettingsException naming the variable at fault
   */
  public static VerityAuthorizer of(Map<String, String> variables, PrintStream decisions) {
    return new VerityAuthorizer(
        java.util.Objects.requireNonNull(variables, "variables"),
        java.util.Objects.requireNonNull(decisions, "decisions"),
        InstantSource.system(),
        null);
  }

  VerityAuthorizer(
      Map<String, String> environment, PrintStream log, InstantSource clock, RoutePolicy policy) {
    this.policy = policy;
    this.clock = clock;
    this.log = log;
    this.metrics = new Metrics(clock);
    this.settings = VeritySettings.fromEnvironment(environment, Adapter.LAMBDA_AUTHORIZER, metrics);
    settings.prime(); // false (unreachable) is not an init failure: invocations answer 500
    this.snapStart = new SnapStartHooks(settings, metrics, log, clock);
    org.crac.Core.getGlobalContext().register(snapStart);
  }

  /**
   * Answers one authorizer event.
   *
   * @throws AuthorizerException {@code Unauthorized} for a missing or rejected token; another
   *     message for {@code JWKS_UNAVAILABLE} or an event that is no authorizer event
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String requestId = context == null ? null : context.getAwsRequestId();
    Map<String, Object> event;
    try {
      event = JsonTree.readObject(input);
    } catch (IOException e) {
      new Trace(requestId, System.nanoTime()).finish("error", "INVALID_EVENT");
      throw new AuthorizerException("Invalid authorizer event: " + e.getMessage());
    }
    Answer answer = answer(event, requestId, null);
    if (answer.simple()) {
      Responses.simple(output, answer.allowed(), answer.context());
    } else {
      Responses.iamPolicy(
          output, answer.principalId(), answer.policy(), answer.context(), answer.usageKey());
    }
  }

  /** The answer to one event, in whichever form the caller writes. */
  record Answer(
      boolean simple,
      boolean allowed,
      String principalId,
      CachePolicy policy,
      Map<String, Object> context,
      String usageKey) {}

  /**
   * Decides one event: the one decision path of the stream handler and the typed handlers.
   *
   * @param simple true or false to force the HTTP API 2.0 answer's form; null to follow {@code
   *     http-api-response}
   * @throws AuthorizerException {@code Unauthorized}, or another message (500)
   */
  Answer answer(Map<String, Object> raw, String requestId, Boolean simple) {
    long start = System.nanoTime();
    Trace trace = new Trace(requestId, start);
    Event event;
    try {
      event = EventReader.read(raw);
    } catch (UnknownEventException e) {
      trace.finish("error", "INVALID_EVENT");
      throw new AuthorizerException("Invalid authorizer event: " + e.getMessage());
    }
    AuthorizerRequest request = event.request();
    trace.request = request;
    BearerToken bearer = TOKENS.resolve(authorization(event), queryTokens(request));
    if (bearer.status() != BearerToken.Status.PRESENT) {
      trace.finish(
          "unauthorized",
          bearer.status() == BearerToken.Status.ABSENT
              ? "NO_TOKEN"
              : bearer.status() == BearerToken.Status.MULTIPLE ? "MULTIPLE_TOKENS" : "MALFORMED");
      throw new AuthorizerException(AuthorizerException.UNAUTHORIZED);
    }
    String token = bearer.token().orElseThrow();
    VerificationResult result = settings.verifier().validate(token);
    if (!result.isValid()) {
      ErrorCode code = result.errorCode().orElseThrow();
      trace.unverified(token);
      if (code == ErrorCode.JWKS_UNAVAILABLE) {
        trace.finish("unavailable", code.name());
        throw new AuthorizerException(
            "JWKS_UNAVAILABLE: no usable keys; the JWK Set could not be fetched");
      }
      trace.finish("unauthorized", code.name());
      throw new AuthorizerException(AuthorizerException.UNAUTHORIZED);
    }
    VerifiedJwt jwt = result.jwt();
    trace.verified(jwt);
    String principal = text(jwt, settings.principalClaim());
    if (principal == null) {
      trace.finish("unauthorized", ErrorCode.INVALID_CLAIM.name());
      throw new AuthorizerException(AuthorizerException.UNAUTHORIZED);
    }
    trace.principal = principal;

    RouteRules rules = settings.routeRules();
    Set<String> scopes = jwt.scopes();
    Set<String> roles = new HashSet<>(jwt.roles(settings.rolesClaim().orElse(null)));
    RouteDecision decision =
        request.method().isPresent()
            ? rules.decide(request.method().get(), request.path().orElse("/"), scopes, roles)
            : rules.decideWithoutRoute(scopes);
    boolean allowed = decision.allowed();
    String refusal = refusal(decision);
    if (allowed && policy != null) {
      try {
        allowed = policy.allows(jwt, request);
      } catch (RuntimeException e) {
        trace.finish("error", "POLICY_FAILED");
        throw new AuthorizerException("The route policy failed: " + e.getClass().getSimpleName());
      }
      refusal = allowed ? null : "POLICY";
    }
    Map<String, Object> answerContext = ContextClaims.of(jwt, settings.contextClaims());
    boolean simpleAnswer =
        request.shape() == EventShape.HTTP_API_V2
            && (simple != null ? simple : settings.httpApiResponse() == HttpApiResponse.SIMPLE);
    Answer answer;
    if (simpleAnswer) {
      answer = new Answer(true, allowed, principal, null, answerContext, null);
    } else {
      CachePolicy cachePolicy =
          CachePolicy.of(request.arn(), event.arn(), rules, scopes, roles, allowed, policy != null);
      String usageKey =
          request.shape().hasUsagePlans()
              ? settings.usageIdentifierClaim().map(claim -> text(jwt, claim)).orElse(null)
              : null;
      answer = new Answer(false, allowed, principal, cachePolicy, answerContext, usageKey);
    }
    trace.finish(allowed ? "allow" : "deny", refusal);
    return answer;
  }

  /**
   * The credentials a request carries: the {@code Authorization} header lines (or a {@code TOKEN}
   * event's {@code authorizationToken}), else those identity-source values of an HTTP API event
   * that hold a bearer credential at all (a route key or another header holds none).
   */
  private static List<String> authorization(Event event) {
    if (!event.authorization().isEmpty() || event.identitySources().isEmpty()) {
      return event.authorization();
    }
    List<String> credentials = new ArrayList<>();
    for (String value : event.identitySources()) {
      if (TOKENS.resolve(value).status() != BearerToken.Status.ABSENT) {
        credentials.add(value);
      }
    }
    return credentials;
  }

  private List<String> queryTokens(AuthorizerRequest request) {
    return settings.queryToken().map(request::queryParameter).orElse(List.of());
  }

  /** A claim as text: a string as it is, a number or boolean as its JSON text; else null. */
  private static String text(VerifiedJwt jwt, String claim) {
    Object value = jwt.claimAt(claim).orElse(null);
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    return null;
  }

  private static String refusal(RouteDecision decision) {
    if (decision.allowed()) {
      return null;
    }
    if (decision.badPath()) {
      return "BAD_PATH";
    }
    return decision.missingScopes().isEmpty()
        ? "MISSING_ROLE"
        : ErrorCode.INSUFFICIENT_SCOPE.name();
  }

  /** What the decision line of one invocation says, gathered as the invocation goes. */
  private final class Trace {
    private final String requestId;
    private final long start;
    private AuthorizerRequest request;
    private String issuer;
    private String kid;
    private String principal;

    Trace(String requestId, long start) {
      this.requestId = requestId;
      this.start = start;
    }

    void verified(VerifiedJwt jwt) {
      issuer = jwt.issuer().orElse(null);
      kid = jwt.keyId().orElse(null);
    }

    /** The rejected token's own, unverified {@code iss} and {@code kid}, for the line only. */
    void unverified(String token) {
      try {
        UnverifiedJwt decoded = UnverifiedJwt.decode(token);
        kid = member(decoded.headerJson(), "kid");
        issuer = decoded.payloadJson().map(json -> member(json, "iss")).orElse(null);
      } catch (RuntimeException notDecodable) {
        // Nothing to name: the line says the code.
      }
    }

    private String member(String json, String name) {
      try {
        Object value =
            JsonTree.readObject(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .get(name);
        return value instanceof String ? (String) value : null;
      } catch (IOException notAnObject) {
        return null;
      }
    }

    void finish(String outcome, String code) {
      String route = request == null ? null : request.route();
      log.println(
          DecisionLine.render(
              new DecisionLine.Decision(
                  clock.instant(),
                  outcome,
                  code,
                  request == null ? null : request.shape().name(),
                  route,
                  issuer,
                  kid,
                  principal,
                  (System.nanoTime() - start) / 1e6,
                  requestId,
                  metrics.drain())));
    }
  }
}
