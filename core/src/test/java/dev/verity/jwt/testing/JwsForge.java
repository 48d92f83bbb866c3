package dev.verity.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.VerificationResult;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.testsupport.Tokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWS pieces for adversarial tests: splitting and re-assembling tokens, raw JCA signing
 * (including the raw RSA private-key operation, to build "validly padded but wrong" PKCS#1
 * signatures), and assertions on Verity's outcome. Everything here uses the JDK directly, never
 * Verity, so a Verity bug cannot produce the inputs that hide it.
 */
public final class JwsForge {
  private JwsForge() {}

  /** Splits a compact token into its three segments (empty segments kept). */
  public static String[] parts(String token) {
    return token.split("\\.", -1);
  }

  /** Decodes base64url (padding-free) with the JDK decoder. */
  public static byte[] decode(String segment) {
    return Base64.getUrlDecoder().decode(segment);
  }

  /** Returns the decoded signature of a token. */
  public static byte[] signature(String token) {
    return decode(parts(token)[2]);
  }

  /** Returns {@code header.payload} of a token. */
  public static String signingInput(String token) {
    String[] parts = parts(token);
    return parts[0] + "." + parts[1];
  }

  /** Replaces the signature of a token. */
  public static String withSignature(String token, byte[] signature) {
    return signingInput(token) + "." + Tokens.b64(signature);
  }

  /** Signs {@code b64(header).b64(payload)} with a JCA signature algorithm. */
  public static String jcaToken(
      String headerJson,
      String payloadJson,
      String jcaAlgorithm,
      AlgorithmParameterSpec params,
      PrivateKey key) {
    String input = Tokens.b64(headerJson) + "." + Tokens.b64(payloadJson);
    return input + "." + Tokens.b64(jcaSign(jcaAlgorithm, params, key, input));
  }

  /** Signs the ASCII bytes of {@code input} with a JCA signature algorithm. */
  public static byte[] jcaSign(
      String jcaAlgorithm, AlgorithmParameterSpec params, PrivateKey key, String input) {
    try {
      Signature signer = Signature.getInstance(jcaAlgorithm);
      if (params != null) {
        signer.setParameter(params);
      }
      signer.initSign(key);
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return signer.sign();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Computes a JCA MAC ({@code HmacSHA256}, ...) over the ASCII bytes of {@code input}. */
  public static byte[] hmac(String jcaAlgorithm, byte[] secret, String input) {
    try {
      Mac mac = Mac.getInstance(jcaAlgorithm);
      mac.init(new SecretKeySpec(secret, jcaAlgorithm));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds {@code b64(header).b64(payload)} and MACs it with the given HMAC. */
  public static String hmacToken(
      byte[] headerBytes, byte[] payloadBytes, String jcaAlgorithm, byte[] secret) {
    String input = Tokens.b64(headerBytes) + "." + Tokens.b64(payloadBytes);
    return input + "." + Tokens.b64(hmac(jcaAlgorithm, secret, input));
  }

  /**
   * Applies the raw RSA private-key operation {@code em^d mod n} (RFC 8017 RSASP1) to an encoded
   * message of exactly the modulus length: the way to make a signature whose padding is whatever
   * the test wants.
   */
  public static byte[] rsaRaw(PrivateKey key, byte[] encodedMessage) {
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key);
      return cipher.doFinal(encodedMessage);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Encodes a non-negative integer big-endian into exactly {@code length} bytes. */
  public static byte[] fixed(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    if (raw.length == length) {
      return raw;
    }
    if (raw.length > length) {
      // Only a sign octet may be dropped.
      if (raw.length != length + 1 || raw[0] != 0) {
        throw new IllegalArgumentException("value does not fit in " + length + " bytes");
      }
      return Arrays.copyOfRange(raw, 1, raw.length);
    }
    byte[] out = new byte[length];
    System.arraycopy(raw, 0, out, length - raw.length, raw.length);
    return out;
  }

  /** Concatenates byte arrays. */
  public static byte[] concat(byte[]... arrays) {
    int length = 0;
    for (byte[] array : arrays) {
      length += array.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] array : arrays) {
      System.arraycopy(array, 0, out, at, array.length);
      at += array.length;
    }
    return out;
  }

  /** Parses hex text (spaces allowed). */
  public static byte[] hex(String text) {
    String clean = text.replace(" ", "");
    byte[] out = new byte[clean.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /**
   * Asserts that both {@code validate} and {@code verify} reject the token with exactly {@code
   * code}, and that the message repeats none of the token's segments; returns the rejection.
   */
  public static JwtVerificationException assertRejected(
      JwtVerifier verifier, String token, ErrorCode code) {
    VerificationResult result = verifier.validate(token);
    assertThat(result.isValid()).as("token must be rejected with %s", code).isFalse();
    assertThat(result.errorCode()).contains(code);
    JwtVerificationException rejection = result.rejection().orElseThrow();
    assertThat(rejection.getStackTrace()).isEmpty();
    assertMessageFreeOf(rejection, token == null ? new String[0] : parts(token));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            JwtVerificationException.class, e -> assertThat(e.code()).isEqualTo(code));
    return rejection;
  }

  /** Asserts that a rejection's message and string form contain none of the given fragments. */
  public static void assertMessageFreeOf(JwtVerificationException rejection, String... fragments) {
    for (String fragment : fragments) {
      if (fragment != null && fragment.length() >= 6) {
        assertThat(rejection.getMessage()).doesNotContain(fragment);
        assertThat(rejection.toString()).doesNotContain(fragment);
      }
    }
  }

  /** Asserts that the token verifies and returns it. */
  public static VerifiedJwt assertAccepted(JwtVerifier verifier, String token) {
    VerificationResult result = verifier.validate(token);
    assertThat(result.errorCode()).as("token must be accepted").isEmpty();
    assertThat(result.isValid()).isTrue();
    return result.jwt();
  }
}
