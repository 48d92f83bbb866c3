package dev.verity.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Base64Url} decodes exactly the canonical unpadded base64url strings (RFC 4648 §5, §3.5),
 * on each of its paths (the table loop for short segments, the JDK decoder for long ones, decoding
 * in place): a string is accepted if and only if re-encoding what it decodes to gives it back.
 */
class Base64UrlTest {
  private static final byte[] NOISE = {
    '=',
    '+',
    '/',
    '.',
    ' ',
    '\n',
    0,
    (byte) 0x80,
    (byte) 0xC3,
    (byte) 0xFF,
    'A',
    'B',
    'Q',
    'g',
    'w',
    '-',
    '_',
    '0',
    '9',
    'z'
  };

  @Test
  void decodeOrNull_randomAndMutatedSegments_acceptsExactlyTheCanonicalOnes() {
    Random random = new Random(4648L);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(data);
      if (i % 2 == 1 && encoded.length > 0) {
        encoded = encoded.clone();
        encoded[random.nextInt(encoded.length)] = NOISE[random.nextInt(NOISE.length)];
      }
      if (i % 7 == 3) {
        encoded = Base64.getUrlEncoder().encode(data); // padded
      }
      // Embed the segment in a larger array, as a token's parts are.
      byte[] token = new byte[encoded.length + 4];
      System.arraycopy(encoded, 0, token, 2, encoded.length);
      token[0] = 'x';
      token[1] = '.';
      token[token.length - 2] = '.';
      token[token.length - 1] = 'y';
      byte[] decoded = Base64Url.decodeOrNull(token, 2, 2 + encoded.length);
      byte[] expected = reference(encoded);
      byte[] inPlace = token.clone();
      int length = Base64Url.decodeInPlace(inPlace, 2, 2 + encoded.length);
      assertThat(length < 0 ? null : java.util.Arrays.copyOfRange(inPlace, 2, 2 + length))
          .as("in place: %s", new String(encoded, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected);
      assertThat(inPlace[1]).as("the byte before the segment is untouched").isEqualTo((byte) '.');
      assertThat(decoded)
          .as("segment %s", new String(encoded, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected);
      if (decoded == null) {
        refused++;
      } else {
        accepted++;
      }
    }
    assertThat(accepted).isGreaterThan(20_000);
    assertThat(refused).isGreaterThan(10_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"A", "AB", "AQ==", "AR", "ABC", "ABd", "AB=C", "A+B/", "AAA.", "AAAA ", "QQ="})
  void decodeOrNull_nonCanonical_null(String segment) {
    byte[] bytes = segment.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Base64Url.decodeOrNull(bytes, 0, bytes.length)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "AA", "AQ", "AAA", "AAE", "AAAA", "_-_-", "QUJD"})
  void decodeOrNull_canonical_decoded(String segment) {
    byte[] bytes = segment.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Base64Url.decodeOrNull(bytes, 0, bytes.length))
        .isEqualTo(Base64.getUrlDecoder().decode(segment));
  }

  /** The definition: only the alphabet, and the one encoding of what it decodes to. */
  private static byte[] reference(byte[] encoded) {
    for (byte b : encoded) {
      boolean alphabet =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '_';
      if (!alphabet) {
        return null;
      }
    }
    try {
      byte[] decoded = Base64.getUrlDecoder().decode(encoded);
      byte[] again = Base64.getUrlEncoder().withoutPadding().encode(decoded);
      return java.util.Arrays.equals(again, encoded) ? decoded : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
