package dev.verity.jwt;

import dev.verity.jwt.internal.Ascii;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.spi.SignatureEngine;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures a {@link JwtVerifier}. Not thread-safe; the verifier it builds is.
 *
 * <p>Secure by default: {@code exp} is required, the algorithm allow-list is {@code RS256} unless
 * set, and the issuer and the audience must each be configured or explicitly waived ({@link
 * #anyIssuer()}, {@link #anyAudience()}); a Cognito client id ({@link #clientIds}) counts as an
 * audience rule. Each setting may be made once; a repeated or contradictory setting fails at once
 * or in {@link #build()}.
 */
public final class JwtVerifierBuilder {
  /** Default clock leeway: 60 seconds. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

  /** Largest leeway accepted: 1 day; more is a misconfiguration, not a clock skew. */
  public static final Duration MAX_LEEWAY = Duration.ofDays(1);

  /** Largest maximum age accepted: 100 years, so time arithmetic can never overflow. */
  public static final Duration MAX_MAX_AGE = Duration.ofDays(36_525);

  /** Default maximum token length: 16 KiB. */
  public static final int DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;

  /** Most claims {@link #requireClaims} may name. */
  public static final int MAX_REQUIRED_CLAIMS = 64;

  /** Default time a rejection cache remembers a rejected token: 10 s. */
  public static final Duration DEFAULT_REJECTION_CACHE_TTL = Duration.ofSeconds(10);

  /** Longest time a rejection cache may remember a rejected token: 60 s. */
  public static final Duration MAX_REJECTION_CACHE_TTL = Duration.ofSeconds(60);

  private Set<String> issuers;
  private boolean anyIssuer;
  private Set<String> audiences;
  private boolean anyAudience;
  private Set<Algorithm> algorithms;
  private KeySource keys;
  private Duration leeway;
  private Duration maxAge;
  private String type;
  private List<String> requiredClaims;
  private Set<String> requiredScopes;
  private final Map<String, ClaimCheck> checks = new LinkedHashMap<>();
  private TokenUse tokenUse;
  private Set<String> clientIds;
  private boolean expirationOptional;
  private Integer maxTokenBytes;
  private SignatureEngine signatureEngine;
  private InstantSource clock;
  private VerityListener listener;
  private VerifiedTokenCache tokenCache;
  private VerifiedTokenCache rejectionCache;
  private Duration rejectionCacheTtl;

  JwtVerifierBuilder() {}

  /**
   * Accepts only tokens whose {@code iss} equals one of these values exactly (RFC 7519 §4.1.1; no
   * case folding, no trailing-slash tolerance).
   */
  public JwtVerifierBuilder issuer(String... issuers) {
    return issuers(Arrays.asList(issuers));
  }

  /** Same as {@link #issuer(String...)}. */
  public JwtVerifierBuilder issuers(Collection<String> issuers) {
    requireUnset(this.issuers == null && !anyIssuer, "issuer");
    this.issuers = nonEmptyStrings(issuers, "issuer");
    return this;
  }

  /** Waives the issuer check: any {@code iss}, or none, is accepted. */
  public JwtVerifierBuilder anyIssuer() {
    requireUnset(this.issuers == null && !anyIssuer, "issuer");
    this.anyIssuer = true;
    return this;
  }

  /** Accepts only tokens whose {@code aud} contains at least one of these values exactly. */
  public JwtVerifierBuilder audience(String... audiences) {
    return audiences(Arrays.asList(audiences));
  }

  /** Same as {@link #audience(String...)}. */
  public JwtVerifierBuilder audiences(Collection<String> audiences) {
    requireUnset(this.audiences == null && !anyAudience, "audience");
    this.audiences = nonEmptyStrings(audiences, "audience");
    return this;
  }

  /** Waives the audience check: any {@code aud}, or none, is accepted. */
  public JwtVerifierBuilder anyAudience() {
    requireUnset(this.audiences == null && !anyAudience, "audience");
    this.anyAudience = true;
    return this;
  }

  /** Sets the algorithm allow-list (RFC 8725 §3.1); default {@code RS256}. */
  public JwtVerifierBuilder algorithms(Algorithm... algorithms) {
    return algorithms(Arrays.asList(algorithms));
  }

  /** Same as {@link #algorithms(Algorithm...)}. */
  public JwtVerifierBuilder algorithms(Collection<Algorithm> algorithms) {
    requireUnset(this.algorithms == null, "algorithms");
    Objects.requireNonNull(algorithms, "algorithms");
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("the algorithm allow-list is empty");
    }
    this.algorithms = EnumSet.noneOf(Algorithm.class);
    for (Algorithm algorithm : algorithms) {
      this.algorithms.add(Objects.requireNonNull(algorithm, "algorithm"));
    }
    return this;
  }

  /** Sets where the trusted keys come from (required). */
  public JwtVerifierBuilder keys(KeySource keys) {
    requireUnset(this.keys == null, "keys");
    this.keys = Objects.requireNonNull(keys, "keys");
    return this;
  }

  /** Sets the clock leeway for {@code exp}, {@code nbf} and {@code iat}; default 60 s. */
  public JwtVerifierBuilder leeway(Duration leeway) {
    requireUnset(this.leeway == null, "leeway");
    this.leeway = atMost(nonNegative(leeway, "leeway"), MAX_LEEWAY, "leeway");
    return this;
  }

  /**
   * Rejects tokens issued longer ago than {@code maxAge} (plus leeway) as {@link
   * ErrorCode#EXPIRED}; {@code iat} becomes required.
   */
  public JwtVerifierBuilder maxAge(Duration maxAge) {
    requireUnset(this.maxAge == null, "maxAge");
    this.maxAge = atMost(nonNegative(maxAge, "maxAge"), MAX_MAX_AGE, "maxAge");
    return this;
  }

  /**
   * Requires the {@code typ} header to be this media type, compared case-insensitively with the
   * {@code application/} prefix optional on either side (RFC 7515 §4.1.9).
   */
  public JwtVerifierBuilder type(String type) {
    requireUnset(this.type == null, "type");
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type is blank");
    }
    this.type = type;
    return this;
  }

  /**
   * Requires {@code typ: at+jwt} (RFC 9068 §4), so an ID token or other JWT cannot be presented as
   * an access token.
   */
  public JwtVerifierBuilder accessTokenType() {
    return type("at+jwt");
  }

  /**
   * Requires these claims to be present with a non-null value ({@link ErrorCode#MISSING_CLAIM}).
   */
  public JwtVerifierBuilder requireClaims(String... names) {
    requireUnset(this.requiredClaims == null, "requireClaims");
    Set<String> unique = nonEmptyStrings(Arrays.asList(names), "claim name");
    if (unique.size() > MAX_REQUIRED_CLAIMS) {
      throw new IllegalArgumentException("at most 64 required claims");
    }
    this.requiredClaims = List.copyOf(unique);
    return this;
  }

  /**
   * Requires every one of these scopes in {@code scope}/{@code scp} ({@link
   * ErrorCode#INSUFFICIENT_SCOPE}).
   */
  public JwtVerifierBuilder requireScopes(String... scopes) {
    requireUnset(this.requiredScopes == null, "requireScopes");
    this.requiredScopes = nonEmptyStrings(Arrays.asList(scopes), "scope");
    for (String scope : requiredScopes) {
      // RFC 6749 §3.3: a required scope outside scope-token syntax could never be granted (a tab
      // would split it in two), so it can only be a typo.
      if (!Ascii.isScopeToken(scope)) {
        throw new IllegalArgumentException(
            "a scope is not an RFC 6749 §3.3 scope-token"
                + " (no white space, '\"', '\\' or characters outside printable ASCII)");
      }
    }
    return this;
  }

  /**
   * Adds a custom rule run after all built-in checks; a failure is {@link ErrorCode#INVALID_CLAIM}
   * with a message naming the rule.
   *
   * @param name a short name for the rule, used in the rejection message; must be unique
   */
  public JwtVerifierBuilder check(String name, ClaimCheck check) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalStateException("a check named '" + name + "' is already set");
    }
    return this;
  }

  /**
   * Requires Amazon Cognito's {@code token_use} to be this value ({@link ErrorCode#INVALID_CLAIM}
   * when it differs, {@link ErrorCode#MISSING_CLAIM} when absent); it also decides where {@link
   * #clientIds} are looked for.
   */
  public JwtVerifierBuilder tokenUse(TokenUse tokenUse) {
    requireUnset(this.tokenUse == null, "tokenUse");
    this.tokenUse = Objects.requireNonNull(tokenUse, "tokenUse");
    return this;
  }

  /**
   * Accepts only tokens issued to one of these client ids: matched against {@code client_id} for
   * access tokens, against {@code aud} for ID tokens, and against either when no {@link #tokenUse}
   * is set. Counts as the audience rule.
   */
  public JwtVerifierBuilder clientIds(String... clientIds) {
    requireUnset(this.clientIds == null, "clientIds");
    this.clientIds = nonEmptyStrings(Arrays.asList(clientIds), "client id");
    return this;
  }

  /**
   * Configures an Amazon Cognito user pool: the issuer {@link Cognito#issuer(String)} and its
   * remote JWK Set {@link KeySources#cognito(String)}. Combine with {@link #tokenUse} and {@link
   * #clientIds}.
   */
  public JwtVerifierBuilder cognitoUserPool(String userPoolId) {
    String issuer = Cognito.issuer(userPoolId);
    issuer(issuer);
    return keys(KeySources.cognito(userPoolId));
  }

  /**
   * Verifies ECDSA (ES256, ES384, ES512) and EdDSA signatures with {@code engine} instead of the
   * JDK, for speed: the optional module {@code verity-jwt-bouncycastle} offers {@code
   * BouncyCastleEngine.create()}. Every check of Verity's own still applies (see {@link
   * SignatureEngine}); RSA and HMAC are unaffected. Default: the JDK.
   */
  public JwtVerifierBuilder signatureEngine(SignatureEngine engine) {
    requireUnset(this.signatureEngine == null, "signatureEngine");
    this.signatureEngine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /** Sends each rejection's code to this listener (for metrics); default none. */
  public JwtVerifierBuilder listener(VerityListener listener) {
    requireUnset(this.listener == null, "listener");
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Remembers verified tokens in {@code cache}, so that a token presented again is accepted without
   * a signature operation (off by default). On every hit the verifier checks that the key that
   * verified the token is still the one its key source selects, and checks {@code exp}, {@code
   * nbf}, {@code iat}, the maximum age and the custom {@link #check checks} again against its clock
   * and leeway. Entries never outlive the token's {@code exp}; tokens without {@code exp} are never
   * cached. See {@code docs/caching.md}.
   *
   * @param cache a cache not yet bound to any verifier: {@link #build()} binds it to the verifier
   *     it builds, and a cache is never shared, so a token accepted under one verifier's rules is
   *     never served to another
   */
  public JwtVerifierBuilder tokenCache(VerifiedTokenCache cache) {
    requireUnset(this.tokenCache == null, "tokenCache");
    this.tokenCache = Objects.requireNonNull(cache, "cache");
    return this;
  }

  /**
   * Remembers rejected tokens in {@code cache} for {@link #DEFAULT_REJECTION_CACHE_TTL}; see {@link
   * #rejectionCache(VerifiedTokenCache, Duration)}.
   */
  public JwtVerifierBuilder rejectionCache(VerifiedTokenCache cache) {
    return rejectionCache(cache, DEFAULT_REJECTION_CACHE_TTL);
  }

  /**
   * Remembers rejected tokens in {@code cache} for {@code ttl}, so that a client repeating a bad
   * token costs no signature operation (off by default). Only rejections reached after the
   * signature check that neither time nor the key source can change are remembered ({@code
   * BAD_SIGNATURE}, {@code EXPIRED}, {@code ISSUER_MISMATCH}, {@code AUDIENCE_MISMATCH}, {@code
   * TYPE_MISMATCH}, {@code MISSING_CLAIM}, {@code INSUFFICIENT_SCOPE}); never {@code
   * JWKS_UNAVAILABLE}. The whole cache is dropped whenever the key source reports removed keys.
   *
   * @param cache a cache not yet bound to any verifier, and not the {@link #tokenCache}
   * @param ttl how long a rejection is remembered: more than zero, at most {@link
   *     #MAX_REJECTION_CACHE_TTL}
   */
  public JwtVerifierBuilder rejectionCache(VerifiedTokenCache cache, Duration ttl) {
    requireUnset(this.rejectionCache == null, "rejectionCache");
    Objects.requireNonNull(cache, "cache");
    nonNegative(ttl, "ttl");
    if (ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    atMost(ttl, MAX_REJECTION_CACHE_TTL, "ttl");
    this.rejectionCache = cache;
    this.rejectionCacheTtl = ttl;
    return this;
  }

  /** Accepts tokens without {@code exp} (still rejecting expired ones that have it). */
  public JwtVerifierBuilder allowMissingExpiration() {
    requireUnset(!expirationOptional, "allowMissingExpiration");
    this.expirationOptional = true;
    return this;
  }

  /** Sets the maximum token length in bytes; default 16 KiB. Exactly the maximum is accepted. */
  public JwtVerifierBuilder maxTokenBytes(int maxTokenBytes) {
    requireUnset(this.maxTokenBytes == null, "maxTokenBytes");
    if (maxTokenBytes < 16) {
      throw new IllegalArgumentException("maxTokenBytes must be at least 16");
    }
    this.maxTokenBytes = maxTokenBytes;
    return this;
  }

  /** Sets the clock time claims are checked against; default the system clock. */
  public JwtVerifierBuilder clock(InstantSource clock) {
    requireUnset(this.clock == null, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the verifier.
   *
   * @throws IllegalStateException when keys are missing, or the issuer or audience rule is neither
   *     configured nor waived
   */
  public JwtVerifier build() {
    if (keys == null) {
      throw new IllegalStateException("keys are required: call keys(KeySource)");
    }
    if (issuers == null && !anyIssuer) {
      throw new IllegalStateException(
          "configure the issuer with issuer(...) or waive the check with anyIssuer()");
    }
    if (audiences == null && clientIds == null && !anyAudience) {
      throw new IllegalStateException(
          "configure the audience with audience(...) or clientIds(...), "
              + "or waive the check with anyAudience()");
    }
    if (tokenCache != null && tokenCache == rejectionCache) {
      throw new IllegalStateException("the token cache and the rejection cache must be two caches");
    }
    VerifierSettings settings =
        new VerifierSettings(
            issuers == null ? Set.of() : issuers,
            audiences == null ? Set.of() : audiences,
            algorithms == null ? EnumSet.of(Algorithm.RS256) : algorithms,
            keys,
            leeway == null ? DEFAULT_LEEWAY : leeway,
            maxAge,
            type == null ? null : normalizeMediaType(type),
            requiredClaims == null ? List.of() : requiredClaims,
            requiredScopes == null ? Set.of() : requiredScopes,
            new ArrayList<>(checks.entrySet()),
            tokenUse,
            clientIds == null ? Set.of() : clientIds,
            !expirationOptional,
            maxTokenBytes == null ? DEFAULT_MAX_TOKEN_BYTES : maxTokenBytes,
            clock == null ? InstantSource.system() : clock,
            listener == null ? VerityListener.NONE : listener,
            signatureEngine);
    if (tokenCache == null && rejectionCache == null) {
      return new DefaultJwtVerifier(settings);
    }
    // Bound last, once nothing else can fail: a cache serves exactly one verifier.
    if (tokenCache != null) {
      tokenCache.attach(
          new VerifiedTokenCache.Binding(
              VerityListener.CacheName.VERIFIED_TOKENS, settings.clock(), settings.listener()));
    }
    if (rejectionCache != null) {
      rejectionCache.attach(
          new VerifiedTokenCache.Binding(
              VerityListener.CacheName.REJECTED_TOKENS, settings.clock(), settings.listener()));
    }
    return new DefaultJwtVerifier(
        settings, new TokenCaching(settings, tokenCache, rejectionCache, rejectionCacheTtl));
  }

  /** RFC 7515 §4.1.9: case-insensitive, and "application/" may be omitted. */
  static String normalizeMediaType(String mediaType) {
    // RFC 2045 §5.1: ASCII case only; Unicode folding would let to\u212Aen equal token.
    String lower = Ascii.lowerCase(mediaType);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }

  private static void requireUnset(boolean unset, String setting) {
    if (!unset) {
      throw new IllegalStateException(setting + " is already set");
    }
  }

  private static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " is negative");
    }
    return duration;
  }

  private static Duration atMost(Duration duration, Duration max, String name) {
    if (duration.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " is larger than " + max);
    }
    return duration;
  }

  private static Set<String> nonEmptyStrings(Collection<String> values, String what) {
    Objects.requireNonNull(values, what);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no " + what + " given");
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String value : values) {
      Objects.requireNonNull(value, what);
      if (value.isEmpty()) {
        throw new IllegalArgumentException("an empty " + what);
      }
      copy.add(value);
    }
    return Set.copyOf(copy);
  }
}
