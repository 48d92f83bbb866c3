package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.web.BearerToken.Status;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
  @Test
  void token_present_returnedButNotInToString() {
    BearerToken token = BearerToken.present("abc.def.ghi");

    assertThat(token.status()).isEqualTo(Status.PRESENT);
    assertThat(token.token()).contains("abc.def.ghi");
    assertThat(token).hasToString("BearerToken[PRESENT]");
  }

  @Test
  void token_absentMalformedOrMultiple_empty() {
    assertThat(BearerToken.absent().token()).isEmpty();
    assertThat(BearerToken.malformed().token()).isEmpty();
    assertThat(BearerToken.multiple().token()).isEmpty();
    assertThat(BearerToken.absent()).hasToString("BearerToken[ABSENT]");
    assertThat(BearerToken.malformed()).hasToString("BearerToken[MALFORMED]");
    assertThat(BearerToken.multiple()).hasToString("BearerToken[MULTIPLE]");
  }
}
