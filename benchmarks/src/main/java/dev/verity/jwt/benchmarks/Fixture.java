package dev.verity.jwt.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * One algorithm's keys and tokens, the same for every library measured in a JVM: a key pair (or an
 * HMAC secret), its public JWK Set, a valid token with {@code iss}, {@code aud}, {@code sub} and
 * {@code exp}, a copy with a tampered signature, an expired one, a malformed one, and the signing
 * input and signature already decoded for the floor.
 *
 * <p>Tokens are minted by jose4j, an implementation independent of every verifier it feeds (jose4j
 * is also measured, but minting and verifying are different code). Fixtures are built once per JVM
 * and algorithm and then shared: thread-safe.
 */
final class Fixture {
  /** The issuer every verifier expects. */
  static final String ISSUER = "https://issuer.example.com";

  /** The audience every verifier expects. */
  static final String AUDIENCE = "verity-bench";

  /** The subject of every token. */
  static final String SUBJECT = "user-4711";

  /** Leeway every verifier is given, in seconds (Verity's default). */
  static final int LEEWAY_SECONDS = 60;

  /** The algorithms measured, by JWA name. */
  static final String[] ALGORITHMS = {"RS256", "PS256", "ES256", "EdDSA", "HS256"};

  /**
   * Fixed times, so that every fork (JMH runs each benchmark in its own JVM) verifies the very same
   * bytes: the JDK's EC and EdDSA arithmetic allocates more or less depending on the values, and
   * two forks with different keys or tokens made floor and Verity differ by up to 9 KB/op.
   */
  static final long EXPIRES_AT = 4_102_444_800L; // 2100-01-01T00:00:00Z

  static final long EXPIRED_AT = 1_700_000_000L; // 2023-11-14

  private static final Map<String, Fixture> BY_ALGORITHM = new ConcurrentHashMap<>();
  private static volatile KeyPair rsa;

  final String algorithm;
  final String keyId;

  /** The public key, or {@code null} for HS256. */
  final PublicKey publicKey;

  /** The HMAC secret (32 bytes), or {@code null} for the asymmetric algorithms. */
  final byte[] secret;

  /** The public JWK Set (for HS256: an {@code oct} set, for the peers that take one). */
  final String jwksJson;

  final String token;
  final String tampered;
  final String expired;
  final String malformed;

  /** The token's signing input ({@code header.payload}) as ASCII bytes. */
  final byte[] signingInput;

  /** The token's decoded signature. */
  final byte[] signature;

  private Fixture(String algorithm, KeyPair pair, byte[] secret) throws JoseException {
    this.algorithm = algorithm;
    this.keyId = algorithm.toLowerCase(java.util.Locale.ROOT) + "-key";
    this.publicKey = pair == null ? null : pair.getPublic();
    this.secret = secret;
    Key signingKey = pair == null ? new HmacKey(secret) : pair.getPrivate();
    if (pair == null) {
      this.jwksJson =
          "{\"keys\":[{\"kty\":\"oct\",\"kid\":\""
              + keyId
              + "\",\"k\":\""
              + Base64.getUrlEncoder().withoutPadding().encodeToString(secret)
              + "\"}]}";
    } else {
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
      jwk.setKeyId(keyId);
      jwk.setUse("sig");
      this.jwksJson = new JsonWebKeySet(jwk).toJson();
    }
    this.token = mint(algorithm, keyId, signingKey, EXPIRES_AT);
    this.expired = mint(algorithm, keyId, signingKey, EXPIRED_AT);
    this.tampered = tamperSignature(token);
    this.malformed = malform(token);
    int lastDot = token.lastIndexOf('.');
    this.signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    this.signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
  }

  /** Returns this JVM's fixture for a JWA algorithm name, making it on first use. */
  static Fixture of(String algorithm) {
    return BY_ALGORITHM.computeIfAbsent(algorithm, Fixture::make);
  }

  /** Returns whether this is the HS256 fixture (a secret, no key pair). */
  boolean isHmac() {
    return secret != null;
  }

