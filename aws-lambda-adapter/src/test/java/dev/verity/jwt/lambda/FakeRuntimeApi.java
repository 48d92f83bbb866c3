package dev.verity.jwt.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API on loopback, as far as the runtime interface client uses it: {@code GET
 * /2018-06-01/runtime/invocation/next} hands out queued events (held open until one is queued, as
 * Lambda does), and the client's answers to {@code .../response}, {@code .../error} and {@code
 * /runtime/init/error} complete the invocation. Every POST is answered 202, which the client
 * requires; {@code next} is never answered with an error, which would crash its native code.
 */
final class FakeRuntimeApi implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime/";

  /** What the function answered to one invocation or to init. */
  record Outcome(boolean error, String errorType, String body) {}

  private record Invocation(String id, byte[] event) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final CompletableFuture<Outcome> initError = new CompletableFuture<>();
  private final java.util.concurrent.atomic.AtomicInteger restores =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closed;
  private volatile long firstNextNanos;

  /** When the client first asked for an invocation (its init done), in {@code System.nanoTime}. */
  long firstNextNanos() {
    return firstNextNanos;
  }

  /** How many times the client asked for the restore (SnapStart only). */
  int restores() {
    return restores.get();
  }

  FakeRuntimeApi() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor); // next blocks: answers must not wait behind it
    server.createContext(BASE, this::handle);
    server.start();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "fake-runtime-api");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues an event and waits for the function's answer. */
  Outcome invoke(String event) throws Exception {
    String id = UUID.randomUUID().toString();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    outcomes.put(id, outcome);
    pending.add(new Invocation(id, event.getBytes(StandardCharsets.UTF_8)));
    return outcome.get(30, TimeUnit.SECONDS);
  }

  /** Waits for the init error the function reports when its handler cannot be constructed. */
  Outcome initError() throws Exception {
    return initError.get(30, TimeUnit.SECONDS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(BASE.length());
    byte[] body = exchange.getRequestBody().readAllBytes();
    String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    Outcome answer = new Outcome(false, errorType, new String(body, StandardCharsets.UTF_8));
    if (path.equals("invocation/next")) {
      next(exchange);
      return;
    }
    if (path.equals("restore/next")) {
      // SnapStart: the snapshot is "restored" at once; the client then runs afterRestore hooks.
      restores.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
      return;
    }
    if (path.equals("init/error")) {
      initError.complete(new Outcome(true, errorType, answer.body()));
    } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
      complete(path, answer);
    } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
      complete(path, new Outcome(true, errorType, answer.body()));
    }
    exchange.sendResponseHeaders(202, -1);
    exchange.close();
  }

  private void complete(String path, Outcome outcome) {
    String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
    CompletableFuture<Outcome> future = outcomes.get(id);
    if (future != null) {
      future.complete(outcome);
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    if (firstNextNanos == 0) {
      firstNextNanos = System.nanoTime();
    }
    Invocation invocation = null;
    try {
      while (invocation == null && !closed) {
        invocation = pending.poll(200, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      return; // closing: the connection is dropped with the server, never answered with an error
    }
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.id());
    exchange
        .getResponseHeaders()
        .add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
    exchange
        .getResponseHeaders()
        .add(
            "Lambda-Runtime-Invoked-Function-Arn",
            "arn:aws:lambda:us-east-1:123456789012:function:verity-authorizer");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    exchange.getResponseBody().write(invocation.event());
    exchange.close();
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }
}
