package dev.verity.jwt.lambda;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One deployed authorizer for a test class: a {@link LoopbackIssuer}, a {@link FakeRuntimeApi} and
 * {@code verity-authorizer.jar} run by the runtime interface client with the given settings,
 * started before the class (skipped where the client cannot run) and stopped after it. Register
 * with {@code @RegisterExtension} on a static field.
 */
final class AuthorizerFunction implements BeforeAllCallback, AfterAllCallback {
  final LoopbackIssuer issuer = new LoopbackIssuer();
  final FakeRuntimeApi api = new FakeRuntimeApi();
  private final String[] settings;
  private Path dir;
  private RuntimeClientProcess process;

  /** Pairs of variable and value added to (or, with null, removed from) the issuer's settings. */
  AuthorizerFunction(String... settings) {
    this.settings = settings.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("verity-authorizer");
    process = RuntimeClientProcess.start(api, issuer.environment(settings), dir);
  }

  /** Invokes the function with one event. */
  FakeRuntimeApi.Outcome invoke(String event) throws Exception {
    return api.invoke(event);
  }

  /** What the function wrote to standard output so far. */
  String output() {
    return process.output();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.close();
    }
    api.close();
    issuer.close();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(AuthorizerFunction::delete);
      }
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
