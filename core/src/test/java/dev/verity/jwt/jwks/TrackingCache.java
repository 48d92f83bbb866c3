package dev.verity.jwt.jwks;

import dev.verity.jwt.spi.CachedJwks;
import dev.verity.jwt.spi.JwksCache;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Core's in-memory cache, with a record of the loads it handed out, so a test can wait until every
 * background refresh has fully settled (value stored, in-flight entry cleared) before moving time.
 */
final class TrackingCache implements JwksCache {
  /**
   * Names a {@code Supplier<JwksCache>} class to run the JWKS policy tests on another cache (the
   * caffeine-cache module runs this same suite on its cache); unset, core's in-memory cache.
   */
  static final String CACHE_PROPERTY = "verity.test.jwksCache";

  private final JwksCache delegate = newDelegate();
  private final List<CompletableFuture<CachedJwks>> loads = new CopyOnWriteArrayList<>();

  @Override
  public CachedJwks getIfPresent(URI source) {
    return delegate.getIfPresent(source);
  }

  @Override
  public CompletableFuture<CachedJwks> refresh(
      URI source, Supplier<CompletableFuture<CachedJwks>> loader) {
    CompletableFuture<CachedJwks> load = delegate.refresh(source, loader);
    loads.add(load);
    return load;
  }

  @Override
  public void put(URI source, CachedJwks value) {
    delegate.put(source, value);
  }

  @SuppressWarnings("unchecked")
  private static JwksCache newDelegate() {
    String name = System.getProperty(CACHE_PROPERTY, "");
    if (name.isEmpty()) {
      return JwksCache.inMemory();
    }
    try {
      return ((Supplier<JwksCache>) Class.forName(name).getDeclaredConstructor().newInstance())
          .get();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the JWKS cache " + name, e);
    }
  }

  /** Whether every load handed out so far has completed. */
  boolean idle() {
    return loads.stream().allMatch(CompletableFuture::isDone);
  }
}
