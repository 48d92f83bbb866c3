package dev.verity.jwt.cli.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.Cognito;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteJwksBuilder;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.internal.Display;
import dev.verity.jwt.internal.jwks.HttpDocumentFetcher;
import dev.verity.jwt.internal.jwks.OidcDiscovery;
import dev.verity.jwt.spi.KeySource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The key source named on the command line ({@code --jwks}, {@code --oidc-issuer}, {@code
 * --cognito}, {@code --secret-file}) and how it becomes a {@link KeySource}.
 *
 * <p>Every way a key source can never verify a token is refused here, before any token is read
 * (docs/cli.md, "Configurations refused at start"): an unreadable or unparsable JWKS, a JWKS with
 * no key usable for any allowed algorithm, an empty secret, a secret without an {@code HS*}
 * algorithm or shorter than every allowed one needs (RFC 7518 §3.2), a malformed URL or pool id, a
 * discovery document that can never work.
 */
public final class KeySourceOptions {
  /** Largest secret file read, in bytes; an HMAC key longer than the hash block gains nothing. */
  static final int MAX_SECRET_BYTES = 64 * 1024;

  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  /** The kinds of key source the command knows. */
  public enum Kind {
    /** {@code --jwks PATH}: a JWK Set file, read once at start. */
    JWKS_FILE,
    /** {@code --jwks URL}: a remote JWK Set. */
    JWKS_URL,
    /** {@code --oidc-issuer URL}: OIDC discovery. */
    OIDC_ISSUER,
    /** {@code --cognito POOL_ID}: an Amazon Cognito user pool. */
    COGNITO,
    /** {@code --secret-file PATH}: raw HMAC secret bytes. */
    SECRET_FILE
  }

  private final Kind kind;
  private final String value;

