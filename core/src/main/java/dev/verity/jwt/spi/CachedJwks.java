package dev.verity.jwt.spi;

import dev.verity.jwt.JwkSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One key set as a {@link JwksCache} holds it: the keys and when they were last confirmed by a
 * successful fetch. Immutable.
 *
 * @param keys the parsed key set
 * @param confirmedAt when a successful fetch (or, for a seed, the start of the source) last vouched
 *     for these keys; the staleness bound counts from here
 * @param ttl how long the keys count as fresh after {@code confirmedAt}
 * @param seeded whether the keys come from a baked-in seed rather than a live fetch
 */
public record CachedJwks(JwkSet keys, Instant confirmedAt, Duration ttl, boolean seeded) {
  /** Validates the members. */
  public CachedJwks {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(confirmedAt, "confirmedAt");
    Objects.requireNonNull(ttl, "ttl");
  }

  /** Returns when the keys stop being fresh. */
  public Instant expiresAt() {
    return confirmedAt.plus(ttl);
  }
}
