package dev.verity.jwt.testing;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.internal.json_simple.JSONValue;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Mints test tokens with jose4j, an implementation independent of Verity, so a bug in Verity's
 * parsing cannot hide itself by producing the tokens it then accepts.
 */
public final class Tokens {
  private Tokens() {}

  /** Generates an RSA key pair of the given size. */
  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates an EC key pair on a named curve ({@code secp256r1}, ...). */
  public static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates an Ed25519 or Ed448 key pair. */
  public static KeyPair edwards(String curve) {
    try {
      return KeyPairGenerator.getInstance(curve).generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the public JWK of a key pair as a JSON object text, with {@code kid} and extras. */
  public static String publicJwk(KeyPair pair, String kid, Map<String, Object> extra) {
    try {
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
      if (kid != null) {
        jwk.setKeyId(kid);
      }
      Map<String, Object> params =
          new LinkedHashMap<>(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
      params.putAll(extra);
      return JSONValue.toJSONString(params);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a JWK Set document holding the given JWK texts. */
  public static String jwks(String... jwks) {
    return "{\"keys\":[" + String.join(",", jwks) + "]}";
  }

  /** Returns a JWK Set document with the public keys of the pairs, kids "k0", "k1", .... */
  public static String jwksOf(List<KeyPair> pairs) {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < pairs.size(); i++) {
      if (i > 0) {
        keys.append(',');
      }
      keys.append(publicJwk(pairs.get(i), "k" + i, Map.of()));
    }
    return "{\"keys\":[" + keys + "]}";
  }

  /** Starts a token: header members and claims are added, then {@link Builder#sign} mints it. */
  public static Builder token() {
    return new Builder();
  }

  /** A fluent jose4j JWS builder. */
  public static final class Builder {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String rawPayload;

    /** Sets a header member (besides {@code alg}, which {@link #sign} sets). */
    public Builder header(String name, Object value) {
      header.put(name, value);
      return this;
    }

    /** Sets {@code kid}. */
    public Builder kid(String kid) {
      return header("kid", kid);
    }

    /** Sets a claim. */
    public Builder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    /** Uses this exact payload text instead of the claims map. */
    public Builder rawPayload(String payload) {
      this.rawPayload = payload;
      return this;
    }

    /** Signs with jose4j under the JWA algorithm name and returns the compact serialization. */
    public String sign(String alg, Key key) {
      try {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(alg);
        for (Map.Entry<String, Object> member : header.entrySet()) {
          jws.getHeaders().setObjectHeaderValue(member.getKey(), member.getValue());
        }
        jws.setPayload(rawPayload != null ? rawPayload : JSONValue.toJSONString(claims));
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        if ("none".equals(alg)) {
          jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        }
        return jws.getCompactSerialization();
      } catch (JoseException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Signs with an HMAC secret. */
    public String signHmac(String alg, byte[] secret) {
      return sign(alg, new HmacKey(secret));
    }
  }

  /** Base64url without padding of UTF-8 text. */
  public static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Base64url without padding. */
  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
