package dev.verity.jwt;

import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.internal.Curves;
import dev.verity.jwt.internal.KeyFactories;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.spi.KeySource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * Factories for the offline {@link KeySource}s: a JWK Set document, a PEM public key, a raw HMAC
 * secret. Every source returned is immutable and thread-safe; keys are parsed once, here.
 */
public final class KeySources {
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private KeySources() {}

  /** Returns a source that always answers with {@code keys}. */
  public static KeySource of(JwkSet keys) {
    Objects.requireNonNull(keys, "keys");
    return new FixedKeySource(keys);
  }

  /**
   * Returns a source of the keys in a JWK Set document held in memory.
   *
   * @throws IllegalArgumentException when the text is not a JWK Set; see {@link JwkSet#parse}
   */
  public static KeySource jwks(String json) {
    return of(JwkSet.parse(json));
  }

  /** Returns a source of the keys in a JWK Set read whole from {@code in} (not closed). */
  public static KeySource jwks(InputStream in) {
    return of(JwkSet.read(in));
  }

  /** Returns a source of the keys in a JWK Set file, read once now. */
  public static KeySource jwksFile(Path file) {
    return of(JwkSet.read(file));
  }

  /**
   * Returns a source of one PEM-encoded public key ({@code BEGIN PUBLIC KEY} or {@code BEGIN
   * CERTIFICATE}) bound to exactly one algorithm (RFC 8725 §3.1). The key verifies tokens of that
   * algorithm whatever their {@code kid}.
   *
   * @throws IllegalArgumentException when the text holds no such key, or the key does not suit
   *     {@code algorithm} (type, curve, RSA size)
   */
  public static KeySource publicKeyPem(String pem, Algorithm algorithm) {
    Objects.requireNonNull(pem, "pem");
    Objects.requireNonNull(algorithm, "algorithm");
    if (algorithm.keyFamily() == KeyFamily.OCT) {
      throw new IllegalArgumentException(
          "an HMAC algorithm cannot use a public key; use KeySources.hmacSecret");
    }
    Matcher matcher = PEM.matcher(pem);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no PEM \"PUBLIC KEY\" or \"CERTIFICATE\" block found");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block is not valid base64");
    }
    PublicKey key =
        "CERTIFICATE".equals(matcher.group(1)) ? certificateKey(der) : subjectPublicKey(der);
    VerificationKey verificationKey = toVerificationKey(key, algorithm);
    if (!verificationKey.isUsableFor(algorithm)) {
      throw new IllegalArgumentException(
          "the PEM key does not suit " + algorithm + " (key type or curve)");
    }
    return of(JwkSet.single(verificationKey));
  }

  /**
   * Returns a source of one raw HMAC secret for the {@code HS*} algorithms; the secret is used as
   * given, never decoded from text (CVE-2024-31033 class). A token whose algorithm needs a longer
   * secret than this one (RFC 7518 §3.2: at least the hash length) is rejected with {@link
   * ErrorCode#INVALID_KEY}. The array is copied.
   *
   * @throws IllegalArgumentException when the secret is empty
   */
  public static KeySource hmacSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the HMAC secret is empty");
    }
    return of(
        JwkSet.single(
            VerificationKey.usable(
                null,
                KeyFamily.OCT,
                null,
                null,
                new SecretKeySpec(secret.clone(), "HMAC"),
                secret.length)));
  }

  /**
   * Returns a source of the JWK Set at an https URL, fetched on first use (or {@link
   * RemoteKeySource#prime()}) and cached with the defaults of {@link RemoteJwksBuilder}.
   *
   * @throws IllegalArgumentException when the URL is not https
   */
  public static RemoteKeySource remoteJwks(URI jwksUri) {
    return remoteJwksBuilder(jwksUri).build();
  }

  /**
   * Returns a builder for a remote JWK Set source with every knob; see {@link RemoteJwksBuilder}.
   */
  public static RemoteJwksBuilder remoteJwksBuilder(URI jwksUri) {
    return RemoteJwksBuilder.forJwks(jwksUri);
  }

  /**
   * Returns a source that finds the JWK Set by OpenID Connect discovery: {@code
   * <issuer>/.well-known/openid-configuration}, whose {@code issuer} must equal {@code issuer}
   * exactly and whose {@code jwks_uri} is then fetched and cached.
   */
  public static RemoteKeySource oidcDiscovery(String issuer) {
    return oidcDiscoveryBuilder(issuer).build();
  }

  /** Returns a builder for an OIDC discovery source; see {@link #oidcDiscovery(String)}. */
  public static RemoteJwksBuilder oidcDiscoveryBuilder(String issuer) {
    return RemoteJwksBuilder.forDiscovery(issuer);
  }

  /**
   * Returns a source of an Amazon Cognito user pool's keys ({@link Cognito#jwksUri(String)}).
   *
   * @throws IllegalArgumentException when the pool id is not of the form {@code region_id}
   */
  public static RemoteKeySource cognito(String userPoolId) {
    return remoteJwks(Cognito.jwksUri(userPoolId));
  }

  private static PublicKey certificateKey(byte[] der) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der))
          .getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the PEM certificate could not be parsed");
    }
  }

  private static PublicKey subjectPublicKey(byte[] der) {
    for (String type : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not this key type; try the next.
      }
    }
    throw new IllegalArgumentException("the PEM public key is not an RSA, EC or EdDSA key");
  }

  private static VerificationKey toVerificationKey(PublicKey key, Algorithm algorithm) {
    if (key instanceof RSAPublicKey) {
      RSAPublicKey rsa = (RSAPublicKey) key;
      String problem = KeyFactories.rsaProblem(rsa.getModulus(), rsa.getPublicExponent());
      if (problem != null) {
        throw new IllegalArgumentException("the PEM key may not verify: " + problem);
      }
      return VerificationKey.usable(
          null, KeyFamily.RSA, null, algorithm, key, (rsa.getModulus().bitLength() + 7) / 8);
    }
    if (key instanceof ECPublicKey) {
      ECPublicKey ec = (ECPublicKey) key;
      Curves curve = Curves.bySpec(ec.getParams());
      if (curve == null || !curve.contains(ec.getW())) {
        throw new IllegalArgumentException("the PEM key is not a point on P-256, P-384 or P-521");
      }
      return VerificationKey.usable(null, KeyFamily.EC, curve.jwkName(), algorithm, key, 0);
    }
    if (key instanceof EdECPublicKey) {
      String curve = ((EdECPublicKey) key).getParams().getName();
      String problem = KeyFactories.edwardsProblem((EdECPublicKey) key);
      if (problem != null) {
        throw new IllegalArgumentException("the PEM key may not verify: " + problem);
      }
      return VerificationKey.usable(null, KeyFamily.OKP, curve, algorithm, key, 0);
    }
    throw new IllegalArgumentException("unsupported public key type");
  }

  /** A source with one immutable key set. */
  private static final class FixedKeySource implements KeySource {
    private final JwkSet keys;

    FixedKeySource(JwkSet keys) {
      this.keys = keys;
    }

    @Override
    public JwkSet keys() {
      return keys;
    }

    @Override
    public String toString() {
      return "KeySources.of(" + keys + ")";
    }
  }
}
