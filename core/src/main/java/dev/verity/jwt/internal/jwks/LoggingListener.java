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

  /** Wraps the user's listener (or {@link VerityListener#NONE}). */
  public LoggingListener(VerityListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void fetchStarted(URI uri) {
    LOG.debug("Fetching {}", uri);
    delegate.fetchStarted(uri);
  }

  @Override
  public void fetchSucceeded(URI uri, Duration latency, int keyCount) {
    LOG.debug("Fetched {} in {} ms: {} keys", uri, latency.toMillis(), keyCount);
    delegate.fetchSucceeded(uri, latency, keyCount);
  }

  @Override
  public void fetchFailed(URI uri, Duration latency, String reason) {
    LOG.warn("Fetching {} failed after {} ms: {}", uri, latency.toMillis(), reason);
    delegate.fetchFailed(uri, latency, reason);
  }

  @Override
  public void keysRotated(URI uri, Set<String> added, Set<String> removed) {
    LOG.info("Keys of {} rotated: added {}, removed {}", uri, added, removed);
    delegate.keysRotated(uri, added, removed);
  }

  @Override
  public void servedStale(URI uri, Duration age) {
    delegate.servedStale(uri, age);
  }

  @Override
  public void unknownKidThrottled(URI uri) {
    delegate.unknownKidThrottled(uri);
  }

  @Override
  public void keyLookup(URI uri, boolean hit) {
    delegate.keyLookup(uri, hit);
  }

  @Override
  public void rejected(ErrorCode code) {
    delegate.rejected(code);
  }
}
