package dev.verity.jwt.vectors;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.internal.Base64Url;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.json.JsonUtil;

/**
 * A deliberately small, independent "JWS layer" used to tell apart the two ways a vector can end in
 * {@code MALFORMED}: before the signature (structure, base64url, header), or only after it, because
 * the payload is not a JSON object (RFC 7519 §7.2 step 10).
 *
 * <p>It re-does just enough of RFC 7515 §5.2 by hand: split on exactly two dots, strict canonical
 * base64url of all three parts, a header that is a JSON object (parsed by jose4j, not by Verity)
 * with a string {@code alg} Verity supports, one key chosen by {@code kid} (or the only key usable
 * for the algorithm), that key admitted by {@link VerificationKey#isUsableFor}, and {@link
 * dev.verity.jwt.internal.SignatureVerifier#verify} over the received ASCII bytes. It never looks
 * at the payload's content.
 *
 * <p>It reuses Verity's primitives ({@link Base64Url}, {@link
 * dev.verity.jwt.internal.SignatureVerifier}, the parsed keys) on purpose: the primitive layer is
 * checked separately against the Wycheproof primitive files; what this class adds is an answer that
 * does not go through {@code JwtVerifier}'s pipeline.
 */
final class JwsLayer {
  private JwsLayer() {}

  /**
   * Returns whether the compact JWS verifies at the JWS layer with one of {@code keys}; false for
   * anything malformed, never throws.
   */
  static boolean signatureVerifies(String token, List<VerificationKey> keys) {
    try {
      int first = token.indexOf('.');
      int second = first < 0 ? -1 : token.indexOf('.', first + 1);
      if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
        return false;
      }
      byte[] header = Base64Url.decode(token, 0, first);
      Base64Url.decode(token, first + 1, second); // the payload must be canonical base64url too
      byte[] signature = Base64Url.decode(token, second + 1, token.length());
      Map<String, Object> headerJson =
          JsonUtil.parseJson(new String(header, StandardCharsets.UTF_8));
      Object algName = headerJson.get("alg");
      Object kid = headerJson.get("kid");
      if (!(algName instanceof String) || (kid != null && !(kid instanceof String))) {
        return false;
      }
      Optional<Algorithm> algorithm = Algorithm.fromJwaName((String) algName);
      if (algorithm.isEmpty()) {
        return false;
      }
      Optional<VerificationKey> key = select(keys, (String) kid, algorithm.get());
      if (key.isEmpty() || !key.get().isUsableFor(algorithm.get())) {
        return false;
      }
      byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
      return TestEngines.verify(algorithm.get(), key.get(), ascii, 0, second, signature);
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Returns whether the payload segment of a compact JWS decodes to a JSON object (parsed by
   * jose4j). False when there is no such segment or it is not canonical base64url.
   */
  static boolean payloadIsJsonObject(String token) {
    try {
      String[] parts = token.split("\\.", -1);
      if (parts.length != 3) {
        return false;
      }
      byte[] payload = Base64Url.decode(parts[1]);
      return JsonUtil.parseJson(new String(payload, StandardCharsets.UTF_8)) != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static Optional<VerificationKey> select(
      List<VerificationKey> keys, String kid, Algorithm algorithm) {
    List<VerificationKey> candidates = new ArrayList<>();
    for (VerificationKey key : keys) {
      if (kid != null ? kid.equals(key.kid()) : key.isUsableFor(algorithm)) {
        candidates.add(key);
      }
    }
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }
}
