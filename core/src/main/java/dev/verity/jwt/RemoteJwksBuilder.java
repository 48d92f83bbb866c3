package dev.verity.jwt;

import dev.verity.jwt.internal.jwks.HttpDocumentFetcher;
import dev.verity.jwt.internal.jwks.LoggingListener;
import dev.verity.jwt.internal.jwks.OidcDiscovery;
import dev.verity.jwt.internal.jwks.RemoteJwksKeySource;
import dev.verity.jwt.internal.jwks.RemoteJwksSettings;
import dev.verity.jwt.internal.jwks.StaticUri;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.spi.VerityListener;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures a {@link RemoteKeySource}: a JWK Set fetched over HTTPS (directly, or found by OIDC
 * discovery) and cached. Not thread-safe; the source it builds is.
 *
 * <p>Every default is chosen to keep verifying through identity-provider trouble without ever
 * trusting a key for long after it was last confirmed; {@code docs/jwks-and-caching.md} gives each
 * default and the reason for it.
 */
public final class RemoteJwksBuilder {
  /** Default connect timeout: 1 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** Default deadline for a whole response, body included: 3 s. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(3);

  /** Default largest JWK Set document: 256 KiB. */
  public static final int DEFAULT_MAX_DOCUMENT_BYTES = JwkSet.MAX_DOCUMENT_BYTES;

  /** Default most keys in a set: 100. */
  public static final int DEFAULT_MAX_KEYS = 100;

  /** Default freshness when the response has no {@code Cache-Control: max-age}: 10 min. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Default lower bound for a server's {@code max-age}: 1 min. */
  public static final Duration DEFAULT_MIN_TTL = Duration.ofMinutes(1);

  /** Default upper bound for a server's {@code max-age}: 24 h. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(24);

  /** Default point of the TTL from which a background refresh starts: 80%. */
  public static final double DEFAULT_REFRESH_AHEAD_FRACTION = 0.8;

  /** Default least time between two refetches for unknown {@code kid}s: 10 s. */
  public static final Duration DEFAULT_UNKNOWN_KID_COOLDOWN = Duration.ofSeconds(10);

  /** Default time a {@code kid} shown absent by a refetch is remembered: 1 min. */
  public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofMinutes(1);

  /** Default longest time keys keep verifying after they were last confirmed: 24 h. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(24);

  /** Default first retry delay after a failed fetch: 1 s. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** Default longest retry delay: 60 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

  private final URI jwksUri;
  private final String discoveryIssuer;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
  private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
  private int maxKeys = DEFAULT_MAX_KEYS;
  private Duration defaultTtl = DEFAULT_TTL;
  private Duration minTtl = DEFAULT_MIN_TTL;
  private Duration maxTtl = DEFAULT_MAX_TTL;
  private double refreshAheadFraction = DEFAULT_REFRESH_AHEAD_FRACTION;
  private Duration unknownKidCooldown = DEFAULT_UNKNOWN_KID_COOLDOWN;
  private Duration negativeCacheTtl = DEFAULT_NEGATIVE_CACHE_TTL;
  private Duration maxStaleness = DEFAULT_MAX_STALENESS;
  private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
  private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
  private boolean allowHttp;
  private HttpClient httpClient;
  private Consumer<HttpRequest.Builder> requestCustomizer; // null: none
  private JwkSet seed;
  private JwksCache cache;
  private VerityListener listener = VerityListener.NONE;
  private InstantSource clock = InstantSource.system();

  private RemoteJwksBuilder(URI jwksUri, String discoveryIssuer) {
    this.jwksUri = jwksUri;
    this.discoveryIssuer = discoveryIssuer;
  }

  static RemoteJwksBuilder forJwks(URI jwksUri) {
    return new RemoteJwksBuilder(Objects.requireNonNull(jwksUri, "jwksUri"), null);
  }

  static RemoteJwksBuilder forDiscovery(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isEmpty()) {
      throw new IllegalArgumentException("the issuer is empty");
    }
    return new RemoteJwksBuilder(null, issuer);
  }

  /** Sets the TCP connect timeout (default 1 s); ignored when {@link #httpClient} is set. */
  public RemoteJwksBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /**
   * Sets the deadline for a whole response, body included (default 3 s); no verification waits
   * longer than this for keys.
   */
  public RemoteJwksBuilder responseTimeout(Duration timeout) {
    this.responseTimeout = positive(timeout, "responseTimeout");
    return this;
  }

