package dev.verity.jwt.internal.jwks;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.spi.VerityListener;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs key-source events to SLF4J (logger {@code dev.verity.jwt.jwks}) and forwards every event to
 * the user's listener. Only network events are logged, never per-token events on the hot path, and
 * never token contents.
 */
public final class LoggingListener implements VerityListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.verity.jwt.jwks");

  private final VerityListener delegate;

  /**
   * A listener is user code on the key-loading and verification paths: if it throws, the event is
   * lost and logged, never the keys or the verification (a broken metrics bridge must not take
   * authentication down).
   */
  public static void safely(Runnable call, String event) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("A VerityListener threw from {}; the event is dropped", event, e);
    }
  }

  /**
   * Logs that a listener threw from {@code event}; for hot-path callers that report without a
   * lambda.
   */
  public static void dropped(String event, RuntimeException e) {
    LOG.warn("A VerityListener threw from {}; the event is dropped", event, e);
  }

  /** Wraps the user's listener (or {@link VerityListener#NONE}). */
  public LoggingListener(VerityListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void fetchStarted(URI uri) {
    LOG.debug("Fetching {}", uri);
    safely(() -> delegate.fetchStarted(uri), "fetchStarted");
  }

  @Override
  public void fetchSucceeded(URI uri, Duration latency, int keyCount) {
    LOG.debug("Fetched {} in {} ms: {} keys", uri, latency.toMillis(), keyCount);
    safely(() -> delegate.fetchSucceeded(uri, latency, keyCount), "fetchSucceeded");
  }

  @Override
  public void fetchFailed(URI uri, Duration latency, String reason) {
    LOG.warn("Fetching {} failed after {} ms: {}", uri, latency.toMillis(), reason);
    safely(() -> delegate.fetchFailed(uri, latency, reason), "fetchFailed");
  }

  @Override
  public void keysRotated(URI uri, Set<String> added, Set<String> removed) {
    LOG.info("Keys of {} rotated: added {}, removed {}", uri, added, removed);
    safely(() -> delegate.keysRotated(uri, added, removed), "keysRotated");
  }

  @Override
  public void servedStale(URI uri, Duration age) {
    safely(() -> delegate.servedStale(uri, age), "servedStale");
  }

  @Override
  public void unknownKidThrottled(URI uri) {
    safely(() -> delegate.unknownKidThrottled(uri), "unknownKidThrottled");
  }

  @Override
  public void keyLookup(URI uri, boolean hit) {
    safely(() -> delegate.keyLookup(uri, hit), "keyLookup");
  }

  @Override
  public void rejected(ErrorCode code) {
    safely(() -> delegate.rejected(code), "rejected");
  }

  @Override
  public void cacheEvent(CacheName cache, CacheEvent event, long count) {
    safely(() -> delegate.cacheEvent(cache, event, count), "cacheEvent");
  }
}
