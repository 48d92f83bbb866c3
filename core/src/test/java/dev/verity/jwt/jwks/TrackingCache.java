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
  private final JwksCache delegate = JwksCache.inMemory();
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

  /** Whether every load handed out so far has completed. */
  boolean idle() {
    return loads.stream().allMatch(CompletableFuture::isDone);
  }
}
