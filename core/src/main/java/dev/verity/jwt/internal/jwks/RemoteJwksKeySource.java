package dev.verity.jwt.internal.jwks;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.internal.Rejection;
import dev.verity.jwt.spi.CachedJwks;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.spi.VerityListener;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A JWK Set fetched over HTTPS and kept fresh without making verifications wait ({@code
 * docs/jwks-and-caching.md}, "What happens when").
 *
 * <ul>
 *   <li>Cold start: concurrent callers share one fetch (single flight) and wait at most the
 *       response timeout.
 *   <li>Warm: keys are served from the cache; from {@code refreshAheadFraction} of the TTL on, a
 *       background refresh starts, so the hot path never waits on the network.
 *   <li>Failure: the last good keys keep serving until {@code maxStaleness} after they were last
 *       confirmed (the maximum key age), while retries back off exponentially; then {@code
 *       JWKS_UNAVAILABLE}.
 *   <li>Unknown {@code kid}: one refetch per cooldown, and a {@code kid} a refetch has shown to be
 *       absent is remembered for the negative-cache period, so a flood of random ids costs at most
 *       one request per cooldown, while a new real key is found within one cooldown.
 *   <li>Rotation: a successful fetch replaces the whole set, so a key that left the published set
 *       stops verifying at once.
 * </ul>
 *
 * Thread-safe; lock-free on the verification path.
 */
public final class RemoteJwksKeySource implements RemoteKeySource {
  private static final int MAX_NEGATIVE_KIDS = 10_000;

  private final UriResolver resolver;
  private final RemoteJwksSettings settings;
  private final JwksCache cache;
  private final VerityListener listener;
  private final HttpDocumentFetcher fetcher;
  private final Instant createdAt;

  private final AtomicReference<Instant> lastUnknownKidFetch = new AtomicReference<>();
  private final ConcurrentHashMap<String, Instant> absentKids = new ConcurrentHashMap<>();
  private final AtomicReference<Backoff> backoff = new AtomicReference<>(Backoff.NONE);
  private volatile String lastFailure = "no fetch has succeeded yet";

  /** Held weakly: a verifier that is gone must not be kept alive by the source it used. */
  private final List<WeakReference<Consumer<Set<String>>>> removalCallbacks =
      new CopyOnWriteArrayList<>();

  /** Resolves the JWKS URL; for OIDC discovery, that itself is a fetch. */
  public interface UriResolver {
    /** Returns the JWKS URL, possibly completing later. */
    CompletableFuture<URI> resolve();

    /** Returns the URL if known already, else null. Used as the cache key. */
    URI known();

    /** Returns why resolution can never succeed (a configuration error), or null. */
    default String configurationError() {
      return null;
    }
  }

  /** Makes the resolver, given the source's fetcher and its failure callback (for backoff). */
  public interface ResolverFactory {
    /** Creates the resolver. */
    UriResolver create(
        HttpDocumentFetcher fetcher, VerityListener listener, Consumer<String> onFailure);
  }

  /**
   * Creates a source.
   *
   * @param resolverFactory makes the resolver of where the JWK Set lives
   * @param settings the validated configuration
   */
  public RemoteJwksKeySource(ResolverFactory resolverFactory, RemoteJwksSettings settings) {
    this.settings = settings;
    this.cache = settings.cache();
    this.listener = settings.listener();
    this.fetcher =
        new HttpDocumentFetcher(
            settings.httpClient(),
            settings.connectTimeout(),
            settings.responseTimeout(),
            settings.maxDocumentBytes(),
            settings.requestCustomizer());
    this.resolver = resolverFactory.create(fetcher, listener, this::recordFailure);
    this.createdAt = settings.clock().instant();
    URI known = resolver.known();
    if (settings.seed() != null && known != null && cache.getIfPresent(known) == null) {
      // A seed counts as confirmed now, with no freshness: it serves the first request and is
      // replaced by the first successful fetch, which that request starts in the background.
      cache.put(known, new CachedJwks(settings.seed(), createdAt, Duration.ZERO, true));
    }
  }

  @Override
  public URI uri() {
    return resolver.known();
  }

