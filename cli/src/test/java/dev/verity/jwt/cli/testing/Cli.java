package dev.verity.jwt.cli.testing;

import dev.verity.jwt.cli.Verity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** Runs the command in-process with captured streams. */
public final class Cli {
  private Cli() {}

  /** The outcome of one run. */
  public record Result(int status, String out, String err) {
    /** Returns standard output split into lines (the final line break ends the last line). */
    public List<String> lines() {
      if (out.isEmpty()) {
        return List.of();
      }
      List<String> parts = List.of(out.split("\n", -1));
      return out.endsWith("\n") ? parts.subList(0, parts.size() - 1) : parts;
    }

    /** Returns the only line of standard output parsed as a JSON object (by jose4j). */
    public Map<String, Object> json() {
      List<String> lines = lines();
      if (lines.size() != 1 || !out.endsWith("\n")) {
        throw new AssertionError("expected exactly one output line, got: " + out);
      }
      return parse(lines.get(0));
    }
  }

  /** Runs {@code verity args...} with empty standard input. */
  public static Result run(String... args) {
    return runWithInput("", args);
  }

  /** Runs {@code verity args...} with the given UTF-8 standard input. */
  public static Result runWithInput(String stdin, String... args) {
    return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** Runs {@code verity args...} with the given raw standard input. */
  public static Result runWithInput(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Verity.run(args, new ByteArrayInputStream(stdin), out, err);
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Parses a JSON object with jose4j, independently of the command's own JSON code. */
  public static Map<String, Object> parse(String json) {
    try {
      return JsonUtil.parseJson(json);
    } catch (JoseException e) {
      throw new AssertionError("not a JSON object: " + json, e);
    }
  }

  /** Returns the member {@code name} of a parsed object as an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> json, String name) {
    return (Map<String, Object>) json.get(name);
  }
}
