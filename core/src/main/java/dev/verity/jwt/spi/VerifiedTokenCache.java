package dev.verity.jwt.spi;

import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Storage for verification results keyed by the exact token string, so that a token presented again
 * costs no signature operation. Enabled on a verifier with {@code
 * JwtVerifierBuilder.tokenCache(...)} (and, for rejections, {@code rejectionCache(...)}); off by
 * default.
 *
 * <p>The cache only stores; the verifier decides what may be served. On every hit it checks that
 * the key that verified the token is still the one the key source would select, and re-checks
 * {@code exp}, {@code nbf}, {@code iat}, the maximum age and the custom claim checks against its
 * own clock and leeway. Core ships a small bounded implementation ({@link #inMemory}); the {@code
 * verity-jwt-caffeine} module ships a Caffeine one.
 *
 * <p>Contract for implementations (the shared contract test checks each one):
 *
 * <ul>
 *   <li>Thread-safe; {@link #get} never blocks and should not allocate.
 *   <li>The key is the whole token string, compared with {@link String#equals}: never a hash or a
 *       prefix that two tokens could share.
 *   <li>Bounded: by a number of entries and by a total {@linkplain #weigh weight}; a {@link #put}
 *       beyond a bound evicts.
 *   <li>An entry never outlives its {@link CachedToken#expiresAt()}: {@link #get} returns null once
 *       the bound clock reaches it, {@link #put} of an entry already expired stores nothing, and
 *       the entry's memory is freed at about that instant (on the implementation's own time base
 *       and maintenance schedule: for core's cache when it is read or among the oldest at a later
 *       write, for Caffeine's within about a second); every entry counts against the bounds until.
 *   <li>Bound to one verifier: {@link #attach} succeeds once; a second call throws {@link
 *       IllegalStateException}, so that a token accepted under one verifier's rules is never served
 *       to a verifier with other rules.
 * </ul>
 */
public interface VerifiedTokenCache {
  /** Fixed part of {@link #weigh}: the entry, map node, verified token and parsed claims. */
  long ENTRY_OVERHEAD_BYTES = 512;

  /**
   * Returns the entry for exactly this token, or null when none is held or it has expired by the
   * bound clock. Never blocks.
   */
  CachedToken get(String token);

  /**
   * Stores an entry for this token, replacing any held one, unless it has already expired by the
   * bound clock; may evict other entries to stay within the bounds.
   */
  void put(String token, CachedToken entry);

  /** Removes the entry for this token, if any. */
  void invalidate(String token);

  /** Removes every entry that matches {@code condition} (used when keys leave the key source). */
  void invalidateIf(Predicate<CachedToken> condition);

  /** Removes every entry. */
  void invalidateAll();

  /** Returns the number of entries held now (approximate while other threads write). */
  long size();

  /**
   * Returns the total {@linkplain #weigh weight} of the entries held now (approximate likewise; an
   * implementation may walk its entries to answer, so call it for metrics, not per request).
   */
  long weightedSize();

  /**
   * Binds this cache to the verifier being built; called once by {@code
   * JwtVerifierBuilder.build()}.
   *
   * @throws IllegalStateException when the cache is already bound to a verifier
   */
  void attach(Binding binding);

  /**
   * Returns the weight of an entry for {@code token}: an estimate in bytes of the memory it
   * retains, twice the token's length (the token itself, its decoded claims and the values read
   * from them) plus {@link #ENTRY_OVERHEAD_BYTES}. Every implementation weighs with this, so a byte
   * bound means the same thing whichever cache is plugged in.
   */
  static long weigh(String token) {
    return 2L * token.length() + ENTRY_OVERHEAD_BYTES;
  }

  /**
   * Returns a new instance of core's built-in cache: a concurrent map with lock-free reads and
   * second-chance (CLOCK) eviction within both bounds.
   *
   * @param maxEntries the most entries held, at least 1
   * @param maxWeightBytes the largest total {@linkplain #weigh weight}, at least one entry's
   *     overhead
   */
  static VerifiedTokenCache inMemory(int maxEntries, long maxWeightBytes) {
    return new InMemoryTokenCache(maxEntries, maxWeightBytes);
  }

  /**
   * What a verifier tells the cache it is bound to.
   *
   * @param name which of the verifier's caches this is (verified tokens or rejections), for events
   * @param clock the verifier's clock, against which entries expire
   * @param listener where to report evictions and expirations ({@link VerityListener#cacheEvent})
   */
  record Binding(VerityListener.CacheName name, InstantSource clock, VerityListener listener) {
    // The logger of every listener failure, so one logging rule silences or shows them all.
    private static final org.slf4j.Logger LOG =
        org.slf4j.LoggerFactory.getLogger("dev.verity.jwt.jwks");

    /** Validates the members. */
    public Binding {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(listener, "listener");
    }

    /** Reports an event to the listener; a listener that throws loses the event, nothing else. */
    public void report(VerityListener.CacheEvent event, long count) {
      try {
        listener.cacheEvent(name, event, count);
      } catch (RuntimeException e) {
        LOG.warn("A VerityListener threw from cacheEvent; the event is dropped", e);
      }
    }
  }
}