  @Override
  public JwkSet keys() {
    Instant now = settings.clock().instant();
    CachedJwks entry = current();
    if (entry != null && withinStaleness(entry, now)) {
      listener.keyLookup(uri(), true);
      Instant refreshAt = entry.confirmedAt().plus(refreshAhead(entry.ttl()));
      if (!now.isBefore(refreshAt)) {
        startRefresh(now);
        if (!now.isBefore(entry.expiresAt()) && !entry.seeded()) {
          listener.servedStale(uri(), Duration.between(entry.confirmedAt(), now));
        }
      }
      return entry.keys();
    }
    listener.keyLookup(uri(), false);
    return fetchAndWait(now, entry).keys();
  }

  @Override
  public JwkSet keysForUnknownKid(String kid) {
    JwkSet keys = keys();
    Instant now = settings.clock().instant();
    Instant absentUntil = absentKids.get(kid);
    if (absentUntil != null && now.isBefore(absentUntil)) {
      // A refetch has shown this kid absent: answer at once. Once the cooldown allows, re-check
      // in the background, so a key published after that refetch is still picked up within one
      // cooldown without this caller, or a flood of them, ever waiting (docs/jwks-and-caching.md).
      listener.unknownKidThrottled(uri());
      if (claimUnknownKidRefetch(now)) {
        load(current());
      }
      return keys;
    }
    if (absentUntil != null) {
      absentKids.remove(kid, absentUntil);
    }
    if (!claimUnknownKidRefetch(now)) {
      // Within the cooldown, another thread won this cooldown's refetch, or the endpoint is
      // failing: don't pile on.
      listener.unknownKidThrottled(uri());
      return keys;
    }
    JwkSet fresh;
    try {
      fresh = fetchAndWait(now, current()).keys();
    } catch (JwtVerificationException e) {
      return keys; // the refetch failed; the cached keys still answer (KEY_NOT_FOUND upstream)
    }
    if (!fresh.keyIds().contains(kid)) {
      if (absentKids.size() >= MAX_NEGATIVE_KIDS) {
        absentKids.clear(); // bounded memory; the cooldown still limits refetches
      }
      absentKids.put(kid, now.plus(settings.negativeCacheTtl()));
    }
    return fresh;
  }

  /** Takes this cooldown's one unknown-kid refetch, if it is still free and no backoff runs. */
  private boolean claimUnknownKidRefetch(Instant now) {
    Instant last = lastUnknownKidFetch.get();
    if (last != null && now.isBefore(last.plus(settings.unknownKidCooldown()))) {
      return false;
    }
    return !backoff.get().blocks(now) && lastUnknownKidFetch.compareAndSet(last, now);
  }

  @Override
  public boolean prime() {
    try {
      return fetchAndWait(settings.clock().instant(), current()).keys().usableSize() > 0;
    } catch (JwtVerificationException e) {
      String configurationError = resolver.configurationError();
      if (configurationError != null) {
        throw new IllegalStateException(configurationError);
      }
      return false;
    }
  }

  @Override
  public void onKeysRemoved(Consumer<Set<String>> callback) {
    java.util.Objects.requireNonNull(callback, "callback");
    removalCallbacks.removeIf(ref -> ref.get() == null);
    removalCallbacks.add(new WeakReference<>(callback));
  }

  private CachedJwks current() {
    URI uri = resolver.known();
    return uri == null ? null : cache.getIfPresent(uri);
  }

  private boolean withinStaleness(CachedJwks entry, Instant now) {
    return !now.isAfter(entry.confirmedAt().plus(settings.maxStaleness()));
  }

  private Duration refreshAhead(Duration ttl) {
    return Duration.ofMillis((long) (ttl.toMillis() * settings.refreshAheadFraction()));
  }

  /** Starts a background refresh unless one is running or the endpoint is backing off. */
  private void startRefresh(Instant now) {
    if (backoff.get().blocks(now)) {
      return;
    }
    load(current());
  }

