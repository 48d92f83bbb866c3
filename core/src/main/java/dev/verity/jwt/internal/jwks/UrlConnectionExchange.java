package dev.verity.jwt.internal.jwks;

import dev.verity.jwt.internal.jwks.HttpDocumentFetcher.FetchException;
import dev.verity.jwt.internal.jwks.HttpDocumentFetcher.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * One GET over {@link HttpURLConnection}, on a daemon thread of its own, under the fetcher's
 * limits.
 *
 * <p>Why not {@code java.net.http}: its first request in a fresh JVM costs ~400 ms and ~1,300
 * classes (a selector thread, HTTP/2 machinery, and a TLS context even for plain http), which an
 * AWS Lambda authorizer pays on every cold start; this costs ~40 ms. Fetches are rare (refresh,
 * backoff and the unknown-kid cooldown bound them), so a thread per fetch is cheaper than a pool
 * that idles.
 *
 * <p>The connection is pinned to what the JDK trusts by itself, whatever an application sets
 * globally on {@code HttpsURLConnection}: the default {@code SSLContext}, and a host name verifier
 * that adds nothing to the JDK's own RFC 2818 check. No proxy, no response cache, no redirects, no
 * compression: the same as the default {@code HttpClient} did.
 */
final class UrlConnectionExchange implements Runnable {
  private static final Authenticator NO_CREDENTIALS = new Authenticator() {};

  private final URI uri;
  private final List<String[]> headers;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final int maxBytes;
  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private volatile HttpURLConnection connection;

  private UrlConnectionExchange(
      URI uri,
      List<String[]> headers,
      Duration connectTimeout,
      Duration responseTimeout,
      int maxBytes) {
    this.uri = uri;
    this.headers = headers;
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
    this.maxBytes = maxBytes;
  }

  /**
   * Starts the exchange; the future completes within {@code responseTimeout}, when the connection
   * is also closed, so that a server dribbling its body cannot keep the thread.
   */
  static CompletableFuture<Response> start(
      URI uri,
      List<String[]> headers,
      Duration connectTimeout,
      Duration responseTimeout,
      int maxBytes) {
    UrlConnectionExchange exchange =
        new UrlConnectionExchange(uri, headers, connectTimeout, responseTimeout, maxBytes);
    Thread thread = new Thread(exchange, "verity-jwks-fetch");
    thread.setDaemon(true);
    thread.start();
    return exchange
        .result
        .orTimeout(responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((response, error) -> exchange.close());
  }

  @Override
  public void run() {
    try {
      result.complete(exchange());
    } catch (IOException | NoSuchAlgorithmException | FetchException | RuntimeException e) {
      result.completeExceptionally(e);
    } finally {
      close();
    }
  }

  private Response exchange() throws IOException, NoSuchAlgorithmException, FetchException {
    HttpURLConnection open = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    connection = open;
    if (result.isDone()) {
      return null; // timed out before the connection existed; close() may have missed it
    }
    if (open instanceof HttpsURLConnection) {
      HttpsURLConnection tls = (HttpsURLConnection) open;
      tls.setSSLSocketFactory(SSLContext.getDefault().getSocketFactory());
      // Called only when the JDK's own host name check has already failed: refuse.
      tls.setHostnameVerifier((host, session) -> false);
    }
    // A default Authenticator an application installed must not hand its credentials to an
    // identity provider that answers 401: this one knows none.
    open.setAuthenticator(NO_CREDENTIALS);
    open.setConnectTimeout(millis(connectTimeout));
    open.setReadTimeout(millis(responseTimeout));
    open.setInstanceFollowRedirects(false);
    open.setUseCaches(false);
    for (String[] header : headers) {
      open.addRequestProperty(header[0], header[1]);
    }
    int status = open.getResponseCode();
    if (open.getContentLengthLong() > maxBytes) {
      throw HttpDocumentFetcher.tooLarge();
    }
    HttpHeaders responseHeaders = headersOf(open.getHeaderFields());
    if (status != 200) {
      return new Response(status, responseHeaders, new byte[0]);
    }
    try (InputStream body = open.getInputStream()) {
      return new Response(status, responseHeaders, readCapped(body));
    }
  }

  private byte[] readCapped(InputStream body) throws IOException, FetchException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.min(maxBytes, 16 * 1024));
    byte[] chunk = new byte[8 * 1024];
    int read;
    while ((read = body.read(chunk)) != -1) {
      if (buffer.size() + read > maxBytes) {
        throw HttpDocumentFetcher.tooLarge(); // stop reading: a 20 MB body is not drained
      }
      buffer.write(chunk, 0, read);
    }
    return buffer.toByteArray();
  }

  /**
   * The response headers as {@code java.net.http} sees them. {@code HttpURLConnection} keys them as
   * received, so "Cache-Control" and "cache-control" can arrive apart; {@code HttpHeaders.of}
   * refuses such a map, so they are merged first.
   */
  static HttpHeaders headersOf(Map<String, List<String>> fields) {
    Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.forEach(
        (name, values) -> {
          if (name != null && !name.isEmpty()) { // null: the status line
            named.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
          }
        });
    return HttpHeaders.of(named, (name, value) -> true);
  }

  /** Closes the connection (idempotent); unblocks a read in progress on the fetch thread. */
  private void close() {
    HttpURLConnection open = connection;
    if (open != null) {
      open.disconnect();
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }
}
