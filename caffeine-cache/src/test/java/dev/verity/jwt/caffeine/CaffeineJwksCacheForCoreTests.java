package dev.verity.jwt.caffeine;

import dev.verity.jwt.spi.JwksCache;
import java.util.function.Supplier;

/**
 * Hands core's JWKS policy suite a {@link CaffeineJwksCache} (named by the {@code
 * verity.test.jwksCache} system property in this module's pom).
 */
public final class CaffeineJwksCacheForCoreTests implements Supplier<JwksCache> {
  /** Made by core's {@code TrackingCache} through reflection. */
  public CaffeineJwksCacheForCoreTests() {}

  @Override
  public JwksCache get() {
    return CaffeineJwksCache.create();
  }
}
