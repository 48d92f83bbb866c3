package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.web.BearerToken.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenResolverTest {
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_";
  private static final BearerTokenResolver STRICT = BearerTokenResolver.rfc6750();
  private static final BearerTokenResolver BARE = BearerTokenResolver.allowingBareTokens();

  private static void assertPresent(BearerToken token, String expected) {
    assertThat(token.status()).isEqualTo(Status.PRESENT);
    assertThat(token.token()).contains(expected);
  }

  private static void assertStatus(BearerToken token, Status status) {
    assertThat(token.status()).isEqualTo(status);
    assertThat(token.token()).isEmpty();
  }

  // ---- one header value, RFC 6750 ----

  @Test
  void resolve_bearerToken_present() {
    assertPresent(STRICT.resolve("Bearer " + JWT), JWT);
  }

  @Test
  void resolve_schemeInAnyCase_present() {
    assertPresent(STRICT.resolve("bearer " + JWT), JWT);
    assertPresent(STRICT.resolve("BEARER " + JWT), JWT);
    assertPresent(STRICT.resolve("bEaReR " + JWT), JWT);
  }

  @Test
  void resolve_severalSpacesAndTrailingWhiteSpace_present() {
    assertPresent(STRICT.resolve("Bearer    " + JWT + " \t "), JWT);
    assertPresent(STRICT.resolve("  Bearer " + JWT), JWT);
  }

  @Test
  void resolve_everyB64TokenCharacterAndPadding_present() {
    String token = "AZaz09-._~+/==";

    assertPresent(STRICT.resolve("Bearer " + token), token);
  }

  @Test
  void resolve_null_absent() {
    assertStatus(STRICT.resolve((String) null), Status.ABSENT);
  }

  @Test
  void resolve_emptyOrBlank_absent() {
    assertStatus(STRICT.resolve(""), Status.ABSENT);
    assertStatus(STRICT.resolve("  \t"), Status.ABSENT);
  }

  @Test
  void resolve_otherScheme_absent() {
    assertStatus(STRICT.resolve("Basic dXNlcjpwYXNz"), Status.ABSENT);
    assertStatus(STRICT.resolve("Digest username=\"a\""), Status.ABSENT);
    assertStatus(STRICT.resolve("Bearerx " + JWT), Status.ABSENT);
    assertStatus(STRICT.resolve("DPoP " + JWT), Status.ABSENT);
  }

  @Test
  void resolve_bareTokenUnderRfc6750_absent() {
    assertStatus(STRICT.resolve(JWT), Status.ABSENT);
  }

  @Test
  void resolve_noBreakSpaceAfterScheme_absent() {
    assertStatus(STRICT.resolve("Bearer\u00a0" + JWT), Status.ABSENT);
  }

  @Test
  void resolve_bearerWithoutToken_malformed() {
    assertStatus(STRICT.resolve("Bearer"), Status.MALFORMED);
    assertStatus(STRICT.resolve("Bearer "), Status.MALFORMED);
    assertStatus(STRICT.resolve("Bearer    \t"), Status.MALFORMED);
  }

  @Test
  void resolve_bearerWithGarbledToken_malformed() {
    for (String garbled :
        List.of(
            "a b",
            "a,b",
            JWT + ", Basic x",
            "\"" + JWT + "\"",
            "=abc",
            "abc=def",
            "a\u00e9",
            "a;b",
            "a\u0000",
            "a\tb")) {
      assertThat(STRICT.resolve("Bearer " + garbled).status())
          .as(garbled)
          .isEqualTo(Status.MALFORMED);
    }
  }

  @Test
  void resolve_tabAfterScheme_malformed() {
    assertStatus(STRICT.resolve("Bearer\t" + JWT), Status.MALFORMED);
  }

  @Test
  void toString_presentToken_hidesToken() {
    BearerToken token = STRICT.resolve("Bearer " + JWT);

    assertThat(token).hasToString("BearerToken[PRESENT]");
    assertThat(token.toString()).doesNotContain(JWT);
  }

  // ---- header lines and query parameter values ----

  @Test
  void resolve_oneHeaderNoQuery_present() {
    assertPresent(STRICT.resolve(List.of("Bearer " + JWT), List.of()), JWT);
  }

  @Test
  void resolve_nothing_absent() {
    assertStatus(STRICT.resolve(List.of(), List.of()), Status.ABSENT);
  }

  @Test
  void resolve_twoAuthorizationHeaders_multiple() {
    assertStatus(
        STRICT.resolve(List.of("Bearer " + JWT, "Bearer " + JWT), List.of()), Status.MULTIPLE);
    assertStatus(STRICT.resolve(List.of("Bearer " + JWT, "Basic x"), List.of()), Status.MULTIPLE);
    assertStatus(STRICT.resolve(List.of("Basic x", "Basic y"), List.of()), Status.MULTIPLE);
  }

  @Test
  void resolve_headerAndQueryParameter_multiple() {
    assertStatus(STRICT.resolve(List.of("Bearer " + JWT), List.of(JWT)), Status.MULTIPLE);
    assertStatus(STRICT.resolve(List.of("Bearer"), List.of(JWT)), Status.MULTIPLE);
  }

  @Test
  void resolve_queryParameterTwice_multiple() {
    assertStatus(STRICT.resolve(List.of(), List.of(JWT, JWT)), Status.MULTIPLE);
  }

  @Test
  void resolve_queryParameterOnly_present() {
    assertPresent(STRICT.resolve(List.of(), List.of(JWT)), JWT);
  }

  @Test
  void resolve_otherSchemeHeaderAndQueryParameter_queryToken() {
    assertPresent(STRICT.resolve(List.of("Basic dXNlcjpwYXNz"), List.of(JWT)), JWT);
  }

  @Test
  void resolve_emptyOrGarbledQueryParameter_malformed() {
    assertStatus(STRICT.resolve(List.of(), List.of("")), Status.MALFORMED);
    assertStatus(STRICT.resolve(List.of(), List.of("a b")), Status.MALFORMED);
    assertStatus(STRICT.resolve(List.of(), List.of(JWT + " ")), Status.MALFORMED);
    assertStatus(STRICT.resolve(List.of(), List.of("Bearer " + JWT)), Status.MALFORMED);
  }

  @Test
  void resolve_otherSchemeHeaderOnly_absent() {
    assertStatus(STRICT.resolve(List.of("Basic x"), List.of()), Status.ABSENT);
  }

  // ---- bare tokens (API Gateway's Cognito convention) ----

  @Test
  void resolve_bareTokenAllowed_present() {
    assertPresent(BARE.resolve(JWT), JWT);
    assertPresent(BARE.resolve("  " + JWT + " "), JWT);
  }

  @Test
  void resolve_bearerTokenWithBareAllowed_present() {
    assertPresent(BARE.resolve("bearer " + JWT), JWT);
  }

  @Test
  void resolve_otherSchemeWithBareAllowed_absent() {
    assertStatus(BARE.resolve("Basic dXNlcjpwYXNz"), Status.ABSENT);
  }

  @Test
  void resolve_garbledBareToken_malformed() {
    assertStatus(BARE.resolve("\"" + JWT + "\""), Status.MALFORMED);
    assertStatus(BARE.resolve("a,b"), Status.MALFORMED);
  }

  @Test
  void resolve_schemeAloneWithBareAllowed_malformed() {
    assertStatus(BARE.resolve("Bearer"), Status.MALFORMED);
  }

  @Test
  void resolve_emptyWithBareAllowed_absent() {
    assertStatus(BARE.resolve(""), Status.ABSENT);
    assertStatus(BARE.resolve((String) null), Status.ABSENT);
  }

  @Test
  void resolve_bareHeaderAndQueryParameter_multiple() {
    assertStatus(BARE.resolve(List.of(JWT), List.of(JWT)), Status.MULTIPLE);
  }

  @Test
  void toString_resolvers_nameTheirMode() {
    assertThat(STRICT).hasToString("BearerTokenResolver[rfc6750]");
    assertThat(BARE).hasToString("BearerTokenResolver[allowingBareTokens]");
    assertThat(STRICT.resolve("Bearer x").token()).isEqualTo(Optional.of("x"));
  }
}
