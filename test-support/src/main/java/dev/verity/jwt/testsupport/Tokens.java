package dev.verity.jwt.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
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
  /** The instant most tests pin with {@code --now}. */
  public static final long NOW = 1_800_000_000L;

  /** The issuer of {@link #claims()}. */
  public static final String ISSUER = "https://issuer.example.com";

  /** The audience of {@link #claims()}. */
  public static final String AUDIENCE = "orders-api";

  private static KeyPair sharedRsa;

  private Tokens() {}

  /** Returns one 2048-bit RSA key pair shared by the tests of a JVM (generation is slow). */
  public static synchronized KeyPair rsa() {
    if (sharedRsa == null) {
      sharedRsa = newRsa();
    }
    return sharedRsa;
  }

  /** Generates a fresh 2048-bit RSA key pair. */
  public static KeyPair newRsa() {
    return rsa(2048);
  }

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

  /** Generates a P-256 key pair. */
  public static KeyPair ecP256() {
    return ec("secp256r1");
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
      return JsonUtil.toJson(params);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a JWK Set document holding the given JWK texts. */
  public static String jwks(String... jwks) {
    return "{\"keys\":[" + String.join(",", jwks) + "]}";
  }

  /** Returns a JWK Set document with the public key of {@code pair} under {@code kid}. */
  public static String jwks(KeyPair pair, String kid) {
    return jwks(publicJwk(pair, kid, Map.of()));
  }

  /** Returns a JWK Set document with the public keys of the pairs, kids "k0", "k1", .... */
  public static String jwksOf(List<KeyPair> pairs) {
    String[] keys = new String[pairs.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = publicJwk(pairs.get(i), "k" + i, Map.of());
    }
    return jwks(keys);
  }

  /** Returns the usual claims: iss, aud, sub, iat = NOW, exp = NOW + 3600, in that order. */
  public static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("aud", AUDIENCE);
    claims.put("sub", "alice");
    claims.put("iat", NOW);
    claims.put("exp", NOW + 3600);
    return claims;
  }

  /** Returns {@link #claims()} with the given members added or replaced (null removes one). */
  public static Map<String, Object> claimsWith(Object... namesAndValues) {
    Map<String, Object> claims = claims();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      Object value = namesAndValues[i + 1];
      if (value == null) {
        claims.remove(name);
      } else {
        claims.put(name, value);
      }
    }
    return claims;
  }

  /** Returns the members as JSON text (jose4j's serializer). */
  public static String json(Map<String, ?> members) {
    return JsonUtil.toJson(members);
  }

  /** Signs the claims with RS256 and the shared RSA key under {@code kid}. */
  public static String rs256(String kid, Map<String, ?> claims) {
    return sign("RS256", rsa().getPrivate(), kid, json(claims));
  }

  /** Signs the claims with an HMAC algorithm and a raw secret. */
  public static String hmac(String alg, byte[] secret, Map<String, ?> claims) {
    return sign(alg, new HmacKey(secret), null, json(claims));
  }

  /** Signs a raw payload with the given algorithm and key; {@code kid} may be null. */
  public static String sign(String alg, Key key, String kid, String payload) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(alg);
    if (kid != null) {
      jws.setKeyIdHeaderValue(kid);
    }
    jws.setPayload(payload);
    jws.setKey(key);
    jws.setDoKeyValidation(false);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signs with a header given as exact JSON text (white space and line breaks kept, as in RFC 7515
   * Appendix A.1) and a raw payload.
   */
  public static String signWithRawHeader(String headerJson, Key key, String payload) {
    JsonWebSignature jws = new JsonWebSignature();
    try {
      jws.getHeaders().setFullHeaderAsJsonString(headerJson);
      jws.setPayload(payload);
      jws.setKey(key);
      jws.setDoKeyValidation(false);
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
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

    private Builder() {}

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
        jws.setPayload(rawPayload != null ? rawPayload : json(claims));
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        if ("none".equals(alg)) {
          jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
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

  /** Returns the token with the first character of its signature changed. */
  public static String tamperSignature(String token) {
    // The first character of a segment carries six full bits, so changing it keeps the
    // base64url canonical: the token stays well-formed and only the signature is wrong.
    int dot = token.lastIndexOf('.');
    char first = token.charAt(dot + 1);
    char replaced = first == 'A' ? 'B' : 'A';
    return token.substring(0, dot + 1) + replaced + token.substring(dot + 2);
  }

  /** Returns the token's three segments. */
  public static String[] segments(String token) {
    return token.split("\\.", -1);
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
