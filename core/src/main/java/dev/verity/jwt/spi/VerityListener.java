package dev.verity.jwt.spi;

import dev.verity.jwt.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Receives Verity's operational events, to bridge them to metrics or tracing (Micrometer,
 * OpenTelemetry). Every method has an empty default, so an implementation overrides only what it
 * needs. Methods are called synchronously on the thread that caused the event, some of them on the
 * verification path: keep them fast and never throw. Events never carry token contents or key
 * material.
 */
public interface VerityListener {
  /** A listener that ignores every event. */
  VerityListener NONE = new VerityListener() {};

  /** A fetch of a JWK Set (or discovery document) starts. */
  default void fetchStarted(URI uri) {}

  /** A fetch succeeded: how long it took and how many keys the set holds. */
  default void fetchSucceeded(URI uri, Duration latency, int keyCount) {}

  /** A fetch failed, with a fixed description of why. */
  default void fetchFailed(URI uri, Duration latency, String reason) {}

  /** A successful fetch changed the key ids: which appeared and which left. */
  default void keysRotated(URI uri, Set<String> added, Set<String> removed) {}

  /** Keys past their freshness were served because no newer keys could be had yet. */
  default void servedStale(URI uri, Duration age) {}

  /**
   * A token named an unknown {@code kid} and the refetch was suppressed (cooldown, negative cache).
   */
  default void unknownKidThrottled(URI uri) {}

  /** Keys were served from the cache ({@code hit}) or had to be fetched first (miss). */
  default void keyLookup(URI uri, boolean hit) {}

  /** A verifier rejected a token with this code. */
  default void rejected(ErrorCode code) {}
}
