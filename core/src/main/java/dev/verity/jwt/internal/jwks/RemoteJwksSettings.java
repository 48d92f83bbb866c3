package dev.verity.jwt.internal.jwks;

import dev.verity.jwt.JwkSet;
import dev.verity.jwt.spi.JwksCache;
import dev.verity.jwt.spi.VerityListener;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * The validated configuration of a remote JWKS source; see {@code docs/jwks-and-caching.md} for
 * every default and why.
 */
public record RemoteJwksSettings(
    Duration connectTimeout,
    Duration responseTimeout,
    int maxDocumentBytes,
    int maxKeys,
    Duration defaultTtl,
    Duration minTtl,
    Duration maxTtl,
    double refreshAheadFraction,
    Duration unknownKidCooldown,
    Duration negativeCacheTtl,
    Duration maxStaleness,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean allowHttp,
    HttpClient httpClient,
    Consumer<HttpRequest.Builder> requestCustomizer,
    JwkSet seed,
    JwksCache cache,
    VerityListener listener,
    InstantSource clock) {

  /** Clamps a server's {@code max-age} into [minTtl, maxTtl]. */
  public Duration ttlFor(java.util.Optional<Duration> maxAge) {
    if (maxAge.isEmpty()) {
      return defaultTtl;
    }
    Duration ttl = maxAge.get();
    if (ttl.compareTo(minTtl) < 0) {
      return minTtl;
    }
    return ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
  }
}
