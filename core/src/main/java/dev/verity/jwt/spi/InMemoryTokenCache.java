package dev.verity.jwt.spi;

import dev.verity.jwt.spi.VerityListener.CacheEvent;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Core's built-in {@link VerifiedTokenCache}: a {@link ConcurrentHashMap} read without locks, and a
 * ring of the same entries in insertion order, changed only under one lock, for eviction.
 *
 * <p>Reads (the hot path of a hit) take no lock and allocate nothing: a map lookup, an expiry
 * comparison against the bound clock in epoch milliseconds, and a "referenced" mark. Writes happen
 * after a full verification (a signature operation costs far more than the lock) and evict with the
 * second-chance (CLOCK) rule: the oldest entry goes first unless it was read since it was last
 * passed over, so a hot token survives a flood of tokens seen once. Both bounds, entries and total
 * {@linkplain VerifiedTokenCache#weigh weight}, hold exactly after every write. Expired entries are
 * removed when read, when eviction passes them, and when they are among the two oldest at a write.
 */
final class InMemoryTokenCache implements VerifiedTokenCache {
  private final int maxEntries;
  private final long maxWeight;
  private final ConcurrentHashMap<String, Node> map = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Node ring = new Node(null, null, 0); // sentinel: ring.next is the oldest entry
  private long weight; // guarded by lock
  private volatile long publishedWeight;
  private volatile Binding binding;

  /**
   * Creates a cache.
   *
   * @param maxEntries the most entries held, at least 1
   * @param maxWeightBytes the largest total weight, at least {@link #ENTRY_OVERHEAD_BYTES}
   */
  InMemoryTokenCache(int maxEntries, long maxWeightBytes) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    if (maxWeightBytes < ENTRY_OVERHEAD_BYTES) {
      throw new IllegalArgumentException("maxWeightBytes must be at least " + ENTRY_OVERHEAD_BYTES);
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeightBytes;
    ring.prev = ring;
    ring.next = ring;
  }

  @Override
  public CachedToken get(String token) {
    Node node = map.get(token);
    if (node == null) {
      return null;
    }
    Binding bound = binding;
    if (bound != null && bound.clock().millis() >= node.expiresAtMillis) {
      if (remove(node)) {
        bound.report(CacheEvent.EXPIRATION, 1);
      }
      return null;
    }
    if (!node.referenced) {
      node.referenced = true; // a plain check first: no write, so no shared cache line, when hot
    }
    return node.entry;
  }

  @Override
  public void put(String token, CachedToken entry) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(entry, "entry");
    Binding bound = binding;
    long now = bound == null ? System.currentTimeMillis() : bound.clock().millis();
    Node node = new Node(token, entry, VerifiedTokenCache.weigh(token));
    if (now >= node.expiresAtMillis || node.weight > maxWeight) {
      return; // expired already, or heavier than the whole cache: never evict others for it
    }
    int evicted = 0;
    int expired = 0;
    lock.lock();
    try {
      Node old = map.put(token, node);
      if (old != null) {
        unlink(old);
      }
      link(node);
      // Tokens mostly expire in the order they were first seen: look at the two oldest entries on
      // every write, so expired ones are freed even while the cache is below its bounds.
      for (int i = 0; i < 2 && ring.next != node && now >= ring.next.expiresAtMillis; i++) {
        Node oldest = ring.next;
        map.remove(oldest.token, oldest);
        unlink(oldest);
        expired++;
      }
      // CLOCK: pass over each referenced entry once (clearing its mark), evict the first one that
      // was not read since; every entry is looked at at most twice, so this ends.
      Node hand = ring.next;
      while (map.size() > maxEntries || weight > maxWeight) {
        if (hand == ring) {
          hand = ring.next;
        }
        Node next = hand.next;
        if (now >= hand.expiresAtMillis) {
          map.remove(hand.token, hand);
          unlink(hand);
          expired++;
        } else if (hand.referenced && hand != node) {
          hand.referenced = false;
          unlink(hand);
          link(hand);
        } else {
          map.remove(hand.token, hand);
          unlink(hand);
          evicted++;
        }
        hand = next;
      }
    } finally {
      publishedWeight = weight;
      lock.unlock();
    }
    report(CacheEvent.EVICTION, evicted);
    report(CacheEvent.EXPIRATION, expired);
  }

  @Override
  public void invalidate(String token) {
    Node node = map.get(token);
    if (node != null) {
      remove(node);
    }
  }

  @Override
  public void invalidateIf(Predicate<CachedToken> condition) {
    Objects.requireNonNull(condition, "condition");
    for (Node node : map.values()) {
      if (condition.test(node.entry)) {
        remove(node);
      }
    }
  }

  @Override
  public void invalidateAll() {
    lock.lock();
    try {
      map.clear();
      ring.next = ring;
      ring.prev = ring;
      weight = 0;
      publishedWeight = 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long size() {
    return map.size();
  }

  @Override
  public long weightedSize() {
    return publishedWeight;
  }

  @Override
  public void attach(Binding binding) {
    Objects.requireNonNull(binding, "binding");
    lock.lock();
    try {
      if (this.binding != null) {
        throw new IllegalStateException(
            "this token cache is already bound to a verifier; give each verifier its own cache");
      }
      this.binding = binding;
    } finally {
      lock.unlock();
    }
  }

  /** Removes this very node (not a newer one for the same token); true when it was held. */
  private boolean remove(Node node) {
    lock.lock();
    try {
      if (!map.remove(node.token, node)) {
        return false;
      }
      unlink(node);
      publishedWeight = weight;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void link(Node node) {
    node.prev = ring.prev;
    node.next = ring;
    ring.prev.next = node;
    ring.prev = node;
    weight += node.weight;
  }

  private void unlink(Node node) {
    node.prev.next = node.next;
    node.next.prev = node.prev;
    node.prev = null;
    node.next = null;
    weight -= node.weight;
  }

  private void report(CacheEvent event, int count) {
    Binding bound = binding;
    if (count > 0 && bound != null) {
      bound.report(event, count);
    }
  }

  @Override
  public String toString() {
    return "InMemoryTokenCache[" + map.size() + " entries, " + publishedWeight + " bytes]";
  }

  /** One entry; {@code prev}/{@code next} are guarded by the lock. */
  private static final class Node {
    final String token;
    final CachedToken entry;
    final long weight;
    final long expiresAtMillis;
    volatile boolean referenced;
    Node prev;
    Node next;

    Node(String token, CachedToken entry, long weight) {
      this.token = token;
      this.entry = entry;
      this.weight = weight;
      this.expiresAtMillis = entry == null ? Long.MAX_VALUE : toMillis(entry);
    }

    private static long toMillis(CachedToken entry) {
      try {
        return entry.expiresAt().toEpochMilli();
      } catch (ArithmeticException e) {
        return entry.expiresAt().isBefore(java.time.Instant.EPOCH)
            ? Long.MIN_VALUE
            : Long.MAX_VALUE;
      }
    }
  }
}
