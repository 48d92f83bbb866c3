package dev.verity.jwt.internal.jwks;

import dev.verity.jwt.internal.Json;
import dev.verity.jwt.spi.VerityListener;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Finds the JWKS URL of an OpenID Provider (OpenID Connect Discovery 1.0 §4, RFC 8414 §3): fetches
 * {@code <issuer>/.well-known/openid-configuration} once, requires its {@code issuer} to equal the
 * configured issuer exactly (§4.3, so one provider cannot speak for another) and takes {@code
 * jwks_uri}, which must itself be an acceptable URL. A document that fails those checks is a
 * configuration error that retrying cannot mend; a failed fetch is retried with the source's
 * backoff.
 */
public final class OidcDiscovery implements RemoteJwksKeySource.UriResolver {
  private final String issuer;
  private final URI configurationUri;
  private final boolean allowHttp;
  private final HttpDocumentFetcher fetcher;
  private final VerityListener listener;
  private final Consumer<String> onFailure;
  private final AtomicReference<CompletableFuture<URI>> attempt = new AtomicReference<>();
  private volatile URI jwksUri;
  private volatile String configurationError;

  /**
   * Creates a resolver.
   *
   * @param issuer the configured issuer, exactly as tokens carry it
   * @param allowHttp whether a loopback http issuer and jwks_uri are allowed
   * @param fetcher the fetcher with the source's limits
   * @param listener receives the discovery fetch's events
   * @param onFailure called with the reason once per failed fetch, to back off
   */
  public OidcDiscovery(
      String issuer,
      boolean allowHttp,
      HttpDocumentFetcher fetcher,
      VerityListener listener,
      Consumer<String> onFailure) {
    this.issuer = issuer;
    this.configurationUri = configurationUri(issuer);
    HttpDocumentFetcher.checkUrl(configurationUri, allowHttp);
    this.allowHttp = allowHttp;
    this.fetcher = fetcher;
    this.listener = listener;
    this.onFailure = onFailure;
  }

  /** OIDC Discovery §4: drop a terminating "/" from the issuer, then append the well-known path. */
  public static URI configurationUri(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    try {
      return URI.create(base + "/.well-known/openid-configuration");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the issuer is not a valid URL");
    }
  }

  @Override
  public URI known() {
    return jwksUri;
  }

  @Override
  public String configurationError() {
    return configurationError;
  }

  @Override
  public CompletableFuture<URI> resolve() {
    URI known = jwksUri;
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    if (configurationError != null) {
      return CompletableFuture.failedFuture(
          new HttpDocumentFetcher.FetchException(configurationError));
    }
    CompletableFuture<URI> mine = new CompletableFuture<>();
    if (!attempt.compareAndSet(null, mine)) {
      CompletableFuture<URI> running = attempt.get();
      return running != null ? running : resolve();
    }
    long start = System.nanoTime();
    listener.fetchStarted(configurationUri);
    fetcher
        .fetch(configurationUri)
        .thenApply(document -> jwksUriOf(document.body()))
        .whenComplete(
            (uri, error) -> {
              Duration latency = Duration.ofNanos(System.nanoTime() - start);
              if (error == null) {
                jwksUri = uri;
                listener.fetchSucceeded(configurationUri, latency, 0);
              } else {
                String reason = RemoteJwksKeySource.reason(error);
                listener.fetchFailed(configurationUri, latency, "OIDC discovery: " + reason);
                if (configurationError == null) {
                  onFailure.accept("OIDC discovery: " + reason);
                }
              }
              // Cleared before anyone waiting is woken, so a caller that retries right after a
              // failure starts a new attempt instead of joining the finished one.
              attempt.compareAndSet(mine, null);
              if (error == null) {
                mine.complete(uri);
              } else {
                mine.completeExceptionally(error);
              }
            });
    return mine;
  }

  private URI jwksUriOf(String body) {
    Object root;
    try {
      root = Json.parseValue(body);
    } catch (Exception e) {
      throw new CompletionException(
          new HttpDocumentFetcher.FetchException("the discovery document is not valid JSON"));
    }
    if (!(root instanceof Map)) {
      throw new CompletionException(
          new HttpDocumentFetcher.FetchException("the discovery document is not a JSON object"));
    }
    Map<?, ?> document = (Map<?, ?>) root;
    if (!issuer.equals(document.get("issuer"))) {
      throw configurationError(
          "the discovery document's issuer differs from the configured issuer");
    }
    Object value = document.get("jwks_uri");
    if (!(value instanceof String)) {
      throw configurationError("the discovery document has no jwks_uri");
    }
    URI uri;
    try {
      uri = URI.create((String) value);
      HttpDocumentFetcher.checkUrl(uri, allowHttp);
    } catch (IllegalArgumentException e) {
      throw configurationError(
          "the discovery document's jwks_uri is not acceptable: " + e.getMessage());
    }
    return uri;
  }

  private CompletionException configurationError(String message) {
    configurationError = message;
    return new CompletionException(new HttpDocumentFetcher.FetchException(message));
  }
}
