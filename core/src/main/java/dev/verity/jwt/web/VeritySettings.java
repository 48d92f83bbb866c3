package dev.verity.jwt.web;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.Cognito;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteJwksBuilder;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.SafeDisplay;
import dev.verity.jwt.TokenUse;
import dev.verity.jwt.internal.Ascii;
import dev.verity.jwt.spi.VerityListener;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration without code that the Lambda authorizer and the servlet filter share: a flat
 * set of settings read from one source, validated whole before the first request, and turned into a
 * verifier, route rules and the options an adapter needs. Immutable and thread-safe.
 *
 * <p>As environment variables the settings are upper case with the prefix {@code VERITY_} and
 * {@code _} for {@code -} ({@code VERITY_JWKS_URI}); as init parameters or system properties, lower
 * case with the prefix {@code verity.} ({@code verity.jwks-uri}). Names without the prefix are not
 * Verity's and are ignored; a name with the prefix that is no setting, or a setting the adapter
 * does not use, is refused, so a typo never drops a check silently. Lists are comma-separated;
 * white space around values and items is ignored; an empty value or item is refused.
 *
 * <p>Every error is a {@link SettingsException} naming the setting as the source spells it. The key
 * source is built but not fetched: call {@link #prime()} at start-up, which fetches the keys and
 * refuses keys that no allowed algorithm can use (a JWKS outage is not a configuration error).
 */
public final class VeritySettings {
  /** The adapter reading the settings; each reads only the settings it uses. */
  public enum Adapter {
    /** The ready-to-deploy API Gateway Lambda authorizer. */
    LAMBDA_AUTHORIZER("the Lambda authorizer"),
    /** The Jakarta Servlet bearer-token filter. */
    SERVLET_FILTER("the servlet filter");

    private final String description;

    Adapter(String description) {
      this.description = description;
    }
  }

  /** The answer of an HTTP API (payload 2.0) Lambda authorizer. */
  public enum HttpApiResponse {
    /** {@code {"isAuthorized": ..., "context": ...}}. */
    SIMPLE,
    /** An IAM policy, as for REST APIs. */
    IAM
  }

  /** What the servlet filter writes in the body of its own error answers. */
  public enum ErrorBody {
    /** No body: the status and {@code WWW-Authenticate} say it all (RFC 6750). */
    NONE,
    /** A small RFC 9457 problem document ({@code application/problem+json}). */
    PROBLEM
  }

  /** Default claim naming the caller. */
  public static final String DEFAULT_PRINCIPAL_CLAIM = "sub";

  private final JwtVerifier verifier;
  private final RemoteKeySource keySource;
  private final RouteRules routeRules;
  private final String principalClaim;
  private final String rolesClaim;
  private final List<String> contextClaims;
  private final String queryToken;
  private final List<PathPattern> publicPaths;
  private final BearerChallenge challenge;
  private final HttpApiResponse httpApiResponse;
  private final String usageIdentifierClaim;
  private final List<String> issuers;
  private final ErrorBody errorBody;
  private final List<String> corsOrigins;
  private final URI resource;
  private final Set<Algorithm> algorithms;
  private final String keySourceName;
  private final String algorithmsName;

  private VeritySettings(Reader reader) {
    this.issuers = List.copyOf(reader.issuers()); // the cheap contradictions first
    this.keySource = reader.keySource();
    this.algorithms = reader.algorithms();
    this.verifier = reader.verifier(keySource, this.issuers, algorithms);
    this.keySourceName = reader.spelled(reader.keySourceSetting);
    this.algorithmsName = reader.spelled(Setting.ALGORITHMS);
    this.routeRules = reader.routeRules();
    this.principalClaim = reader.text(Setting.PRINCIPAL_CLAIM).orElse(DEFAULT_PRINCIPAL_CLAIM);
    this.rolesClaim = reader.text(Setting.ROLES_CLAIM).orElse(null);
    this.contextClaims = reader.list(Setting.CONTEXT_CLAIMS);
    this.queryToken = reader.queryToken();
    this.publicPaths = reader.publicPaths();
    this.challenge = reader.challenge();
    this.httpApiResponse = reader.httpApiResponse();
    this.usageIdentifierClaim = reader.text(Setting.USAGE_IDENTIFIER_CLAIM).orElse(null);
    this.errorBody = reader.errorBody();
    this.corsOrigins = reader.corsOrigins();
    this.resource = reader.resource();
  }

  /**
   * Reads the {@code VERITY_*} variables of an environment ({@code System.getenv()}).
   *
   * @throws SettingsException naming the first variable at fault
   */
  public static VeritySettings fromEnvironment(Map<String, String> environment, Adapter adapter) {
    return fromEnvironment(environment, adapter, VerityListener.NONE);
  }

  /**
   * Reads the {@code VERITY_*} variables of an environment, reporting the key source's and the
   * verifier's events to {@code listener} (metrics: fetches, failures, rejections).
   *
   * @throws SettingsException naming the first variable at fault
   */
  public static VeritySettings fromEnvironment(
      Map<String, String> environment, Adapter adapter, VerityListener listener) {
    return new VeritySettings(new Reader(environment, adapter, true, listener));
  }

  /**
   * Reads the {@code verity.*} entries of init parameters or system properties.
   *
   * @throws SettingsException naming the first parameter at fault
   */
  public static VeritySettings fromProperties(Map<String, String> properties, Adapter adapter) {
    return fromProperties(properties, adapter, VerityListener.NONE);
  }

  /**
   * Reads the {@code verity.*} entries of init parameters or system properties, reporting the key
   * source's and the verifier's events to {@code listener}.
   *
   * @throws SettingsException naming the first parameter at fault
   */
  public static VeritySettings fromProperties(
      Map<String, String> properties, Adapter adapter, VerityListener listener) {
    return new VeritySettings(new Reader(properties, adapter, false, listener));
  }

  /** Returns the verifier the settings describe (issuer, audience, keys, algorithms, limits). */
  public JwtVerifier verifier() {
    return verifier;
  }

  /** Returns the remote key source; the verifier uses the same one. */
  public RemoteKeySource keySource() {
    return keySource;
  }

  /**
   * Fetches the keys now, waiting at most the response timeout, and checks that some token could
   * verify with them: call it once at start-up (Lambda init, filter init), so the first request
   * pays nothing. A failed fetch is not a configuration error (the identity provider may be down):
   * requests are then answered {@code JWKS_UNAVAILABLE} and the fetch is retried.
   *
   * @return true when keys usable with the allowed algorithms are cached; false when the fetch
   *     failed or the set holds no usable key yet
   * @throws SettingsException naming the key source setting when OIDC discovery returned a document
   *     that can never work, or the algorithms setting when the fetched set holds usable keys but
   *     none for an allowed algorithm
   */
  public boolean prime() {
    boolean fetched;
    try {
      fetched = keySource.prime();
    } catch (IllegalStateException e) {
      throw new SettingsException(keySourceName, e.getMessage());
    }
    if (!fetched) {
      return false;
    }
    Optional<String> problem;
    try {
      problem = keySource.keys().problemWith(algorithms);
    } catch (JwtVerificationException unavailable) {
      return false;
    }
    if (problem.isPresent()) {
      throw new SettingsException(
          algorithmsName,
          "allows no algorithm of the keys published at "
              + SafeDisplay.url(String.valueOf(keySource.uri()))
              + ": "
              + problem.get());
    }
    return true;
  }

  /** Returns the allowed algorithms ({@code algorithms}, {@code RS256} unless set). */
  public Set<Algorithm> algorithms() {
    return java.util.Collections.unmodifiableSet(algorithms);
  }

  /** Returns the route rules, with {@code required-scopes} needed on every request. */
  public RouteRules routeRules() {
    return routeRules;
  }

  /** Returns the claim that names the caller ({@code sub} unless set). */
  public String principalClaim() {
    return principalClaim;
  }

  /**
   * Returns the claim or dotted path holding the caller's roles; empty when unset, which means
   * {@code cognito:groups} where the token has it, else {@code groups} (see {@code
   * VerifiedJwt.roles}).
   */
  public Optional<String> rolesClaim() {
    return Optional.ofNullable(rolesClaim);
  }

  /** Returns the claims the Lambda authorizer passes on in {@code context}. */
  public List<String> contextClaims() {
    return contextClaims;
  }

  /** Returns the query parameter that may carry the token (RFC 6750 §2.3), when one is set. */
  public Optional<String> queryToken() {
    return Optional.ofNullable(queryToken);
  }

  /** Returns the servlet filter's paths served without a token. */
  public List<PathPattern> publicPaths() {
    return publicPaths;
  }

  /** Returns the challenge writer, with the configured realm if any. */
  public BearerChallenge challenge() {
    return challenge;
  }

  /**
   * Returns the claim (or dotted path) whose value the Lambda authorizer returns as {@code
   * usageIdentifierKey}, the API key of a REST API whose key source is {@code AUTHORIZER}; empty
   * when unset.
   */
  public Optional<String> usageIdentifierClaim() {
    return Optional.ofNullable(usageIdentifierClaim);
  }

  /** Returns the trusted issuers, given or implied ({@code oidc-issuer}, a Cognito pool). */
  public List<String> issuers() {
    return issuers;
  }

  /** Returns what the servlet filter's own error answers carry as a body. */
  public ErrorBody errorBody() {
    return errorBody;
  }

  /**
   * Returns the origins ({@code https://app.example.com}, or {@code *}) allowed to read the servlet
   * filter's own error answers across origins (CORS); empty when unset.
   */
  public List<String> corsOrigins() {
    return corsOrigins;
  }

  /**
   * Returns the protected resource's identifier (RFC 9728 §1.2), when set: the servlet filter then
   * serves its metadata and names it in {@code WWW-Authenticate}.
   */
  public Optional<URI> resource() {
    return Optional.ofNullable(resource);
  }

  /** Returns the HTTP API (payload 2.0) response format of the Lambda authorizer. */
  public HttpApiResponse httpApiResponse() {
    return httpApiResponse;
  }

  /** Returns a summary without values, safe to log. */
  @Override
  public String toString() {
    return "VeritySettings[" + verifier + ", " + routeRules.rules().size() + " rules]";
  }

  /** Reads and checks the raw values of one source. */
  private static final class Reader {
    private final boolean environment;
    private final Adapter adapter;
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private Setting keySourceSetting;
    private final VerityListener listener;

    Reader(
        Map<String, String> source, Adapter adapter, boolean environment, VerityListener listener) {
      Objects.requireNonNull(source, "source");
      this.listener = Objects.requireNonNull(listener, "listener");
      this.adapter = Objects.requireNonNull(adapter, "adapter");
      this.environment = environment;
      String prefix = environment ? "VERITY_" : "verity.";
      // Sorted, so that of several mistakes the same one is reported every time.
      for (Map.Entry<String, String> entry : new TreeMap<>(source).entrySet()) {
        String name = entry.getKey();
        if (!name.startsWith(prefix)) {
          continue;
        }
        Setting setting = byName(name);
        if (setting == null) {
          throw new SettingsException(name, "is not a Verity setting" + suggestion(name));
        }
        if (!setting.usedBy(adapter)) {
          throw new SettingsException(
              name, "is not used by " + adapter.description + "; remove it");
        }
        String value = entry.getValue() == null ? "" : entry.getValue().strip();
        if (value.isEmpty()) {
          throw new SettingsException(name, "is empty; give a value or remove it");
        }
        values.put(setting, value);
      }
    }

    private Setting byName(String name) {
      for (Setting setting : Setting.values()) {
        if (name.equals(spelled(setting))) {
          return setting;
        }
      }
      return null;
    }

    /** The nearest setting name within two edits, as a hint for a typo. */
    private String suggestion(String name) {
      String best = null;
      int bestDistance = 3;
      for (Setting setting : Setting.values()) {
        int distance = editDistance(Ascii.lowerCase(name), Ascii.lowerCase(spelled(setting)));
        if (distance < bestDistance) {
          bestDistance = distance;
          best = spelled(setting);
        }
      }
      return best == null ? "" : " (did you mean " + best + "?)";
    }

    String spelled(Setting setting) {
      return environment ? setting.environmentName() : setting.propertyName();
    }

    SettingsException error(Setting setting, String problem) {
      return new SettingsException(spelled(setting), problem);
    }

    Optional<String> text(Setting setting) {
      return Optional.ofNullable(values.get(setting));
    }

    List<String> list(Setting setting) {
      String value = values.get(setting);
      if (value == null) {
        return List.of();
      }
      List<String> items = new ArrayList<>();
      for (String item : value.split(",", -1)) {
        String stripped = item.strip();
        if (stripped.isEmpty()) {
          throw error(setting, "has an empty item in its comma-separated list");
        }
        items.add(stripped);
      }
      return List.copyOf(items);
    }

    Optional<Long> number(Setting setting, long min, long max) {
      Optional<String> text = text(setting);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      long number;
      try {
        number = Long.parseLong(text.get());
      } catch (NumberFormatException e) {
        throw error(setting, SafeDisplay.argument(text.get()) + " is not a whole number");
      }
      if (number < min || number > max) {
        throw error(setting, number + " is outside [" + min + ", " + max + "]");
      }
      return Optional.of(number);
    }

    /** Exactly one of jwks-uri, oidc-issuer and cognito-user-pool-id, built but not fetched. */
    RemoteKeySource keySource() {
      List<Setting> given = new ArrayList<>();
      for (Setting source :
          List.of(Setting.JWKS_URI, Setting.OIDC_ISSUER, Setting.COGNITO_USER_POOL_ID)) {
        if (values.containsKey(source)) {
          given.add(source);
        }
      }
      if (given.isEmpty()) {
        throw error(
            Setting.JWKS_URI,
            "no key source: set exactly one of "
                + spelled(Setting.JWKS_URI)
                + ", "
                + spelled(Setting.OIDC_ISSUER)
                + " or "
                + spelled(Setting.COGNITO_USER_POOL_ID));
      }
      if (given.size() > 1) {
        throw error(
            given.get(1), "contradicts " + spelled(given.get(0)) + ": set exactly one key source");
      }
      Setting source = given.get(0);
      keySourceSetting = source;
      String value = values.get(source);
      RemoteJwksBuilder builder;
      URI uri;
      try {
        switch (source) {
          case JWKS_URI:
            uri = new URI(value);
            builder = KeySources.remoteJwksBuilder(uri);
            break;
          case OIDC_ISSUER:
            uri = new URI(value);
            builder = KeySources.oidcDiscoveryBuilder(value);
            break;
          default:
            uri = Cognito.jwksUri(value);
            builder = KeySources.remoteJwksBuilder(uri);
        }
      } catch (URISyntaxException e) {
        throw error(source, "is not a valid URL");
      } catch (IllegalArgumentException e) {
        throw error(source, describe(source, value) + ": " + e.getMessage());
      }
      if ("http".equals(uri.getScheme() == null ? null : Ascii.lowerCase(uri.getScheme()))) {
        // The builder still refuses plain http to anything but a loopback address.
        builder.allowHttpToLoopback();
      }
      seed(builder, source);
      builder.listener(listener);
      try {
        return builder.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw error(source, describe(source, value) + ": " + e.getMessage());
      }
    }

    private String describe(Setting source, String value) {
      return source == Setting.COGNITO_USER_POOL_ID
          ? SafeDisplay.argument(value)
          : SafeDisplay.url(value);
    }

    private void seed(RemoteJwksBuilder builder, Setting source) {
      Optional<String> seed = text(Setting.JWKS_SEED);
      if (seed.isEmpty()) {
        return;
      }
      if (source == Setting.OIDC_ISSUER) {
        throw error(
            Setting.JWKS_SEED,
            "cannot be used with "
                + spelled(Setting.OIDC_ISSUER)
                + ": a seed belongs to a JWK Set URL, which discovery finds only at run time");
      }
      String value = seed.get();
      try {
        if (value.startsWith("classpath:")) {
          builder.seedResource(value.substring("classpath:".length()));
        } else {
          builder.seedFile(Path.of(value));
        }
      } catch (InvalidPathException e) {
        throw error(Setting.JWKS_SEED, SafeDisplay.argument(value) + " is not a valid path");
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw error(
            Setting.JWKS_SEED,
            SafeDisplay.argument(value)
                + " is not a usable JWK Set: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
    }

    JwtVerifier verifier(RemoteKeySource keys, List<String> issuers, Set<Algorithm> algorithms) {
      JwtVerifierBuilder builder = JwtVerifier.builder().keys(keys).listener(listener);
      builder.issuers(issuers);
      List<String> audiences = list(Setting.AUDIENCE);
      List<String> clientIds = list(Setting.CLIENT_ID);
      if (audiences.isEmpty() && clientIds.isEmpty()) {
        throw error(
            Setting.AUDIENCE,
            "no audience rule: set "
                + spelled(Setting.AUDIENCE)
                + " or "
                + spelled(Setting.CLIENT_ID)
                + " (audience checks are never off in an adapter)");
      }
      apply(
          Setting.AUDIENCE,
          () -> {
            if (!audiences.isEmpty()) {
              builder.audiences(audiences);
            }
          });
      apply(
          Setting.CLIENT_ID,
          () -> {
            if (!clientIds.isEmpty()) {
              builder.clientIds(clientIds.toArray(String[]::new));
            }
          });
      text(Setting.TOKEN_USE).ifPresent(use -> builder.tokenUse(tokenUse(use)));
      builder.algorithms(algorithms);
      number(Setting.LEEWAY_SECONDS, 0, 86_400)
          .ifPresent(
              s -> apply(Setting.LEEWAY_SECONDS, () -> builder.leeway(Duration.ofSeconds(s))));
      number(Setting.MAX_AGE_SECONDS, 1, 315_360_000)
          .ifPresent(
              s -> apply(Setting.MAX_AGE_SECONDS, () -> builder.maxAge(Duration.ofSeconds(s))));
      number(Setting.MAX_TOKEN_BYTES, 1, Integer.MAX_VALUE)
          .ifPresent(
              n -> apply(Setting.MAX_TOKEN_BYTES, () -> builder.maxTokenBytes(n.intValue())));
      text(Setting.TYP).ifPresent(typ -> apply(Setting.TYP, () -> builder.type(typ)));
      // The caller must have a name: a token without the principal claim is MISSING_CLAIM.
      Set<String> required = new LinkedHashSet<>(list(Setting.REQUIRED_CLAIMS));
      required.add(text(Setting.PRINCIPAL_CLAIM).orElse(DEFAULT_PRINCIPAL_CLAIM));
      apply(Setting.REQUIRED_CLAIMS, () -> builder.requireClaims(required.toArray(String[]::new)));
      try {
        return builder.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        // Every setting was checked above; what remains is a contradiction between them.
        throw new SettingsException(
            environment ? "VERITY_*" : "verity.*", "the settings contradict: " + e.getMessage());
      }
    }

    private void apply(Setting setting, Runnable step) {
      try {
        step.run();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw error(setting, e.getMessage());
      }
    }

    /** {@code issuer}, or the issuer that oidc-issuer or cognito-user-pool-id implies. */
    List<String> issuers() {
      List<String> issuers = list(Setting.ISSUER);
      String implied = null;
      Setting implying = null;
      if (values.containsKey(Setting.OIDC_ISSUER)) {
        implying = Setting.OIDC_ISSUER;
        implied = values.get(Setting.OIDC_ISSUER);
      } else if (values.containsKey(Setting.COGNITO_USER_POOL_ID)) {
        implying = Setting.COGNITO_USER_POOL_ID;
        String pool = values.get(Setting.COGNITO_USER_POOL_ID);
        try {
          implied = Cognito.issuer(pool);
        } catch (IllegalArgumentException e) {
          throw error(implying, SafeDisplay.argument(pool) + ": " + e.getMessage());
        }
      }
      if (implied != null) {
        if (!issuers.isEmpty() && !issuers.equals(List.of(implied))) {
          throw error(
              Setting.ISSUER,
              "must equal the issuer "
                  + spelled(implying)
                  + " implies ("
                  + SafeDisplay.quoted(implied)
                  + "), or be left out");
        }
        return List.of(implied);
      }
      if (issuers.isEmpty()) {
        throw error(
            Setting.ISSUER,
            "no issuer: set "
                + spelled(Setting.ISSUER)
                + " (or use "
                + spelled(Setting.OIDC_ISSUER)
                + " or "
                + spelled(Setting.COGNITO_USER_POOL_ID)
                + ", which imply it)");
      }
      return issuers;
    }

    private TokenUse tokenUse(String value) {
      for (TokenUse use : TokenUse.values()) {
        if (use.claimValue().equals(value)) {
          return use;
        }
      }
      throw error(Setting.TOKEN_USE, SafeDisplay.argument(value) + " is not \"id\" or \"access\"");
    }

    Set<Algorithm> algorithms() {
      List<String> names = list(Setting.ALGORITHMS);
      if (names.isEmpty()) {
        return EnumSet.of(Algorithm.RS256);
      }
      Set<Algorithm> algorithms = EnumSet.noneOf(Algorithm.class);
      for (String name : names) {
        algorithms.add(
            Algorithm.fromJwaName(name)
                .orElseThrow(
                    () ->
                        error(
                            Setting.ALGORITHMS,
                            SafeDisplay.argument(name)
                                + " is not a supported signature algorithm")));
      }
      if (algorithms.stream().allMatch(a -> a.keyFamily() == Algorithm.KeyFamily.OCT)) {
        // RFC 8725 §3.1: a remote JWK Set never yields an HMAC secret, so no token could verify.
        throw error(
            Setting.ALGORITHMS,
            "allows only HMAC algorithms, which a remote JWK Set never provides keys for");
      }
      return algorithms;
    }

    RouteRules routeRules() {
      RouteRules rules;
      try {
        rules = RouteRules.parse(text(Setting.RULES).orElse(""));
      } catch (IllegalArgumentException e) {
        throw error(Setting.RULES, e.getMessage());
      }
      try {
        return rules.withRequiredScopes(list(Setting.REQUIRED_SCOPES));
      } catch (IllegalArgumentException e) {
        throw error(Setting.REQUIRED_SCOPES, e.getMessage());
      }
    }

    String queryToken() {
      String name = values.get(Setting.QUERY_TOKEN);
      if (name == null) {
        return null;
      }
      // RFC 3986 §2.3 unreserved characters: a name that needs no escaping, as access_token.
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (!Syntax.isAlphaOrDigit(c) && "-._~".indexOf(c) < 0) {
          throw error(
              Setting.QUERY_TOKEN,
              SafeDisplay.argument(name)
                  + " is not a plain query parameter name (letters, digits, '-', '.', '_', '~')");
        }
      }
      return name;
    }

    List<PathPattern> publicPaths() {
      List<PathPattern> paths = new ArrayList<>();
      for (String path : list(Setting.PUBLIC_PATHS)) {
        try {
          paths.add(PathPattern.parse(path));
        } catch (IllegalArgumentException e) {
          throw error(Setting.PUBLIC_PATHS, SafeDisplay.argument(path) + ": " + e.getMessage());
        }
      }
      return List.copyOf(paths);
    }

    BearerChallenge challenge() {
      Optional<String> realm = text(Setting.REALM);
      if (realm.isEmpty()) {
        return BearerChallenge.withoutRealm();
      }
      try {
        return BearerChallenge.withRealm(realm.get());
      } catch (IllegalArgumentException e) {
        throw error(Setting.REALM, e.getMessage());
      }
    }

    ErrorBody errorBody() {
      String value = values.get(Setting.ERROR_BODY);
      if (value == null || value.equals("none")) {
        return ErrorBody.NONE;
      }
      if (value.equals("problem")) {
        return ErrorBody.PROBLEM;
      }
      throw error(Setting.ERROR_BODY, SafeDisplay.argument(value) + " is neither none nor problem");
    }

    /** Each origin is {@code *} or scheme, host and optional port (RFC 6454 §7), nothing more. */
    List<String> corsOrigins() {
      List<String> origins = list(Setting.CORS_ORIGINS);
      for (String origin : origins) {
        if (origin.equals("*")) {
          continue;
        }
        URI uri;
        try {
          uri = new URI(origin);
        } catch (URISyntaxException e) {
          throw error(Setting.CORS_ORIGINS, SafeDisplay.argument(origin) + " is not an origin");
        }
        boolean bare =
            uri.getHost() != null
                && uri.getRawPath() != null
                && uri.getRawPath().isEmpty()
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!bare || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
          throw error(
              Setting.CORS_ORIGINS,
              SafeDisplay.argument(origin)
                  + " is not an origin (scheme://host[:port], no path), nor *");
        }
      }
      return origins;
    }

    /** RFC 9728 §1.2: an https URL without query or fragment (http only to a loopback address). */
    URI resource() {
      Optional<String> value = text(Setting.RESOURCE);
      if (value.isEmpty()) {
        return null;
      }
      URI uri;
      try {
        uri = new URI(value.get());
      } catch (URISyntaxException e) {
        throw error(Setting.RESOURCE, "is not a valid URL");
      }
      boolean https = "https".equals(uri.getScheme());
      boolean loopbackHttp =
          "http".equals(uri.getScheme())
              && uri.getHost() != null
              && (uri.getHost().equals("localhost")
                  || uri.getHost().startsWith("127.")
                  || uri.getHost().equals("[::1]"));
      if (uri.getHost() == null
          || !(https || loopbackHttp)
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw error(
            Setting.RESOURCE,
            SafeDisplay.url(value.get())
                + " is not a resource identifier: an https URL without query or fragment"
                + " (RFC 9728 §1.2)");
      }
      return uri;
    }

    HttpApiResponse httpApiResponse() {
      String value = values.get(Setting.HTTP_API_RESPONSE);
      if (value == null || value.equals("simple")) {
        return HttpApiResponse.SIMPLE;
      }
      if (value.equals("iam")) {
        return HttpApiResponse.IAM;
      }
      throw error(
          Setting.HTTP_API_RESPONSE, SafeDisplay.argument(value) + " is not \"simple\" or \"iam\"");
    }
  }

  /** Levenshtein distance, for the typo hint only (names are short). */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
