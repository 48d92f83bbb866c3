package dev.verity.jwt.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Core's built-in {@link JwksCache}: one value and at most one in-flight load per URL. Holds one
 * entry per configured JWKS URL, so it needs no eviction.
 */
final class InMemoryJwksCache implements JwksCache {
  private final ConcurrentMap<URI, CachedJwks> values = new ConcurrentHashMap<>();
  private final ConcurrentMap<URI, CompletableFuture<CachedJwks>> inFlight =
      new ConcurrentHashMap<>();

  @Override
  public CachedJwks getIfPresent(URI source) {
    return values.get(source);
  }

  @Override
  public CompletableFuture<CachedJwks> refresh(
      URI source, Supplier<CompletableFuture<CachedJwks>> loader) {
    CompletableFuture<CachedJwks> mine = new CompletableFuture<>();
    CompletableFuture<CachedJwks> existing = inFlight.putIfAbsent(source, mine);
    if (existing != null) {
      return existing;
    }
    CompletableFuture<CachedJwks> load;
    try {
      load = loader.get();
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    load.whenComplete(
        (value, error) -> {
          if (error == null) {
            values.put(source, value);
          }
          inFlight.remove(source, mine);
          if (error == null) {
            mine.complete(value);
          } else {
            mine.completeExceptionally(error);
          }
        });
    return mine;
  }

  @Override
  public void put(URI source, CachedJwks value) {
    values.put(source, value);
  }
}