  private KeySourceOptions(Kind kind, String value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * Picks the one key source given; each argument is null when its option is absent.
   *
   * @throws UsageException when none or several are given
   */
  public static KeySourceOptions of(
      String jwks, String oidcIssuer, String cognitoPoolId, String secretFile) {
    List<String> given = new ArrayList<>();
    if (jwks != null) {
      given.add("--jwks");
    }
    if (oidcIssuer != null) {
      given.add("--oidc-issuer");
    }
    if (cognitoPoolId != null) {
      given.add("--cognito");
    }
    if (secretFile != null) {
      given.add("--secret-file");
    }
    if (given.isEmpty()) {
      throw new UsageException(
          "no key source: give one of --jwks, --oidc-issuer, --cognito or --secret-file");
    }
    if (given.size() > 1) {
      throw new UsageException(
          "more than one key source (" + String.join(", ", given) + "): give exactly one");
    }
    if (jwks != null) {
      return new KeySourceOptions(
          URL_SCHEME.matcher(jwks).matches() ? Kind.JWKS_URL : Kind.JWKS_FILE, jwks);
    }
    if (oidcIssuer != null) {
      return new KeySourceOptions(Kind.OIDC_ISSUER, oidcIssuer);
    }
    if (cognitoPoolId != null) {
      return new KeySourceOptions(Kind.COGNITO, cognitoPoolId);
    }
    return new KeySourceOptions(Kind.SECRET_FILE, secretFile);
  }

  /** Returns the kind of key source. */
  public Kind kind() {
    return kind;
  }

  /**
   * Refuses, before anything else is checked, a key source that is malformed: a URL that is not
   * https (or http to a loopback address), a Cognito pool id that is not {@code region_id}.
   *
   * @throws UsageException naming the problem
   */
  public void requireSupported() {
    switch (kind) {
      case JWKS_URL:
        checkUrl(parseUrl("--jwks"), "--jwks");
        break;
      case OIDC_ISSUER:
        checkUrl(
            OidcDiscovery.configurationUri(parseUrl("--oidc-issuer").toString()), "--oidc-issuer");
        break;
      case COGNITO:
        try {
          Cognito.region(value);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--cognito " + quote(value) + ": " + e.getMessage());
        }
        break;
      default:
        // Local sources are checked by open().
    }
  }

  /**
   * Opens the key source for a verifier that allows {@code algorithms}.
   *
   * @throws UsageException when the source can never verify a token
   */
  public KeySource open(Set<Algorithm> algorithms) {
    requireSupported();
    switch (kind) {
      case JWKS_FILE:
        return jwksFile(algorithms);
      case SECRET_FILE:
        return secretFile(algorithms);
      case JWKS_URL:
        return remote(
            loopbackHttpAllowed(KeySources.remoteJwksBuilder(parseUrl("--jwks"))).build(),
            algorithms);
      case OIDC_ISSUER:
        return remote(
            loopbackHttpAllowed(KeySources.oidcDiscoveryBuilder(value)).build(), algorithms);
      case COGNITO:
        return remote(KeySources.cognito(value), algorithms);
      default:
        throw new IllegalStateException("unhandled key source " + kind);
    }
  }

  /**
   * A remote source is fetched once at start. An unreachable source is not a configuration error:
   * each token is then answered {@code JWKS_UNAVAILABLE} (docs/cli.md). What is refused: a
   * discovery document that can never work, and a fetched set with no key for any allowed algorithm
   * (remote sets never yield HMAC keys, so {@code --alg HS256} alone is refused as soon as keys
   * arrive).
   */
  private KeySource remote(RemoteKeySource source, Set<Algorithm> algorithms) {
    if (algorithms.stream().allMatch(a -> a.keyFamily() == KeyFamily.OCT)) {
      throw new UsageException(
          "remote key sources never provide HMAC keys, but --alg allows only "
              + names(algorithms)
              + "; use --secret-file for HS* tokens");
    }
    try {
      source.prime();
    } catch (IllegalStateException e) {
      throw new UsageException("the key source is misconfigured: " + e.getMessage());
    }
    JwkSet keys;
    try {
      keys = source.keys();
    } catch (JwtVerificationException unreachable) {
      return source; // not a configuration error: each token is answered JWKS_UNAVAILABLE
    }
    if (algorithms.stream().noneMatch(keys::canVerify)) {
      throw new UsageException(
          "the fetched JWK Set has no key usable with the allowed algorithms ("
              + names(algorithms)
              + "); check --alg");
    }
    return source;
  }

  private URI parseUrl(String option) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new UsageException(option + " is not a valid URL");
    }
  }

  /**
   * https anywhere; plain http only to a loopback address (docs/cli.md, "Key source: exactly one").
   */
  private void checkUrl(URI uri, String option) {
    try {
      HttpDocumentFetcher.checkUrl(uri, true);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " " + Display.url(value) + ": " + e.getMessage());
    }
  }

  private static RemoteJwksBuilder loopbackHttpAllowed(RemoteJwksBuilder builder) {
    // checkUrl has already refused http to anything but loopback.
    return builder.allowHttpToLoopback();
  }

  private KeySource jwksFile(Set<Algorithm> algorithms) {
    byte[] bytes = readFile("--jwks", JwkSet.MAX_DOCUMENT_BYTES, "256 KiB");
    JwkSet set;
    try {
      set = JwkSet.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--jwks file " + quote(value) + " is not usable: " + e.getMessage());
    }
    for (Algorithm algorithm : algorithms) {
      if (set.canVerify(algorithm)) {
        return KeySources.of(set);
      }
    }
    // No pair of key and allowed algorithm works: no token could ever verify.
    throw new UsageException(
        "--jwks file "
            + quote(value)
            + " has no key usable with the allowed algorithms ("
            + names(algorithms)
            + "; "
            + set.size()
            + " keys, "
            + set.usableSize()
            + " usable at all); check --alg");
  }

  private KeySource secretFile(Set<Algorithm> algorithms) {
    List<Algorithm> hmac =
        algorithms.stream()
            .filter(a -> a.keyFamily() == KeyFamily.OCT)
            .sorted()
            .collect(Collectors.toList());
    if (hmac.isEmpty()) {
      throw new UsageException(
          "--secret-file needs an HMAC algorithm, but --alg allows only "
              + names(algorithms)
              + ": add --alg HS256, HS384 or HS512");
    }
    byte[] secret = readFile("--secret-file", MAX_SECRET_BYTES, "64 KiB");
    try {
      if (secret.length == 0) {
        throw new UsageException("--secret-file " + quote(value) + " is empty");
      }
      int shortest = hmac.get(0).hashBytes();
      if (secret.length < shortest) {
        // RFC 7518 §3.2: a key of the same size as the hash output or larger MUST be used.
        throw new UsageException(
            "the secret in "
                + quote(value)
                + " is "
                + secret.length
                + " bytes; "
                + hmac.get(0)
                + " needs at least "
                + shortest
                + " (RFC 7518 §3.2), so no token could verify");
      }
      return KeySources.hmacSecret(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private byte[] readFile(String option, int maxBytes, String maxText) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException(option + " " + quote(value) + " is not a valid path");
    }
    if (Files.isDirectory(path)) {
      throw new UsageException(option + " " + quote(value) + " is a directory, not a file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new UsageException(option + " file " + quote(value) + " is larger than " + maxText);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new UsageException(option + " file " + quote(value) + " does not exist");
    } catch (AccessDeniedException e) {
      throw new UsageException(
          option + " file " + quote(value) + " cannot be read: permission denied");
    } catch (IOException e) {
      // The reason only: a FileSystemException's message repeats the path, which may be a token.
      String reason =
          e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
              ? ((FileSystemException) e).getReason()
              : e.getClass().getSimpleName();
      throw new UsageException(option + " file " + quote(value) + " cannot be read: " + reason);
    }
  }

  private static String names(Set<Algorithm> algorithms) {
    return algorithms.stream().sorted().map(Algorithm::jwaName).collect(Collectors.joining(", "));
  }

  private static String quote(String text) {
    return Display.argument(text);
  }
}