  /** Sets the largest JWK Set document accepted, in bytes (default and maximum 256 KiB). */
  public RemoteJwksBuilder maxDocumentBytes(int bytes) {
    if (bytes < 64 || bytes > JwkSet.MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException("maxDocumentBytes must be within [64, 262144]");
    }
    this.maxDocumentBytes = bytes;
    return this;
  }

  /** Sets the most keys a set may hold (default 100); a larger set is refused whole. */
  public RemoteJwksBuilder maxKeys(int keys) {
    if (keys < 1 || keys > 10_000) {
      throw new IllegalArgumentException("maxKeys must be within [1, 10000]");
    }
    this.maxKeys = keys;
    return this;
  }

  /** Sets the freshness when the response has no {@code max-age} (default 10 min). */
  public RemoteJwksBuilder defaultTtl(Duration ttl) {
    this.defaultTtl = positive(ttl, "defaultTtl");
    return this;
  }

  /**
   * Sets the bounds a server's {@code Cache-Control: max-age} is clamped to (default 1 min–24 h).
   */
  public RemoteJwksBuilder ttlBounds(Duration min, Duration max) {
    positive(min, "min");
    positive(max, "max");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min is greater than max");
    }
    this.minTtl = min;
    this.maxTtl = max;
    return this;
  }

  /** Sets the fraction of the TTL after which a background refresh starts (default 0.8). */
  public RemoteJwksBuilder refreshAheadFraction(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("refreshAheadFraction must be within (0, 1]");
    }
    this.refreshAheadFraction = fraction;
    return this;
  }

  /** Sets the least time between two refetches caused by unknown {@code kid}s (default 10 s). */
  public RemoteJwksBuilder unknownKidCooldown(Duration cooldown) {
    this.unknownKidCooldown = nonNegative(cooldown, "unknownKidCooldown");
    return this;
  }

  /** Sets how long a {@code kid} that a refetch showed absent is remembered (default 1 min). */
  public RemoteJwksBuilder negativeCacheTtl(Duration ttl) {
    this.negativeCacheTtl = nonNegative(ttl, "negativeCacheTtl");
    return this;
  }

  /**
   * Sets the maximum key age: how long keys keep verifying after a successful fetch last confirmed
   * them, while refreshes fail (default 24 h). Past it, {@code JWKS_UNAVAILABLE}.
   */
  public RemoteJwksBuilder maxStaleness(Duration staleness) {
    this.maxStaleness = nonNegative(staleness, "maxStaleness");
    return this;
  }

  /** Sets the retry backoff after failed fetches: doubling from {@code initial} to {@code max}. */
  public RemoteJwksBuilder retryBackoff(Duration initial, Duration max) {
    nonNegative(initial, "initial");
    nonNegative(max, "max");
    if (initial.compareTo(max) > 0) {
      throw new IllegalArgumentException("initial is greater than max");
    }
    this.initialBackoff = initial;
    this.maxBackoff = max;
    return this;
  }

  /** Allows plain {@code http} URLs to loopback addresses (tests, local sidecars); never others. */
  public RemoteJwksBuilder allowHttpToLoopback() {
    this.allowHttp = true;
    return this;
  }

  /**
   * Fetches with this client (for a proxy, custom TLS, or an executor) instead of the default
   * transport; it should not follow redirects to other hosts, and its own connect timeout applies.
   *
   * <p>Without it, Verity fetches with {@code HttpURLConnection}: no proxy, the JVM's default
   * {@code SSLContext} and the JDK's host name check (never a verifier or socket factory set
   * globally on {@code HttpsURLConnection}). It is chosen for cold starts: the first {@code
   * java.net.http} request in a fresh JVM costs about 400 ms more (see docs/performance.md).
   */
  public RemoteJwksBuilder httpClient(HttpClient client) {
    this.httpClient = Objects.requireNonNull(client, "client");
    return this;
  }

  /**
   * Adds a hook that may set headers on each request (e.g. an API key for a gateway). Only the
   * headers it sets are used; the method, URI and timeout stay Verity's.
   */
  public RemoteJwksBuilder requestCustomizer(Consumer<HttpRequest.Builder> customizer) {
    this.requestCustomizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /**
   * Seeds the cache with a JWK Set baked in at build or deploy time: it answers until the first
   * successful fetch (started at once, in the background) replaces it, and no longer than the
   * maximum staleness. Symmetric keys in the seed are not usable, as for fetched sets.
   */
  public RemoteJwksBuilder seed(JwkSet seed) {
    this.seed = Objects.requireNonNull(seed, "seed");
    return this;
  }

  /** Seeds from a JWK Set file; see {@link #seed(JwkSet)}. */
  public RemoteJwksBuilder seedFile(Path file) {
    return seed(JwkSet.parseRemote(readFile(file)));
  }

  /** Seeds from a class-path resource; see {@link #seed(JwkSet)}. */
  public RemoteJwksBuilder seedResource(String resource) {
    Objects.requireNonNull(resource, "resource");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = RemoteJwksBuilder.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no class-path resource " + resource);
      }
      return seed(
          JwkSet.parseRemote(
              new String(
                  in.readNBytes(JwkSet.MAX_DOCUMENT_BYTES + 1),
                  java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not read " + resource, e);
    }
  }

  /** Uses this cache (for example the Caffeine one); default core's in-memory cache. */
  public RemoteJwksBuilder cache(JwksCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
    return this;
  }

  /** Sends events to this listener too (they are always logged to SLF4J). */
  public RemoteJwksBuilder listener(VerityListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Sets the clock used for freshness, cooldowns and backoff (tests). */
  public RemoteJwksBuilder clock(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the source. Nothing is fetched yet; call {@link RemoteKeySource#prime()} to fetch at
   * start-up.
   *
   * @throws IllegalArgumentException when the JWKS URL or the issuer's discovery URL is not https
   *     (or loopback http when allowed)
   */
  public RemoteKeySource build() {
    if (jwksUri != null) {
      HttpDocumentFetcher.checkUrl(jwksUri, allowHttp);
    } else {
      // OpenID Connect Discovery 1.0 §4: the configuration lives under the issuer, so an issuer
      // that could never be fetched is refused now rather than on the first request.
      HttpDocumentFetcher.checkUrl(OidcDiscovery.configurationUri(discoveryIssuer), allowHttp);
    }
    if (seed != null && jwksUri == null) {
      throw new IllegalStateException(
          "a seed needs the JWKS URL; it cannot be used with discovery");
    }
    RemoteJwksSettings settings =
        new RemoteJwksSettings(
            connectTimeout,
            responseTimeout,
            maxDocumentBytes,
            maxKeys,
            defaultTtl,
            minTtl,
            maxTtl,
            refreshAheadFraction,
            unknownKidCooldown,
            negativeCacheTtl,
            maxStaleness,
            initialBackoff,
            maxBackoff,
            allowHttp,
            httpClient,
            requestCustomizer,
            seed,
            cache != null ? cache : JwksCache.inMemory(),
            new LoggingListener(listener),
            clock);
    if (jwksUri != null) {
      return new RemoteJwksKeySource(
          (fetcher, events, onFailure) -> new StaticUri(jwksUri), settings);
    }
    boolean http = allowHttp;
    String issuer = discoveryIssuer;
    return new RemoteJwksKeySource(
        (fetcher, events, onFailure) -> new OidcDiscovery(issuer, http, fetcher, events, onFailure),
        settings);
  }

  private static String readFile(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      if (java.nio.file.Files.size(file) > JwkSet.MAX_DOCUMENT_BYTES) {
        throw new IllegalArgumentException("the seed is larger than 256 KiB");
      }
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not read the seed " + file, e);
    }
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return duration;
  }

  private static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " is negative");
    }
    return duration;
  }
}
