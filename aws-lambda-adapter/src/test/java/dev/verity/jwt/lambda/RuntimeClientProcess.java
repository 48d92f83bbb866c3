package dev.verity.jwt.lambda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * {@code verity-authorizer.jar} run by the real AWS Lambda runtime interface client in a child JVM,
 * as the Lambda Java runtime runs a function: the client's main class with the handler string, the
 * function's jar on the class path, {@code AWS_LAMBDA_RUNTIME_API} pointing at a {@link
 * FakeRuntimeApi}, and the function's {@code VERITY_*} environment.
 */
final class RuntimeClientProcess implements AutoCloseable {
  static final String HANDLER = "dev.verity.jwt.lambda.VerityAuthorizer::handleRequest";

  private final Process process;
  private final Path stdout;

  private RuntimeClientProcess(Process process, Path stdout) {
    this.process = process;
    this.stdout = stdout;
  }

  /** Starts the client; skips the test where its native library cannot run (not Linux x86-64). */
  static RuntimeClientProcess start(FakeRuntimeApi api, Map<String, String> environment, Path dir)
      throws IOException {
    return start(api, environment, dir, false);
  }

  /**
   * Starts the client, in SnapStart mode when {@code snapStart}: the client then runs the {@code
   * org.crac} hooks around a checkpoint ({@code beforeCheckpoint}, {@code restore/next}, {@code
   * afterRestore}) before its first invocation, as Lambda does when it publishes a version.
   */
  static RuntimeClientProcess start(
      FakeRuntimeApi api, Map<String, String> environment, Path dir, boolean snapStart)
      throws IOException {
    return start(api, environment, dir, snapStart, null, HANDLER, List.of());
  }

  /**
   * Starts the client with another function: {@code functionClassPath} (null: {@code
   * verity-authorizer.jar}) and {@code handler}, with extra JVM options.
   */
  static RuntimeClientProcess start(
      FakeRuntimeApi api,
      Map<String, String> environment,
      Path dir,
      boolean snapStart,
      List<String> functionClassPath,
      String handler,
      List<String> jvmOptions)
      throws IOException {
    assumeTrue(
        System.getProperty("os.name").startsWith("Linux")
            && System.getProperty("os.arch").equals("amd64"),
        "the runtime interface client's native library is built for Linux x86-64 here");
    List<String> classPath = new ArrayList<>(runtimeClientJars());
    if (functionClassPath == null) {
      Path jar = authorizerJar();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("no " + jar + ": run through 'mvn verify'");
      }
      classPath.add(jar.toAbsolutePath().toString());
    } else {
      classPath.addAll(functionClassPath);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(
        "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
            + nativeLibrary(dir));
    if (snapStart) {
      command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(handler);
    Path out = Files.createTempFile(dir, "function", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("AWS_") || name.startsWith("VERITY_"));
    builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
    builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "verity-authorizer");
    if (snapStart) {
      builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    }
    builder.environment().putAll(environment);
    return new RuntimeClientProcess(builder.start(), out);
  }

  /** The built {@code verity-authorizer.jar}. */
  static Path authorizerJar() {
    return Path.of(System.getProperty("verity.authorizer.jar", "target/verity-authorizer.jar"));
  }

  /** The client and its dependencies, from this test's class path. */
  static List<String> runtimeClientJars() {
    List<String> jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                entry -> {
                  String name = Path.of(entry).getFileName().toString();
                  return name.startsWith("aws-lambda-java-runtime-interface-client-")
                      || name.startsWith("aws-lambda-java-serialization-")
                      || name.startsWith("aws-lambda-java-core-")
                      || entry.replace('\\', '/').contains("/software/amazon/awssdk/");
                })
            .collect(Collectors.toList());
    if (jars.stream().noneMatch(j -> j.contains("runtime-interface-client"))) {
      throw new IllegalStateException("the runtime interface client is not on the test class path");
    }
    return jars;
  }

  /**
   * The client's JNI library, copied out of its jar into this test's folder: by default the client
   * copies it to one fixed path in /tmp, which parallel runs would share.
   */
  private static Path nativeLibrary(Path dir) throws IOException {
    String ric =
        runtimeClientJars().stream()
            .filter(j -> j.contains("runtime-interface-client"))
            .findFirst()
            .orElseThrow();
    Path library = dir.resolve("libaws-lambda-jni.so");
    try (ZipFile zip = new ZipFile(ric);
        InputStream in =
            zip.getInputStream(zip.getEntry("jni/libaws-lambda-jni.linux-x86_64.so"))) {
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    return library;
  }

  /** What the function wrote to standard output and error so far. */
  String output() {
    try {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to exit by itself, and returns its status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the runtime client did not exit within 30 s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