  private static Fixture make(String algorithm) {
    try {
      switch (algorithm) {
        case "RS256":
        case "PS256":
          return new Fixture(algorithm, rsaPair(), null);
        case "ES256":
          KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
          ec.initialize(new ECGenParameterSpec("secp256r1"), seeded(algorithm));
          return new Fixture(algorithm, ec.generateKeyPair(), null);
        case "EdDSA":
          KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
          ed.initialize(255, seeded(algorithm));
          return new Fixture(algorithm, ed.generateKeyPair(), null);
        case "HS256":
          byte[] secret = new byte[32];
          seeded(algorithm).nextBytes(secret);
          return new Fixture(algorithm, null, secret);
        default:
          throw new IllegalArgumentException("no fixture for " + algorithm);
      }
    } catch (GeneralSecurityException | JoseException e) {
      throw new IllegalStateException("cannot make the " + algorithm + " fixture", e);
    }
  }

  /** RS256 and PS256 share one 2048-bit key, as an issuer that signs both would. */
  private static synchronized KeyPair rsaPair() throws GeneralSecurityException {
    if (rsa == null) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, seeded("RSA"));
      rsa = generator.generateKeyPair();
    }
    return rsa;
  }

  /**
   * A generator that gives the same bytes in every JVM (SHA1PRNG seeded before first use), for keys
   * and ECDSA nonces: benchmark fixtures only, never for anything that needs secrecy.
   */
  static SecureRandom seeded(String label) throws GeneralSecurityException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(("verity-benchmarks-" + label).getBytes(StandardCharsets.US_ASCII));
    return random;
  }

  /** Mints a compact JWS with jose4j: header {alg, kid, typ}, claims {iss, aud, sub, exp}. */
  static String mint(String algorithm, String keyId, Key signingKey, long expiresAt)
      throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setAudience(AUDIENCE);
    claims.setSubject(SUBJECT);
    claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(algorithm);
    jws.setKeyIdHeaderValue(keyId);
    jws.setHeader("typ", "JWT");
    jws.setKey(signingKey);
    String compact = jws.getCompactSerialization();
    if (!"ES256".equals(algorithm)) {
      return compact; // every other algorithm here signs deterministically
    }
    // ECDSA signs with a random nonce; sign jose4j's signing input again with a seeded one.
    try {
      String signingInput = compact.substring(0, compact.lastIndexOf('.'));
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign((PrivateKey) signingKey, seeded("ES256-nonce-" + expiresAt));
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new JoseException("cannot sign ES256 deterministically", e);
    }
  }

  /**
   * Changes one character a quarter into the signature, keeping it valid base64url of the same
   * length, so that every verifier does the full signature work before it says no.
   */
  static String tamperSignature(String token) {
    int start = token.lastIndexOf('.') + 1;
    int at = start + (token.length() - start) / 4;
    char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + replacement + token.substring(at + 1);
  }

  /** Puts a character outside the base64url alphabet in the middle of the payload. */
  /**
   * The most expensive header an unauthenticated caller can make Verity read (issue 10): exactly
   * the 12 KiB bound, of what costs the reader most per byte (nested objects with distinct names,
   * numbers at the edge of the double range, escapes, a surrogate pair), with {@code alg: none} at
   * the end, so the whole header is read before the algorithm refuses it. Sent under a 1 MiB token
   * limit (the header's own bound is what protects), with a genuine RS256 payload and signature
   * shape. Variants differ only in a number near the end.
   */
  static String worstHeaderToken(String validToken, int variant) {
    // A distinct member per variant near the end defeats the verifier's header cache (16 slots,
    // keyed on the segment's end), as an attacker varying the header would.
    String tail = String.format("],\"n\":\"%04d\",\"alg\":\"none\"}", variant);
    StringBuilder header = new StringBuilder("{\"x\":[");
    String unit =
        "{\"a\":1.7976931348623157e308,\"\\u00e9\":\"\\ud83d\\ude00\",\"b\":[-0.5e-300]},";
    int limit = dev.verity.jwt.internal.JwtParser.MAX_HEADER_BYTES;
    while (header.length() + unit.length() + tail.length() <= limit) {
      header.append(unit);
    }
    header.setLength(header.length() - 1); // the last comma
    while (header.length() + tail.length() < limit) {
      header.append(' ');
    }
    header.append(tail);
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(header.toString().getBytes(StandardCharsets.US_ASCII));
    return encoded + validToken.substring(validToken.indexOf('.'));
  }

  private static String malform(String token) {
    int firstDot = token.indexOf('.');
    int secondDot = token.indexOf('.', firstDot + 1);
    int at = (firstDot + secondDot) / 2;
    return token.substring(0, at) + '*' + token.substring(at + 1);
  }
}
