package dev.verity.jwt.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.TestData;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.jose4j.json.internal.json_simple.JSONValue;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * Reads the third-party vector files in {@code ../shared/testdata} with jose4j's JSON parser, an
 * implementation independent of Verity, so a bug in Verity's own JSON code cannot make vectors
 * silently disappear. Also holds the small encoding helpers the vector tests share.
 */
final class VectorFiles {
  /** JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2). */
  static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

  private VectorFiles() {}

  /**
   * Returns the factory's tests, or, when the vectors are absent outside CI, one test that is
   * skipped with {@link TestData}'s message (an aborted factory would vanish from the report).
   */
  static Stream<DynamicNode> unlessAbsent(Supplier<Stream<DynamicNode>> factory) {
    try {
      TestData.root();
    } catch (TestAbortedException e) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "third-party vectors absent",
              () -> {
                throw e;
              }));
    }
    return factory.get();
  }

  /** Reads and parses one vector file below the testdata root (skips when the data is absent). */
  static Map<String, Object> load(String relative) {
    String text = TestData.read(relative);
    try {
      return JsonUtil.parseJson(text);
    } catch (JoseException e) {
      throw new IllegalStateException("vector file is not JSON: " + relative, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (!(value instanceof Map)) {
      throw new IllegalStateException("expected a JSON object, got " + describe(value));
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    if (!(value instanceof List)) {
      throw new IllegalStateException("expected a JSON array, got " + describe(value));
    }
    return (List<Object>) value;
  }

  static List<Map<String, Object>> objects(Object value) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object item : list(value)) {
      out.add(map(item));
    }
    return out;
  }

  static String string(Map<String, Object> object, String name) {
    Object value = object.get(name);
    if (!(value instanceof String)) {
      throw new IllegalStateException("member " + name + " is not a string: " + describe(value));
    }
    return (String) value;
  }

  static int integer(Map<String, Object> object, String name) {
    Object value = object.get(name);
    if (!(value instanceof Number)) {
      throw new IllegalStateException("member " + name + " is not a number: " + describe(value));
    }
    return ((Number) value).intValue();
  }

  /** Returns the {@code testGroups} of a Wycheproof file. */
  static List<Map<String, Object>> groups(Map<String, Object> file) {
    return objects(file.get("testGroups"));
  }

  /** Returns the {@code tests} of a Wycheproof group. */
  static List<Map<String, Object>> tests(Map<String, Object> group) {
    return objects(group.get("tests"));
  }

  /** Returns the sum of the sizes of all {@code tests} arrays. */
  static int countTests(Map<String, Object> file) {
    int count = 0;
    for (Map<String, Object> group : groups(file)) {
      count += tests(group).size();
    }
    return count;
  }

  /** Serializes a parsed JSON value back to JSON text (jose4j, not Verity). */
  static String toJson(Object value) {
    return JSONValue.toJSONString(value);
  }

  /** Returns a copy of a JWK without its private members. */
  static Map<String, Object> publicOnly(Map<String, Object> jwk) {
    Map<String, Object> copy = new LinkedHashMap<>(jwk);
    copy.keySet().removeAll(PRIVATE_MEMBERS);
    return copy;
  }

  /** Wraps single JWKs into a JWK Set document. */
  static String jwkSet(List<Map<String, Object>> jwks) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("keys", jwks);
    return toJson(set);
  }

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Turns a Wycheproof BigInt (big-endian two's complement hex, possibly with a leading 00) into
   * exactly {@code size} unsigned bytes, as RFC 7518 §6.2.1.2 wants EC coordinates.
   */
  static byte[] fixedLength(String twosComplementHex, int size) {
    BigInteger value = new BigInteger(twosComplementHex, 16);
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    if (new BigInteger(1, out).compareTo(value) != 0) {
      throw new IllegalStateException("value does not fit in " + size + " bytes");
    }
    return out;
  }

  /** Rejection messages are fixed strings: they never contain the token or key material. */
  static void assertNoSecrets(String message, String token, String keyMaterialJson) {
    assertThat(message).isNotNull();
    for (String segment : token.split("[.]")) {
      if (segment.length() >= 4) {
        assertThat(message).as("rejection message echoes a token segment").doesNotContain(segment);
      }
    }
    for (String value : keyMaterialJson.split("\"")) {
      if (value.length() >= 16) {
        assertThat(message).as("rejection message echoes key material").doesNotContain(value);
      }
    }
  }

  /** Describes a value by type and size only; never echoes the content. */
  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
