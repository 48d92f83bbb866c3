package dev.verity.jwt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.cli.testing.Cli;
import dev.verity.jwt.cli.testing.Cli.Result;
import dev.verity.jwt.testsupport.Tokens;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code verity inspect}: decodes without verifying, and says so. */
class InspectCommandTest {
  private static final String WARNING =
      "NOT VERIFIED: decoded without checking the signature or claims";

  @Test
  void inspect_signedToken_printsHeaderAndPayloadLabelledNotVerified() {
    String token = Tokens.rs256("k1", Tokens.claims());

    Result result = Cli.run("inspect", token);

    assertThat(result.status()).isEqualTo(Verity.OK);
    Map<String, Object> json = result.json();
    assertThat(json).containsEntry("verified", false).containsEntry("warning", WARNING);
    assertThat(Cli.object(json, "header")).containsEntry("alg", "RS256");
    assertThat(Cli.object(json, "payload")).containsEntry("sub", "alice");
    assertThat(result.out()).startsWith("{\"verified\":false,\"warning\":");
  }

  @Test
  void inspect_forgedSignature_stillDecodesBecauseNothingIsVerified() {
    Result result = Cli.run("inspect", Tokens.tamperSignature(Tokens.rs256("k1", Tokens.claims())));

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.json()).containsEntry("verified", false).doesNotContainKey("valid");
  }

  @Test
  void inspect_algNoneToken_decodesWithTheWarning() {
    String token =
        Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64("{\"sub\":\"mallory\"}") + ".";

    Result result = Cli.run("inspect", token);

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.json()).containsEntry("warning", WARNING);
    assertThat(Cli.object(result.json(), "header")).containsEntry("alg", "none");
  }

  @Test
  void inspect_payloadNotJson_printsPayloadText() {
    String token = Tokens.b64("{\"alg\":\"HS256\"}") + "." + Tokens.b64("hello\nworld") + ".c2ln";

    Result result = Cli.run("inspect", token);

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.json())
        .containsEntry("payloadText", "hello\nworld")
        .doesNotContainKey("payload");
    assertThat(result.lines()).hasSize(1);
  }

  @Test
  void inspect_payloadWithDuplicateMembers_isShownAsTextNotAsAnObject() {
    String token =
        Tokens.b64("{\"alg\":\"HS256\"}")
            + "."
            + Tokens.b64("{\"sub\":\"a\",\"sub\":\"b\"}")
            + ".c2ln";

    Result result = Cli.run("inspect", token);

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.json()).containsEntry("payloadText", "{\"sub\":\"a\",\"sub\":\"b\"}");
  }

  @Test
  void inspect_payloadNotUtf8_printsItsBase64url() {
    String payload =
        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xC3, 0x28});
    String token = Tokens.b64("{\"alg\":\"HS256\"}") + "." + payload + ".c2ln";

    Result result = Cli.run("inspect", token);

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(result.json()).containsEntry("payloadBase64url", payload);
  }

  @Test
  void inspect_twoSegments_exitsOneWithMalformed() {
    Result result = Cli.run("inspect", "abc.def");

    assertThat(result.status()).isEqualTo(Verity.INVALID);
    assertThat(result.json()).containsEntry("verified", false);
    assertThat(Cli.object(result.json(), "error")).containsEntry("code", "MALFORMED");
  }

  @Test
  void inspect_headerNotAnObject_exitsOneWithMalformed() {
    String token = Tokens.b64("[1]") + "." + Tokens.b64("{}") + ".c2ln";

    Result result = Cli.run("inspect", token);

    assertThat(result.status()).isEqualTo(Verity.INVALID);
    assertThat(Cli.object(result.json(), "error")).containsEntry("code", "MALFORMED");
  }

  @Test
  void inspect_tokenOverTheLimit_exitsOneWithTokenTooLarge() {
    String token = Tokens.rs256("k1", Tokens.claims());

    Result result = Cli.run("inspect", "--max-token-bytes", "100", token);

    assertThat(result.status()).isEqualTo(Verity.INVALID);
    assertThat(Cli.object(result.json(), "error")).containsEntry("code", "TOKEN_TOO_LARGE");
  }

  @Test
  void inspect_noArgument_readsTheTokenFromStdin() {
    String token = Tokens.rs256("k1", Tokens.claims());

    Result result = Cli.runWithInput(token + "\n", "inspect");

    assertThat(result.status()).isEqualTo(Verity.OK);
    assertThat(Cli.object(result.json(), "payload")).containsEntry("sub", "alice");
  }
}
