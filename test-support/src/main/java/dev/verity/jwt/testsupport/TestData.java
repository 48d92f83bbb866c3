package dev.verity.jwt.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the third-party vectors in {@code ../shared/testdata}: the system property {@code
 * verity.testdata}, else {@code ../shared/testdata} from the repository root. Where the folder is
 * absent (a user's own clone) a test using it is skipped with a message saying so; when the
 * environment variable {@code CI} is {@code true}, absence is a failure.
 */
public final class TestData {
  private TestData() {}

  /** Returns the testdata root, skipping (or failing on CI) when it is absent. */
  public static Path root() {
    String configured = System.getProperty("verity.testdata");
    Path root =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : findFromWorkingDirectory();
    if (root == null || !Files.isDirectory(root)) {
      String message =
          "third-party test vectors not found (set -Dverity.testdata=DIR or place them in "
              + "../shared/testdata beside the repository); looked at "
              + (root == null ? "<none>" : root.toAbsolutePath());
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      assumeTrue(false, message + "; skipping");
    }
    return root;
  }

  /** Returns a file below the testdata root, which must exist. */
  public static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      fail("test vector file missing: " + relative);
    }
    return file;
  }

  /** Reads a file below the testdata root as UTF-8. */
  public static String read(String relative) {
    try {
      return Files.readString(file(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findFromWorkingDirectory() {
    // Surefire runs in the module folder; walk up to the repository root (where mvnw is).
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw"))) {
        return dir.resolve("../shared/testdata").normalize();
      }
    }
    return null;
  }
}
