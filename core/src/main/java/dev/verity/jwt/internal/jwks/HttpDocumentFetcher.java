package dev.verity.jwt.internal.jwks;

import dev.verity.jwt.internal.Ascii;
import dev.verity.jwt.internal.Json;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one small JSON document over HTTPS with hard limits: a connect timeout, a deadline for
 * the whole response including the body, a body size cap enforced while reading, status 200 only, a
 * JSON content type, no redirects.
 *
 * <p>Two transports: by default {@link UrlConnectionExchange} (java.base's {@code
 * HttpURLConnection}, ready in ~40 ms of a fresh JVM, where the first {@code java.net.http} request
 * costs ~400 ms and ~1,300 classes: a Lambda cold start); a caller's own {@link HttpClient} when
 * one is configured (proxies, custom TLS). The limits and every reason are the same for both.
 *
 * <p>Used for JWK Sets and OIDC discovery documents. Thread-safe; every failure completes the
 * future with a {@link FetchException} whose message is a fixed description (never the body).
 */
public final class HttpDocumentFetcher {
  private static final Pattern MAX_AGE =
      Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?", Pattern.CASE_INSENSITIVE);

  static final String ACCEPT = "application/jwk-set+json, application/json";

  private final HttpClient client; // null: HttpURLConnection
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final int maxBytes;
  private final Consumer<HttpRequest.Builder> customizer; // null: no extra headers

  /**
   * Creates a fetcher.
   *
   * @param client the caller's client, which then carries the connect timeout and redirect policy;
   *     null to use {@code HttpURLConnection} with {@code connectTimeout}
   * @param connectTimeout the connect timeout when {@code client} is null
   * @param responseTimeout the deadline for the whole response, body included
   * @param maxBytes the largest body accepted
   * @param customizer a hook to add headers to each request (e.g. an API key), or null
   */
  public HttpDocumentFetcher(
      HttpClient client,
      Duration connectTimeout,
      Duration responseTimeout,
      int maxBytes,
      Consumer<HttpRequest.Builder> customizer) {
    this.client = client;
    this.connectTimeout = Objects.requireNonNull(connectTimeout);
    this.responseTimeout = Objects.requireNonNull(responseTimeout);
    this.maxBytes = maxBytes;
    this.customizer = customizer;
  }

