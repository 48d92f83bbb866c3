package dev.verity.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** Decoding without verifying: the verifier's structure and JSON rules, nothing trusted. */
class UnverifiedJwtTest {
  private static final KeyPair RSA = Tokens.rsa(2048);

  private static String token(String headerJson, byte[] payload) {
    return Tokens.b64(headerJson) + "." + Tokens.b64(payload) + "." + Tokens.b64("sig");
  }

  private static JwtVerificationException rejection(Runnable call) {
    try {
      call.run();
    } catch (JwtVerificationException e) {
      return e;
    }
    throw new AssertionError("decoded");
  }

  @Test
  void decode_signedToken_headerAndClaimsAsSent() {
    String token = Tokens.token().kid("k1").claim("sub", "alice").sign("RS256", RSA.getPrivate());

    UnverifiedJwt jwt = UnverifiedJwt.decode(token);

    assertThat(jwt.headerJson()).contains("\"kid\":\"k1\"").contains("\"alg\":\"RS256\"");
    assertThat(jwt.payloadJson()).hasValueSatisfying(p -> assertThat(p).contains("\"alice\""));
    assertThat(jwt.signatureLength()).isEqualTo(256);
  }

  @Test
  void decode_badSignatureIsNotChecked_butSaysNotVerified() {
    String token =
        token("{\"alg\":\"RS256\"}", "{\"sub\":\"mallory\"}".getBytes(StandardCharsets.UTF_8));

    UnverifiedJwt jwt = UnverifiedJwt.decode(token);

    assertThat(jwt.payloadJson()).contains("{\"sub\":\"mallory\"}");
    assertThat(jwt.toString()).contains("NOT VERIFIED").doesNotContain("mallory");
  }

  @Test
  void decode_headerWithDuplicateMember_malformedAsTheVerifierSays() {
    String token =
        token("{\"alg\":\"RS256\",\"alg\":\"none\"}", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(rejection(() -> UnverifiedJwt.decode(token)).code()).isEqualTo(ErrorCode.MALFORMED);
  }

  @Test
  void decode_headerNotAnObject_malformed() {
    String token = token("[1]", "{}".getBytes(StandardCharsets.UTF_8));

    JwtVerificationException e = rejection(() -> UnverifiedJwt.decode(token));
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
    assertThat(e.getMessage()).isEqualTo("the header is not a JSON object");
  }

  @Test
  void decode_longerThanTheLimit_tokenTooLarge() {
    String token = token("{\"alg\":\"RS256\"}", new byte[2_000]);

    assertThat(rejection(() -> UnverifiedJwt.decode(token, 1_000)).code())
        .isEqualTo(ErrorCode.TOKEN_TOO_LARGE);
  }

  @Test
  void payload_notUtf8_noTextButBytes() {
    byte[] payload = {(byte) 0xC3, (byte) 0x28};
    UnverifiedJwt jwt = UnverifiedJwt.decode(token("{\"alg\":\"RS256\"}", payload));

    assertThat(jwt.payloadText()).isEmpty();
    assertThat(jwt.payloadJson()).isEmpty();
    assertThat(jwt.payload()).containsExactly(payload);
  }

  @Test
  void payload_textNotJson_textOnly() {
    UnverifiedJwt jwt =
        UnverifiedJwt.decode(
            token(
                "{\"alg\":\"RS256\"}",
                "It's a dangerous business".getBytes(StandardCharsets.UTF_8)));

    assertThat(jwt.payloadText()).contains("It's a dangerous business");
    assertThat(jwt.payloadJson()).isEmpty();
  }

  @Test
  void payload_isACopy() {
    UnverifiedJwt jwt = UnverifiedJwt.decode(token("{\"alg\":\"RS256\"}", new byte[] {'{', '}'}));

    jwt.payload()[0] = 'x';

    assertThat(jwt.payloadJson()).contains("{}");
  }
}
