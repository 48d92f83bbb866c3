package dev.verity.jwt;

import dev.verity.jwt.internal.Json;
import dev.verity.jwt.internal.JwkParser;
import dev.verity.jwt.internal.Rejection;
import dev.verity.jwt.internal.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable, parsed set of trusted verification keys (a JWK Set, RFC 7517 §5), looked up by
 * {@code kid}. Thread-safe.
 *
 * <p>Keys are parsed once, strictly: RSA of at least 2048 bits with an odd exponent ≥ 3, EC points
 * checked to lie on their curve with full-length coordinates, Ed25519/Ed448 of exact length, and
 * {@code use}, {@code key_ops} and {@code alg} honoured. A key that fails those rules stays in the
 * set as unusable, so that a token naming it is rejected with {@link ErrorCode#INVALID_KEY}; the
 * other keys keep working.
 */
public final class JwkSet {
  /** Largest JWK Set document accepted, in bytes (256 KiB). */
  public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  private final List<VerificationKey> keys;
  private final boolean anyKid;

  private JwkSet(List<VerificationKey> keys, boolean anyKid) {
    this.keys = List.copyOf(keys);
    this.anyKid = anyKid;
  }

  /**
   * Parses a JWK Set document from a trusted local source (a file shipped with the application);
   * symmetric {@code oct} keys are allowed.
   *
   * @throws IllegalArgumentException when the text is not a JWK Set within the limits (256 KiB, 100
   *     keys)
   */
  public static JwkSet parse(String json) {
    return parse(json, true);
  }

  /**
   * Parses a JWK Set fetched from the network: like {@link #parse(String)} except that symmetric
   * {@code oct} keys are never usable (a published secret is no secret, and it would enable
   * algorithm confusion, RFC 8725 §3.1).
   *
   * @throws IllegalArgumentException when the text is not a JWK Set within the limits
   */
  public static JwkSet parseRemote(String json) {
    return parseRemote(json, JwkParser.DEFAULT_MAX_KEYS);
  }

  /**
   * Like {@link #parseRemote(String)} with a custom limit on the number of keys.
   *
   * @throws IllegalArgumentException when the text is not a JWK Set within the limits
   */
  public static JwkSet parseRemote(String json, int maxKeys) {
    Objects.requireNonNull(json, "json");
    if (json.length() > MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException("the JWK Set is larger than 256 KiB");
    }
    return new JwkSet(JwkParser.parseSet(json, false, maxKeys), false);
  }

  /**
   * Reads and parses a JWK Set from a stream (read whole, at most 256 KiB); the stream is not
   * closed.
   *
   * @throws IllegalArgumentException when the content is not a JWK Set within the limits
   * @throws UncheckedIOException when reading fails
   */
  public static JwkSet read(InputStream in) {
    Objects.requireNonNull(in, "in");
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > MAX_DOCUMENT_BYTES) {
          throw new IllegalArgumentException("the JWK Set is larger than 256 KiB");
        }
        out.write(buffer, 0, n);
      }
      return parse(strictUtf8(out.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the JWK Set", e);
    }
  }

  /**
   * Reads and parses a JWK Set file.
   *
   * @throws IllegalArgumentException when the file is not a JWK Set within the limits
   * @throws UncheckedIOException when the file cannot be read
   */
  public static JwkSet read(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the JWK Set file " + file, e);
    }
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return Json.strictUtf8(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the JWK Set is not UTF-8 JSON text: " + e.getMessage());
    }
  }

  private static JwkSet parse(String json, boolean allowSymmetric) {
    Objects.requireNonNull(json, "json");
    if (json.length() > MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException("the JWK Set is larger than 256 KiB");
    }
    return new JwkSet(JwkParser.parseSet(json, allowSymmetric, JwkParser.DEFAULT_MAX_KEYS), false);
  }

  /** A set of one configured key that verifies tokens whatever their {@code kid}. */
  static JwkSet single(VerificationKey key) {
    return new JwkSet(List.of(key), true);
  }

  /** Returns the key ids in the set, in document order, without duplicates. */
  public Set<String> keyIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (VerificationKey key : keys) {
      if (key.kid() != null) {
        ids.add(key.kid());
      }
    }
    return Collections.unmodifiableSet(ids);
  }

  /** Returns the number of keys, usable or not. */
  public int size() {
    return keys.size();
  }

  /** Returns the number of keys that may verify some token. */
  public int usableSize() {
    int usable = 0;
    for (VerificationKey key : keys) {
      if (key.problem() == null) {
        usable++;
      }
    }
    return usable;
  }

  /**
   * Returns whether at least one key in the set may verify tokens signed with {@code algorithm};
   * when this is false for every allowed algorithm, no token can ever verify.
   */
  public boolean canVerify(Algorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    for (VerificationKey key : keys) {
      if (key.isUsableFor(algorithm)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Says why no token signed with any of {@code algorithms} can ever verify against this set, or
   * nothing when some key may verify some allowed algorithm. {@link JwtVerifier#prime()} refuses a
   * configuration with such a problem; a configuration reader can name its own setting with it.
   *
   * @param algorithms the verifier's allowed algorithms
   * @return a one-line explanation that names algorithms and counts, never key material
   */
  public Optional<String> problemWith(Set<Algorithm> algorithms) {
    Objects.requireNonNull(algorithms, "algorithms");
    for (Algorithm algorithm : algorithms) {
      if (canVerify(algorithm)) {
        return Optional.empty();
      }
    }
    String allowed =
        algorithms.stream().sorted().map(Algorithm::jwaName).collect(Collectors.joining(", "));
    if (keys.size() == 1 && keys.get(0).family() == Algorithm.KeyFamily.OCT) {
      Optional<String> shortSecret = shortSecret(keys.get(0), algorithms);
      if (shortSecret.isPresent()) {
        return shortSecret;
      }
    }
    return Optional.of(
        "no key usable with the allowed algorithms ("
            + allowed
            + "): "
            + keys.size()
            + (keys.size() == 1 ? " key, " : " keys, ")
            + usableSize()
            + " usable at all");
  }

  /** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output. */
  private static Optional<String> shortSecret(VerificationKey secret, Set<Algorithm> algorithms) {
    return algorithms.stream()
        .filter(a -> a.keyFamily() == Algorithm.KeyFamily.OCT)
        .min(Comparator.comparingInt(Algorithm::hashBytes))
        .filter(shortest -> secret.problem() == null && secret.sizeBytes() < shortest.hashBytes())
        .map(
            shortest ->
                "the HMAC secret is "
                    + secret.sizeBytes()
                    + " bytes; "
                    + shortest.jwaName()
                    + " needs at least "
                    + shortest.hashBytes()
                    + " (RFC 7518 §3.2), so no token could verify");
  }

  /** Returns whether a token naming {@code kid} would find an entry in this set. */
  boolean knows(String kid) {
    if (anyKid) {
      return true;
    }
    // Indexed, not for-each: these run for every token, and an iterator is an allocation.
    for (int i = 0; i < keys.size(); i++) {
      if (kid.equals(keys.get(i).kid())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Selects the one key that may verify a token with this {@code kid} and algorithm
   * (docs/security-model.md, "The order of checks"): with a {@code kid}, the entry with that id;
   * without, the only key that fits the algorithm. Never "try every key".
   *
   * @throws JwtVerificationException {@code KEY_NOT_FOUND}, {@code INVALID_KEY} or {@code
   *     ALGORITHM_NOT_ALLOWED}
   */
  VerificationKey select(String kid, Algorithm algorithm) {
    if (kid != null && !anyKid) {
      VerificationKey found = null;
      for (int i = 0; i < keys.size(); i++) {
        VerificationKey key = keys.get(i);
        if (kid.equals(key.kid())) {
          if (found != null) {
            // RFC 7517 §4.5 asks for distinct ids; two keys under one id are ambiguous (policy).
            throw Rejection.of(ErrorCode.KEY_NOT_FOUND, "more than one key has the token's kid");
          }
          found = key;
        }
      }
      if (found == null) {
        throw Rejection.of(ErrorCode.KEY_NOT_FOUND, "no key has the token's kid");
      }
      found.checkUsableFor(algorithm);
      return found;
    }
    // Counted, not collected: this runs for every token without a kid.
    VerificationKey usable = null;
    int usableCount = 0;
    VerificationKey sameFamily = null;
    int sameFamilyCount = 0;
    for (int i = 0; i < keys.size(); i++) {
      VerificationKey key = keys.get(i);
      if (key.isUsableFor(algorithm)) {
        usable = key;
        usableCount++;
      } else if (key.fitsFamily(algorithm)) {
        sameFamily = key;
        sameFamilyCount++;
      }
    }
    if (usableCount == 1) {
      return usable;
    }
    if (usableCount == 0 && sameFamilyCount == 1) {
      // One key of the right type that may not verify: say why, as for a kid lookup.
      sameFamily.checkUsableFor(algorithm);
    }
    if (usableCount == 0 && sameFamilyCount == 0 && keys.size() == 1) {
      // The set's only key may not verify this token; INVALID_KEY says more than "not found".
      keys.get(0).checkUsableFor(algorithm);
    }
    throw Rejection.of(
        ErrorCode.KEY_NOT_FOUND,
        usableCount == 0
            ? "no key fits the token's algorithm"
            : "the token has no kid and several keys fit its algorithm");
  }

  @Override
  public String toString() {
    return "JwkSet[" + keys.size() + " keys, " + usableSize() + " usable]";
  }
}