  /**
   * Checks that a URL may be fetched: https, or http to a loopback address when {@code allowHttp}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void checkUrl(URI uri, boolean allowHttp) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : Ascii.lowerCase(uri.getScheme());
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the URL has no host");
    }
    if (uri.getRawUserInfo() != null) {
      // RFC 9110 §4.2.4: a sender must not generate userinfo in http(s) URIs; a password there
      // would end up in logs and messages. Named, never echoed.
      throw new IllegalArgumentException("the URL must not carry user info (user:password@)");
    }
    if ("https".equals(scheme)) {
      return;
    }
    if (!"http".equals(scheme)) {
      throw new IllegalArgumentException("only https URLs may be fetched, not " + scheme + ":");
    }
    if (!allowHttp) {
      throw new IllegalArgumentException(
          "plain http is refused; use https, or allow http explicitly for loopback tests");
    }
    if (!isLoopback(uri.getHost())) {
      throw new IllegalArgumentException("plain http is allowed only to a loopback address");
    }
  }

  /** Returns whether a host name or literal is a loopback address, without a DNS lookup. */
  public static boolean isLoopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (Ascii.equalsIgnoreCase("localhost", bare)) {
      return true;
    }
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return false; // a name other than localhost would need DNS; refuse rather than resolve
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Starts fetching {@code uri}; the future completes with the document or fails with a {@link
   * FetchException}, always within the response timeout (plus scheduling slack).
   */
  public CompletableFuture<Document> fetch(URI uri) {
    CompletableFuture<Response> response;
    try {
      response = client == null ? fetchByUrlConnection(uri) : fetchByClient(uri);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new FetchException("the request could not be sent"));
    }
    return response.handle(
        (result, error) -> {
          if (error != null) {
            throw new CompletionException(describe(error));
          }
          return toDocument(result);
        });
  }

  private CompletableFuture<Response> fetchByUrlConnection(URI uri) {
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Accept", ACCEPT});
    if (customizer != null) {
      // The hook speaks java.net.http's builder (the public API); only its headers are taken.
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
      customizer.accept(builder);
      builder
          .build()
          .headers()
          .map()
          .forEach((name, values) -> values.forEach(v -> headers.add(new String[] {name, v})));
    }
    return UrlConnectionExchange.start(uri, headers, connectTimeout, responseTimeout, maxBytes);
  }

  private CompletableFuture<Response> fetchByClient(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder().header("Accept", ACCEPT);
    if (customizer != null) {
      customizer.accept(builder);
    }
    builder.uri(uri).GET().timeout(responseTimeout); // the hook sets headers, nothing else
    // A subscriber that refuses an oversized body cancels the stream, and the JDK client then fails
    // the response with a generic "stream cancelled" IOException; the refusal is recorded here so
    // the reason survives.
    AtomicReference<FetchException> refusal = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> response =
        client.sendAsync(builder.build(), info -> cappedBody(info.headers(), refusal));
    return response
        .orTimeout(responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (result, error) -> {
              if (error != null) {
                response.cancel(true);
                FetchException refused = refusal.get();
                throw new CompletionException(refused != null ? refused : error);
              }
              return new Response(result.statusCode(), result.headers(), result.body());
            });
  }

  private BodySubscriber<byte[]> cappedBody(
      HttpHeaders headers, AtomicReference<FetchException> refusal) {
    long declared = headers.firstValueAsLong("Content-Length").orElse(-1);
    if (declared > maxBytes) {
      FetchException tooLarge = tooLarge();
      refusal.set(tooLarge);
      return new FailingSubscriber(tooLarge);
    }
    return new CappedSubscriber(maxBytes, refusal);
  }

  static FetchException tooLarge() {
    return new FetchException("the response is larger than the limit");
  }

  private static Document toDocument(Response response) {
    int status = response.status();
    if (status >= 300 && status < 400) {
      throw new CompletionException(
          new FetchException("the server answered with a redirect (HTTP " + status + ")"));
    }
    if (status != 200) {
      throw new CompletionException(new FetchException("the server answered HTTP " + status));
    }
    Optional<String> contentType = response.headers().firstValue("Content-Type");
    if (contentType.isPresent() && !isJson(contentType.get())) {
      throw new CompletionException(
          new FetchException("the response is not JSON (content type is not application/json)"));
    }
    String body;
    try {
      body = Json.strictUtf8(response.body());
    } catch (IllegalArgumentException e) {
      throw new CompletionException(
          new FetchException("the response is not UTF-8 JSON text (" + e.getMessage() + ")"));
    }
    return new Document(body, maxAge(response.headers()));
  }

  /** application/json, application/jwk-set+json and any other {@code +json} type count as JSON. */
  static boolean isJson(String contentType) {
    String type = Ascii.lowerCase(contentType.split(";", 2)[0].trim());
    return type.equals("application/json") || type.endsWith("+json");
  }

  /** Returns {@code Cache-Control: max-age}, or empty when absent; {@code no-store} gives zero. */
  static Optional<Duration> maxAge(HttpHeaders headers) {
    List<String> values = headers.allValues("Cache-Control");
    for (String value : values) {
      String lower = Ascii.lowerCase(value);
      if (lower.contains("no-store") || lower.contains("no-cache")) {
        return Optional.of(Duration.ZERO);
      }
      Matcher matcher = MAX_AGE.matcher(value);
      if (matcher.find()) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(matcher.group(1))));
      }
    }
    return Optional.empty();
  }

  private static FetchException describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof FetchException) {
      return (FetchException) cause;
    }
    if (cause instanceof TimeoutException
        || cause instanceof java.net.http.HttpTimeoutException
        || cause instanceof java.net.SocketTimeoutException) {
      return new FetchException("the server did not answer within the timeout");
    }
    if (cause instanceof java.net.ConnectException) {
      return new FetchException("the connection was refused or could not be made");
    }
    if (cause instanceof java.io.IOException) {
      return new FetchException("the connection failed (" + cause.getClass().getSimpleName() + ")");
    }
    return new FetchException("the fetch failed (" + cause.getClass().getSimpleName() + ")");
  }

  /** What either transport received: the status, the headers and (for a 200) the body. */
  record Response(int status, HttpHeaders headers, byte[] body) {}

  /** A fetched document and its cache lifetime as the server stated it. */
  public record Document(String body, Optional<Duration> maxAge) {}

  /** A failed fetch, with a fixed description safe to log. */
  public static final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates a failure with a fixed description. */
    public FetchException(String message) {
      super(message, null, false, false);
    }
  }

  /** Collects the body, failing as soon as it grows past the cap (so a 20 MB body is not read). */
  private static final class CappedSubscriber implements BodySubscriber<byte[]> {
    private final int maxBytes;
    private final AtomicReference<FetchException> refusal;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedSubscriber(int maxBytes, AtomicReference<FetchException> refusal) {
      this.maxBytes = maxBytes;
      this.refusal = refusal;
    }

    @Override
    public CompletableFuture<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + item.remaining() > maxBytes) {
          FetchException tooLarge = tooLarge();
          refusal.set(tooLarge);
          result.completeExceptionally(tooLarge);
          subscription.cancel();
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }

  /** Refuses a body whose declared length is already over the cap, without reading it. */
  private static final class FailingSubscriber implements BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final FetchException failure;

    FailingSubscriber(FetchException failure) {
      this.failure = failure;
    }

    @Override
    public CompletableFuture<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
      result.completeExceptionally(failure);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.completeExceptionally(failure);
    }
  }
}
