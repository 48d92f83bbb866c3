package dev.verity.jwt.internal.jwks;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** A JWKS URL known from configuration. */
public final class StaticUri implements RemoteJwksKeySource.UriResolver {
  private final URI uri;
  private final CompletableFuture<URI> resolved;

  /** Wraps a configured URL. */
  public StaticUri(URI uri) {
    this.uri = uri;
    this.resolved = CompletableFuture.completedFuture(uri);
  }

  @Override
  public CompletableFuture<URI> resolve() {
    return resolved;
  }

  @Override
  public URI known() {
    return uri;
  }
}
