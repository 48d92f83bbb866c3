package dev.verity.jwt.servlet;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.web.BearerChallenge;
import dev.verity.jwt.web.BearerToken;
import dev.verity.jwt.web.BearerTokenResolver;
import dev.verity.jwt.web.HttpOutcome;
import dev.verity.jwt.web.PathPattern;
import dev.verity.jwt.web.RouteDecision;
import dev.verity.jwt.web.RouteRules;
import dev.verity.jwt.web.SettingsException;
import dev.verity.jwt.web.VeritySettings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * RFC 6750 bearer-token authentication for any Jakarta Servlet 6 container: one filter, configured
 * by {@code verity.*} init parameters (docs/configuration.md) or by {@link #builder(JwtVerifier)}
 * in code.
 *
 * <p>Each request is answered as RFC 6750 §3 says: no bearer token 401 with a challenge that names
 * no error; two tokens 400 {@code invalid_request}; a rejected token 401 {@code invalid_token};
 * {@code INSUFFICIENT_SCOPE} or a route rule that refuses 403 {@code insufficient_scope} naming the
 * scopes the route needs; {@code JWKS_UNAVAILABLE} 503 with {@code Retry-After}. Paths in {@code
 * public-paths} and CORS preflights pass untouched. A request let through reaches the application
 * with its principal ({@link JwtPrincipal}), remote user, roles (the roles claim, and every scope),
 * auth type {@code BEARER} and the request attribute {@value #VERIFIED_JWT_ATTRIBUTE}.
 *
 * <p>Paths are matched inside the application, after the container's own normalisation (the context
 * path removed, dot segments resolved, {@code ;} parameters dropped), the way it maps servlets: so
 * {@code /public/../orders} and {@code /orders;x=1} meet the rules of {@code /orders}. A request
 * already authenticated by this filter (a forward, include, error or async dispatch of one) is not
 * verified again and keeps its principal. Thread-safe once initialised.
 */
public final class BearerTokenFilter implements Filter {
  /** The request attribute holding the {@link VerifiedJwt}. */
  public static final String VERIFIED_JWT_ATTRIBUTE = "dev.verity.jwt.VerifiedJwt";

  /** What {@code getAuthType()} answers. */
  public static final String AUTH_TYPE = "BEARER";

  /** What a client is told to wait when the keys cannot be fetched. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** Where the protected resource metadata is served, inside the application (RFC 9728 §3). */
  public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

  private static final BearerTokenResolver TOKENS = BearerTokenResolver.rfc6750();

  private JwtVerifier verifier;
  private RouteRules rules;
  private List<PathPattern> publicPaths;
  private BearerChallenge challenge;
  private String queryToken;
  private String principalClaim;
  private String rolesClaim;
  private VeritySettings.ErrorBody errorBody = VeritySettings.ErrorBody.NONE;
  private List<String> corsOrigins = List.of();
  private URI resource; // null: no protected resource metadata
  private List<String> authorizationServers = List.of();
  private byte[] metadata; // the metadata document, made at init
  private final boolean configuredInCode;

  /** The filter a container makes from {@code web.xml} or a registration: configured at init. */
  public BearerTokenFilter() {
    this.configuredInCode = false;
  }

  private BearerTokenFilter(Builder builder) {
    this.configuredInCode = true;
    this.verifier = builder.verifier;
    this.rules = builder.rules;
    this.publicPaths = List.copyOf(builder.publicPaths);
    this.challenge =
        builder.realm == null
            ? BearerChallenge.withoutRealm()
            : BearerChallenge.withRealm(builder.realm);
    this.queryToken = builder.queryToken;
    this.principalClaim = builder.principalClaim;
    this.rolesClaim = builder.rolesClaim;
    this.errorBody = builder.errorBody;
    this.corsOrigins = List.copyOf(builder.corsOrigins);
    this.resource = builder.resource;
    this.authorizationServers = List.copyOf(builder.authorizationServers);
  }

  /** Starts a filter configured in code around a ready verifier (caches, engines, issuers). */
  public static Builder builder(JwtVerifier verifier) {
    return new Builder(verifier);
  }

  /**
   * Reads the {@code verity.*} init parameters, builds the verifier and fetches its keys; a filter
   * made by {@link #builder} only fetches its keys.
   *
   * @throws ServletException naming the parameter at fault
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (configuredInCode) {
      verifier.prime();
      publishMetadata(config);
      return;
    }
    Map<String, String> parameters = new HashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      parameters.put(name, config.getInitParameter(name));
    }
    VeritySettings settings;
    try {
      settings = VeritySettings.fromProperties(parameters, VeritySettings.Adapter.SERVLET_FILTER);
      settings.prime(); // a key set that cannot be fetched now is not an error: 503 until it is
    } catch (SettingsException e) {
      throw new ServletException(e.getMessage(), e);
    }
    verifier = settings.verifier();
    rules = settings.routeRules();
    publicPaths = settings.publicPaths();
    challenge = settings.challenge();
    queryToken = settings.queryToken().orElse(null);
    principalClaim = settings.principalClaim();
    rolesClaim = settings.rolesClaim().orElse(null);
    errorBody = settings.errorBody();
    corsOrigins = settings.corsOrigins();
    resource = settings.resource().orElse(null);
    authorizationServers = settings.issuers();
    publishMetadata(config);
  }

  /**
   * With a resource identifier, makes the RFC 9728 metadata document and names its URL in every
   * challenge: the resource's scheme and authority, this application's context path, then {@link
   * #METADATA_PATH}.
   */
  private void publishMetadata(FilterConfig config) {
    if (resource == null) {
      return;
    }
    String contextPath = config.getServletContext().getContextPath();
    URI url =
        URI.create(
            resource.getScheme()
                + "://"
                + resource.getRawAuthority()
                + contextPath
                + METADATA_PATH);
    challenge = challenge.withResourceMetadata(url);
    Set<String> scopes = new LinkedHashSet<>(rules.requiredScopes());
    for (var rule : rules.rules()) {
      scopes.addAll(rule.scopes());
    }
    metadata =
        ProtectedResourceMetadata.document(
            resource, authorizationServers, List.copyOf(scopes), queryToken != null);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse answer = (HttpServletResponse) response;
    if (http.getAttribute(VERIFIED_JWT_ATTRIBUTE) instanceof VerifiedJwt
        && http.getUserPrincipal() instanceof JwtPrincipal) {
      chain.doFilter(request, response); // a dispatch of a request already let through
      return;
    }
    if (isPreflight(http)) {
      chain.doFilter(request, response);
      return;
    }
    String path = applicationPath(http);
    if (metadata != null
        && path.equals(METADATA_PATH)
        && ("GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod()))) {
      answer.setStatus(200);
      answer.setContentType("application/json");
      answer.setHeader("Access-Control-Allow-Origin", "*"); // public by definition (RFC 9728 §3)
      answer.setContentLength(metadata.length);
      if ("GET".equals(http.getMethod())) {
        answer.getOutputStream().write(metadata);
      }
      return;
    }
    for (PathPattern pattern : publicPaths) {
      if (pattern.matches(path)) {
        chain.doFilter(request, response);
        return;
      }
    }
    BearerToken bearer =
        TOKENS.resolve(Collections.list(http.getHeaders("Authorization")), queryTokens(http));
    switch (bearer.status()) {
      case ABSENT:
        refuse(http, answer, challenge.missingToken());
        return;
      case MULTIPLE:
        refuse(http, answer, challenge.invalidRequest());
        return;
      case MALFORMED:
        refuse(http, answer, challenge.rejected(ErrorCode.MALFORMED, RETRY_AFTER));
        return;
      default:
        break;
    }
    VerificationResult result = verifier.validate(bearer.token().orElseThrow());
    if (!result.isValid()) {
      refuse(http, answer, challenge.rejected(result.errorCode().orElseThrow(), RETRY_AFTER));
      return;
    }
    VerifiedJwt jwt = result.jwt();
    Object name = jwt.claimAt(principalClaim).orElse(null);
    if (!(name instanceof String || name instanceof Number || name instanceof Boolean)) {
      refuse(http, answer, challenge.rejected(ErrorCode.INVALID_CLAIM, RETRY_AFTER));
      return;
    }
    Set<String> roles = new LinkedHashSet<>(jwt.roles(rolesClaim));
    RouteDecision decision = rules.decide(http.getMethod(), path, jwt.scopes(), roles);
    if (!decision.allowed()) {
      refuse(http, answer, challenge.refused(decision));
      return;
    }
    roles.addAll(jwt.scopes());
    http.setAttribute(VERIFIED_JWT_ATTRIBUTE, jwt);
    chain.doFilter(
        new AuthenticatedRequest(http, new JwtPrincipal(String.valueOf(name), jwt), roles),
        response);
  }

  /** A CORS preflight (Fetch standard): OPTIONS with Origin and Access-Control-Request-Method. */
  private static boolean isPreflight(HttpServletRequest request) {
    return "OPTIONS".equals(request.getMethod())
        && request.getHeader("Origin") != null
        && request.getHeader("Access-Control-Request-Method") != null;
  }

  /**
   * The path inside the application as the container mapped it: servlet path and path info, already
   * decoded and normalised. The rules decode once more, so a {@code %} the container decoded is
   * escaped again: a path is never decoded twice.
   */
  static String applicationPath(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    return (path.isEmpty() ? "/" : path).replace("%", "%25");
  }

  /**
   * The values of the {@code query-token} parameter in the query string only (RFC 6750 §2.3): never
   * from a form body, which {@code getParameterValues} would read.
   */
  private List<String> queryTokens(HttpServletRequest request) {
    if (queryToken == null || request.getQueryString() == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (String pair : request.getQueryString().split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      try {
        if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals(queryToken)) {
          values.add(
              equals < 0
                  ? ""
                  : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException malformedEscape) {
        values.add(""); // counted, and refused as a malformed token
      }
    }
    return values;
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, HttpOutcome outcome)
      throws IOException {
    response.setStatus(outcome.status());
    outcome.wwwAuthenticate().ifPresent(value -> response.setHeader("WWW-Authenticate", value));
    if (outcome.retryAfterSeconds().isPresent()) {
      response.setHeader("Retry-After", Long.toString(outcome.retryAfterSeconds().getAsLong()));
    }
    response.setHeader("Cache-Control", "no-store");
    allowCrossOrigin(request, response);
    if (errorBody == VeritySettings.ErrorBody.PROBLEM) {
      byte[] body = outcome.problemJson().getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/problem+json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } else {
      response.setContentLength(0);
    }
    response.flushBuffer();
  }

  /**
   * A browser hides a cross-origin answer's status and headers from the page unless the server
   * allows it (Fetch standard, CORS protocol): the filter's own refusals carry the allowance for a
   * configured origin, and expose the challenge.
   */
  private void allowCrossOrigin(HttpServletRequest request, HttpServletResponse response) {
    String origin = request.getHeader("Origin");
    if (origin == null || corsOrigins.isEmpty()) {
      return;
    }
    if (corsOrigins.contains("*")) {
      response.setHeader("Access-Control-Allow-Origin", "*");
    } else if (corsOrigins.contains(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.addHeader("Vary", "Origin");
    } else {
      return;
    }
    response.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After");
  }

  /** Configures a filter in code. Not thread-safe. */
  public static final class Builder {
    private final JwtVerifier verifier;
    private RouteRules rules = RouteRules.none();
    private final List<PathPattern> publicPaths = new ArrayList<>();
    private String realm;
    private String queryToken;
    private String principalClaim = VeritySettings.DEFAULT_PRINCIPAL_CLAIM;
    private String rolesClaim;
    private VeritySettings.ErrorBody errorBody = VeritySettings.ErrorBody.NONE;
    private final List<String> corsOrigins = new ArrayList<>();
    private URI resource;
    private final List<String> authorizationServers = new ArrayList<>();

    private Builder(JwtVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Sets the route rules (see {@link RouteRules#parse}). */
    public Builder rules(RouteRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Adds paths served without a token, in the rules' path syntax. */
    public Builder publicPaths(String... patterns) {
      for (String pattern : patterns) {
        publicPaths.add(PathPattern.parse(pattern));
      }
      return this;
    }

    /** Sets the {@code WWW-Authenticate} realm; without it the attribute is left out. */
    public Builder realm(String realm) {
      this.realm = Objects.requireNonNull(realm, "realm");
      BearerChallenge.withRealm(realm); // refuses a realm that cannot be quoted, now
      return this;
    }

    /** Lets the query parameter {@code name} carry the token (RFC 6750 §2.3); off by default. */
    public Builder queryToken(String name) {
      this.queryToken = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the claim naming the caller ({@code sub} by default). */
    public Builder principalClaim(String claim) {
      this.principalClaim = Objects.requireNonNull(claim, "claim");
      return this;
    }

    /** Sets the claim or dotted path holding the caller's roles. */
    public Builder rolesClaim(String claimOrPath) {
      this.rolesClaim = Objects.requireNonNull(claimOrPath, "claimOrPath");
      return this;
    }

    /** Writes a small RFC 9457 problem document in the filter's own error answers. */
    public Builder problemDetails() {
      this.errorBody = VeritySettings.ErrorBody.PROBLEM;
      return this;
    }

    /** Lets these origins ({@code https://app.example.com}, or {@code *}) read refusals (CORS). */
    public Builder corsOrigins(String... origins) {
      corsOrigins.addAll(List.of(origins));
      return this;
    }

    /**
     * Serves RFC 9728 protected resource metadata for {@code resource}, naming the authorization
     * servers (issuers) clients get tokens from, and names it in every challenge.
     */
    public Builder resource(URI resource, String... authorizationServers) {
      this.resource = Objects.requireNonNull(resource, "resource");
      this.authorizationServers.addAll(List.of(authorizationServers));
      return this;
    }

    /** Builds the filter; its keys are fetched when the container initialises it. */
    public BearerTokenFilter build() {
      return new BearerTokenFilter(this);
    }
  }
}
