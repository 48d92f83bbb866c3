package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.SafeDisplay;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict JWK and JWK Set parsing (RFC 7517, RFC 7518 §6, RFC 8037 §2).
 *
 * <p>A document that is not a JSON object with a {@code keys} array is refused whole. Inside it,
 * each key is judged alone: a key Verity cannot use is kept as {@linkplain VerificationKey#unusable
 * unusable} with the reason (RFC 7517 §5 says to ignore it; keeping it lets a token that names it
 * get {@code INVALID_KEY}), so one odd key never takes the others down.
 */
public final class JwkParser {
  private static final Logger LOG = LoggerFactory.getLogger("dev.verity.jwt.jwks");

  /** Default maximum number of keys in a set. */
  public static final int DEFAULT_MAX_KEYS = 100;

  // RFC 7518 §6.3.2 (RSA) and §6.2.2 / RFC 8037 §2 (EC, OKP): members only a private key has.
  private static final List<String> RSA_PRIVATE_MEMBERS =
      List.of("d", "p", "q", "dp", "dq", "qi", "oth");
  private static final List<String> CURVE_PRIVATE_MEMBERS = List.of("d");

  private JwkParser() {}

  /**
   * Parses a JWK Set document.
   *
   * @param json the document text
   * @param allowSymmetric whether {@code oct} keys may be used; false for any remote source
   * @param maxKeys the largest number of keys accepted
   * @throws IllegalArgumentException when the document is not a JWK Set within the limits; the
   *     message names the problem and never contains key material
   */
  public static List<VerificationKey> parseSet(String json, boolean allowSymmetric, int maxKeys) {
    Object root;
    try {
      root = Json.parseValue(json);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the JWK Set is not valid JSON within Verity's limits");
    }
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("the JWK Set is not a JSON object");
    }
    Object keys = ((Map<?, ?>) root).get("keys");
    if (!(keys instanceof List)) {
      throw new IllegalArgumentException("the JWK Set has no \"keys\" array");
    }
    List<?> entries = (List<?>) keys;
    if (entries.size() > maxKeys) {
      throw new IllegalArgumentException(
          "the JWK Set has " + entries.size() + " keys, more than the limit of " + maxKeys);
    }
    List<VerificationKey> parsed = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      if (entry instanceof Map) {
        parsed.add(parseKey((Map<?, ?>) entry, allowSymmetric));
      }
      // A member of "keys" that is not an object is not a key at all: ignored (RFC 7517 §5).
    }
    logUnusable(parsed);
    return List.copyOf(parsed);
  }

  /**
   * Tells the operator, once per document read, which published keys will never verify and why: a
   * key refused silently would surface only as {@code INVALID_KEY} on some later token.
   */
  private static void logUnusable(List<VerificationKey> keys) {
    if (!LOG.isWarnEnabled()) {
      return;
    }
    for (VerificationKey key : keys) {
      if (key.problem() != null) {
        LOG.warn(
            "JWK with kid {} will never verify a token: {}",
            SafeDisplay.quoted(key.kid()),
            key.problem());
      }
    }
  }

  /** Parses one JWK given as JSON text; see {@link #parseKey(Map, boolean)}. */
  public static VerificationKey parseKey(String json, boolean allowSymmetric) {
    Object root;
    try {
      root = Json.parseValue(json);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the JWK is not valid JSON within Verity's limits");
    }
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("the JWK is not a JSON object");
    }
    return parseKey((Map<?, ?>) root, allowSymmetric);
  }

  /**
   * Parses one JWK. Never throws: a key that may not verify comes back unusable with the reason.
   */
  public static VerificationKey parseKey(Map<?, ?> jwk, boolean allowSymmetric) {
    Object kidValue = jwk.get("kid");
    String kid = kidValue instanceof String ? (String) kidValue : null;
    if (kidValue != null && kid == null) {
      return VerificationKey.unusable(null, "\"kid\" is not a string");
    }
    try {
      return parseChecked(jwk, kid, allowSymmetric);
    } catch (JwkException e) {
      return VerificationKey.unusable(kid, e.getMessage());
    } catch (GeneralSecurityException | RuntimeException e) {
      return VerificationKey.unusable(kid, "the JDK refused the key parameters");
    }
  }

  private static VerificationKey parseChecked(Map<?, ?> jwk, String kid, boolean allowSymmetric)
      throws GeneralSecurityException, JwkException {
    String kty = optionalString(jwk, "kty");
    if (kty == null) {
      throw new JwkException("\"kty\" is missing");
    }
    String use = optionalString(jwk, "use");
    if (use != null && !"sig".equals(use)) {
      throw new JwkException("\"use\" is not \"sig\"");
    }
    Object keyOps = jwk.get("key_ops");
    if (keyOps != null) {
      if (!(keyOps instanceof List)
          || !((List<?>) keyOps).stream().allMatch(String.class::isInstance)) {
        throw new JwkException("\"key_ops\" is not an array of strings");
      }
      if (!((List<?>) keyOps).contains("verify")) {
        throw new JwkException("\"key_ops\" does not contain \"verify\"");
      }
    }
    String algName = optionalString(jwk, "alg");
    Algorithm bound = null;
    if (algName != null) {
      Optional<Algorithm> algorithm = Algorithm.fromJwaName(algName);
      if (algorithm.isEmpty()) {
        throw new JwkException("\"alg\" is not a supported signature algorithm");
      }
      bound = algorithm.get();
    }
    VerificationKey key;
    switch (kty) {
      case "RSA":
        key = rsa(jwk, kid, bound);
        break;
      case "EC":
        key = ec(jwk, kid, bound);
        break;
      case "OKP":
        key = okp(jwk, kid, bound);
        break;
      case "oct":
        if (!allowSymmetric) {
          throw new JwkException("symmetric keys are never accepted from this source");
        }
        key = oct(jwk, kid, bound);
        break;
      default:
        throw new JwkException("\"kty\" is not a supported key type");
    }
    if (bound != null && !key.fitsFamily(bound)) {
      throw new JwkException("\"alg\" does not match the key type or curve");
    }
    return key;
  }

  private static VerificationKey rsa(Map<?, ?> jwk, String kid, Algorithm bound)
      throws GeneralSecurityException, JwkException {
    refusePrivateMembers(jwk, RSA_PRIVATE_MEMBERS);
    BigInteger modulus = unsignedInteger(jwk, "n");
    BigInteger exponent = unsignedInteger(jwk, "e");
    String problem = KeyFactories.rsaProblem(modulus, exponent);
    if (problem != null) {
      throw new JwkException(problem);
    }
    return VerificationKey.usable(
        kid,
        KeyFamily.RSA,
        null,
        bound,
        KeyFactories.rsa(modulus, exponent),
        (modulus.bitLength() + 7) / 8);
  }

  private static VerificationKey ec(Map<?, ?> jwk, String kid, Algorithm bound)
      throws GeneralSecurityException, JwkException {
    refusePrivateMembers(jwk, CURVE_PRIVATE_MEMBERS);
    Curves curve = Curves.byJwkName(optionalString(jwk, "crv"));
    if (curve == null) {
      throw new JwkException("\"crv\" is not P-256, P-384 or P-521");
    }
    // RFC 7518 §6.2.1.2-3: coordinates are the full length of the curve, no more, no less.
    byte[] x = bytes(jwk, "x");
    byte[] y = bytes(jwk, "y");
    if (x.length != curve.coordinateBytes() || y.length != curve.coordinateBytes()) {
      throw new JwkException("EC coordinates are not the curve's full length");
    }
    BigInteger bx = new BigInteger(1, x);
    BigInteger by = new BigInteger(1, y);
    if (!curve.contains(new java.security.spec.ECPoint(bx, by))) {
      throw new JwkException("the EC point is not on the curve");
    }
    return VerificationKey.usable(
        kid, KeyFamily.EC, curve.jwkName(), bound, KeyFactories.ec(curve, bx, by), 0);
  }

  private static VerificationKey okp(Map<?, ?> jwk, String kid, Algorithm bound)
      throws GeneralSecurityException, JwkException {
    String crv = optionalString(jwk, "crv");
    int length = KeyFactories.edwardsKeyLength(crv);
    if (length < 0) {
      throw new JwkException("\"crv\" is not Ed25519 or Ed448");
    }
    refusePrivateMembers(jwk, CURVE_PRIVATE_MEMBERS);
    byte[] x = bytes(jwk, "x");
    if (x.length != length) {
      throw new JwkException("the OKP key has the wrong length for its curve");
    }
    String problem = KeyFactories.edwardsProblem(crv, x);
    if (problem != null) {
      throw new JwkException(problem);
    }
    return VerificationKey.usable(kid, KeyFamily.OKP, crv, bound, KeyFactories.edwards(crv, x), 0);
  }

  private static VerificationKey oct(Map<?, ?> jwk, String kid, Algorithm bound)
      throws JwkException {
    byte[] secret = bytes(jwk, "k");
    if (secret.length == 0) {
      throw new JwkException("the symmetric key is empty");
    }
    if (bound != null && secret.length < bound.hashBytes()) {
      throw new JwkException("the symmetric key is shorter than its algorithm's hash");
    }
    // The JCA algorithm name is irrelevant: Mac.init accepts any raw secret key.
    return VerificationKey.usable(
        kid, KeyFamily.OCT, null, bound, new SecretKeySpec(secret, "HMAC"), secret.length);
  }

  private static String optionalString(Map<?, ?> jwk, String name) throws JwkException {
    Object value = jwk.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw new JwkException("\"" + name + "\" is not a string");
    }
    return (String) value;
  }

  private static byte[] bytes(Map<?, ?> jwk, String name) throws JwkException {
    String text = optionalString(jwk, name);
    if (text == null) {
      throw new JwkException("\"" + name + "\" is missing");
    }
    try {
      return Base64Url.decode(text);
    } catch (IllegalArgumentException e) {
      throw new JwkException("\"" + name + "\" is not base64url");
    }
  }

  private static BigInteger unsignedInteger(Map<?, ?> jwk, String name) throws JwkException {
    byte[] value = bytes(jwk, name);
    if (value.length == 0) {
      throw new JwkException("\"" + name + "\" is empty");
    }
    // RFC 7518 §6.3.1.1-2: the minimum number of octets. A leading zero octet is the mark of a
    // key exported carelessly (a signed two's-complement form), and one key must have one form.
    if (value[0] == 0) {
      throw new JwkException(
          "\"" + name + "\" has a leading zero octet (RFC 7518 §6.3.1 requires minimal octets)");
    }
    return new BigInteger(1, value);
  }

  /**
   * A public key set that carries a private key has leaked it (RFC 7517 §9.2: private members must
   * not be published); whatever else the set says, that key is compromised and never used.
   */
  private static void refusePrivateMembers(Map<?, ?> jwk, List<String> privateMembers)
      throws JwkException {
    for (String member : privateMembers) {
      if (jwk.containsKey(member)) {
        throw new JwkException(
            "the JWK carries the private member \""
                + member
                + "\": a published private key is compromised");
      }
    }
  }

  /** A fixed description of why a JWK may not verify; carries no key material. */
  private static final class JwkException extends Exception {
    private static final long serialVersionUID = 1L;

    JwkException(String message) {
      super(message, null, false, false);
    }
  }
}
