package dev.verity.jwt.cli.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.Cognito;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteJwksBuilder;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.SafeDisplay;
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
 * <p>What only the command knows is refused here, before any token is read: an unreadable or
 * unparsable file, an empty secret, a secret without an {@code HS*} algorithm, a malformed URL or
 * pool id. Whether keys and algorithms can ever verify a token is the library's check, {@link
 * dev.verity.jwt.JwtVerifier#prime()}, which the command runs on the verifier it builds.
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
  private RemoteKeySource remote; // built by requireSupported() for the remote kinds

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
        remote = buildRemote("--jwks", KeySources.remoteJwksBuilder(parseUrl("--jwks")));
        break;
      case OIDC_ISSUER:
        parseUrl("--oidc-issuer");
        remote = buildRemote("--oidc-issuer", KeySources.oidcDiscoveryBuilder(value));
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
   * @throws UsageException when a file cannot be read or parsed, or a secret has no HS algorithm
   */
  public KeySource open(Set<Algorithm> algorithms) {
    requireSupported();
    switch (kind) {
      case JWKS_FILE:
        return jwksFile();
      case SECRET_FILE:
        return secretFile(algorithms);
      case JWKS_URL:
      case OIDC_ISSUER:
        return remote;
      case COGNITO:
        return KeySources.cognito(value);
      default:
        throw new IllegalStateException("unhandled key source " + kind);
    }
  }

  /** Names the source in a message: the option, and the file or pool id, never a URL. */
  public String describe() {
    switch (kind) {
      case JWKS_FILE:
        return "--jwks file " + quote(value);
      case SECRET_FILE:
        return "--secret-file " + quote(value);
      case COGNITO:
        return "--cognito " + quote(value);
      case JWKS_URL:
        return "--jwks";
      default:
        return "--oidc-issuer";
    }
  }

  private URI parseUrl(String option) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new UsageException(option + " is not a valid URL");
    }
  }

  /**
   * https anywhere; plain http only to a loopback address (RFC 8725 §3.10 asks for trusted key
   * transport). Building checks the URL without fetching; the URL is not echoed, since a query
   * string may carry a credential.
   */
  private static RemoteKeySource buildRemote(String option, RemoteJwksBuilder builder) {
    try {
      return builder.allowHttpToLoopback().build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  private KeySource jwksFile() {
    byte[] bytes = readFile("--jwks", JwkSet.MAX_DOCUMENT_BYTES, "256 KiB");
    JwkSet set;
    try {
      set = JwkSet.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--jwks file " + quote(value) + " is not usable: " + e.getMessage());
    }
    return KeySources.of(set);
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
    return SafeDisplay.argument(text);
  }
}