  /**
   * Fetches (or joins the fetch in flight) and waits at most the response timeout.
   *
   * @param seen the entry the caller saw (or null); a newer one found at load time is used instead
   *     of fetching again
   */
  private CachedJwks fetchAndWait(Instant now, CachedJwks seen) {
    Backoff current = backoff.get();
    if (current.blocks(now)) {
      CachedJwks entry = current();
      if (entry != null && withinStaleness(entry, now)) {
        return entry;
      }
      throw unavailable(lastFailure + "; retrying with backoff");
    }
    try {
      return load(seen).get(settings.responseTimeout().toMillis() + 250, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unavailable("the key source did not answer within the timeout");
    } catch (ExecutionException e) {
      throw unavailable(reason(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for keys");
    }
  }

  private static JwtVerificationException unavailable(String reason) {
    return Rejection.of(ErrorCode.JWKS_UNAVAILABLE, "no usable keys: " + reason);
  }

  /** Called once per failed attempt (JWKS or discovery fetch): the next try waits longer. */
  void recordFailure(String reason) {
    lastFailure = reason;
    backoff.updateAndGet(b -> b.next(settings, settings.clock().instant()));
  }

  /**
   * Loads through the cache's single flight. A caller that saw no (or an older) entry and was
   * descheduled until another caller's fetch finished finds that newer entry here and uses it, so
   * concurrent cold callers cost one request however they interleave.
   */
  private CompletableFuture<CachedJwks> load(CachedJwks seen) {
    return resolver
        .resolve()
        .thenCompose(
            uri ->
                cache.refresh(
                    uri,
                    () -> {
                      CachedJwks latest = cache.getIfPresent(uri);
                      if (latest != null && latest != seen && !latest.seeded()) {
                        return CompletableFuture.completedFuture(latest);
                      }
                      return fetchOnce(uri);
                    }));
  }

  private CompletableFuture<CachedJwks> fetchOnce(URI uri) {
    Instant started = settings.clock().instant();
    long startNanos = System.nanoTime();
    listener.fetchStarted(uri);
    CachedJwks previous = cache.getIfPresent(uri);
    return fetcher
        .fetch(uri)
        .thenApply(
            document -> {
              JwkSet keys;
              try {
                keys = JwkSet.parseRemote(document.body(), settings.maxKeys());
              } catch (IllegalArgumentException e) {
                throw new CompletionException(
                    new HttpDocumentFetcher.FetchException(e.getMessage()));
              }
              return new CachedJwks(keys, started, settings.ttlFor(document.maxAge()), false);
            })
        .whenComplete(
            (entry, error) -> {
              Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
              if (error != null) {
                recordFailure(reason(error));
                listener.fetchFailed(uri, latency, reason(error));
              } else {
                backoff.set(Backoff.NONE);
                listener.fetchSucceeded(uri, latency, entry.keys().size());
                reportRotation(uri, previous, entry);
              }
            });
  }

  private void reportRotation(URI uri, CachedJwks previous, CachedJwks next) {
    if (previous == null) {
      return;
    }
    Set<String> added = new HashSet<>(next.keys().keyIds());
    added.removeAll(previous.keys().keyIds());
    Set<String> removed = new HashSet<>(previous.keys().keyIds());
    removed.removeAll(next.keys().keyIds());
    if (!added.isEmpty() || !removed.isEmpty()) {
      listener.keysRotated(uri, Set.copyOf(added), Set.copyOf(removed));
    }
    if (!removed.isEmpty()) {
      Set<String> gone = Set.copyOf(removed);
      for (WeakReference<Consumer<Set<String>>> ref : removalCallbacks) {
        Consumer<Set<String>> callback = ref.get();
        if (callback != null) {
          LoggingListener.safely(() -> callback.accept(gone), "onKeysRemoved");
        }
      }
    }
  }

  static String reason(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpDocumentFetcher.FetchException) {
      return cause.getMessage();
    }
    if (cause instanceof JwtVerificationException) {
      return cause.getMessage();
    }
    return "the fetch failed (" + cause.getClass().getSimpleName() + ")";
  }

  @Override
  public String toString() {
    URI uri = uri();
    return "RemoteJwksKeySource[" + (uri == null ? "(discovery pending)" : uri) + "]";
  }

  /** Exponential backoff after failures: no fetch before {@code notBefore}. Immutable. */
  private record Backoff(Duration delay, Instant notBefore) {
    static final Backoff NONE = new Backoff(Duration.ZERO, Instant.MIN);

    boolean blocks(Instant now) {
      return now.isBefore(notBefore);
    }

    Backoff next(RemoteJwksSettings settings, Instant now) {
      Duration doubled = delay.isZero() ? settings.initialBackoff() : delay.multipliedBy(2);
      Duration capped =
          doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
      return new Backoff(capped, now.plus(capped));
    }
  }
}
