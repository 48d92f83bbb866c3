package dev.verity.jwt.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {
  private static final BearerChallenge REALM = BearerChallenge.withRealm("orders");
  private static final BearerChallenge NO_REALM = BearerChallenge.withoutRealm();
  private static final Duration RETRY = Duration.ofSeconds(30);

  private static HttpOutcome outcome(int status, String challenge) {
    return new HttpOutcome(status, Optional.of(challenge), OptionalLong.empty());
  }

  @Test
  void missingToken_withRealm_realmOnly() {
    assertThat(REALM.missingToken()).isEqualTo(outcome(401, "Bearer realm=\"orders\""));
  }

  @Test
  void missingToken_withoutRealm_bearerAlone() {
    assertThat(NO_REALM.missingToken()).isEqualTo(outcome(401, "Bearer"));
  }

  @Test
  void invalidRequest_withRealm_400() {
    assertThat(REALM.invalidRequest())
        .isEqualTo(outcome(400, "Bearer realm=\"orders\", error=\"invalid_request\""));
  }

  @Test
  void invalidRequest_withoutRealm_errorFirst() {
    assertThat(NO_REALM.invalidRequest())
        .isEqualTo(outcome(400, "Bearer error=\"invalid_request\""));
  }

  @Test
  void rejected_expired_401InvalidTokenWithDescription() {
    assertThat(REALM.rejected(ErrorCode.EXPIRED, RETRY))
        .isEqualTo(
            outcome(
                401,
                "Bearer realm=\"orders\", error=\"invalid_token\","
                    + " error_description=\"The token has expired\""));
  }

  @Test
  void rejected_malformedWithoutRealm_401() {
    assertThat(NO_REALM.rejected(ErrorCode.MALFORMED, RETRY))
        .isEqualTo(
            outcome(
                401,
                "Bearer error=\"invalid_token\", error_description=\"The token is malformed\""));
  }

  @Test
  void rejected_everyOtherCode_401WithItsDescription() {
    for (ErrorCode code : ErrorCode.values()) {
      if (code == ErrorCode.JWKS_UNAVAILABLE || code == ErrorCode.INSUFFICIENT_SCOPE) {
        continue;
      }
      assertThat(NO_REALM.rejected(code, RETRY))
          .as(code.name())
          .isEqualTo(
              outcome(
                  401,
                  "Bearer error=\"invalid_token\", error_description=\""
                      + HttpErrors.description(code)
                      + "\""));
    }
  }

  @Test
  void rejected_insufficientScope_403WithoutScope() {
    assertThat(REALM.rejected(ErrorCode.INSUFFICIENT_SCOPE, RETRY))
        .isEqualTo(outcome(403, "Bearer realm=\"orders\", error=\"insufficient_scope\""));
  }

  @Test
  void rejected_jwksUnavailable_503RetryAfterNoChallenge() {
    HttpOutcome outcome = REALM.rejected(ErrorCode.JWKS_UNAVAILABLE, RETRY);

    assertThat(outcome).isEqualTo(new HttpOutcome(503, Optional.empty(), OptionalLong.of(30)));
    assertThat(outcome.isTransient()).isTrue();
  }

  @Test
  void rejected_jwksUnavailableFractionalDelay_roundsUp() {
    assertThat(
            NO_REALM
                .rejected(ErrorCode.JWKS_UNAVAILABLE, Duration.ofMillis(1500))
                .retryAfterSeconds())
        .hasValue(2);
    assertThat(NO_REALM.rejected(ErrorCode.JWKS_UNAVAILABLE, Duration.ZERO).retryAfterSeconds())
        .hasValue(0);
  }

  @Test
  void rejected_negativeDelay_rejected() {
    assertThatThrownBy(() -> NO_REALM.rejected(ErrorCode.EXPIRED, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative retryAfter: PT-1S");
  }

  @Test
  void insufficientScope_scopes_spaceSeparatedInOrder() {
    assertThat(REALM.insufficientScope(List.of("api", "orders:read", "api")))
        .isEqualTo(
            outcome(
                403,
                "Bearer realm=\"orders\", error=\"insufficient_scope\","
                    + " scope=\"api orders:read\""));
  }

  @Test
  void insufficientScope_badScope_rejected() {
    assertThatThrownBy(() -> REALM.insufficientScope(List.of("a\"b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scope \"a\"b\" is not an RFC 6749 §3.3 scope-token");
  }

  @Test
  void refused_missingScopes_403NamingEveryNeededScope() {
    RouteRules rules =
        RouteRules.parse("GET /orders/**=orders:read role:clerk")
            .withRequiredScopes(List.of("api"));
    RouteDecision decision = rules.decide("GET", "/orders/1", Set.of("api"), Set.of());

    assertThat(REALM.refused(decision))
        .isEqualTo(
            outcome(
                403,
                "Bearer realm=\"orders\", error=\"insufficient_scope\","
                    + " scope=\"api orders:read\""));
  }

  @Test
  void refused_onlyRolesMissing_403WithoutScope() {
    RouteDecision decision =
        RouteRules.parse("DELETE /orders/{id}=orders:write role:admin")
            .decide("DELETE", "/orders/1", Set.of("orders:write"), Set.of());

    assertThat(REALM.refused(decision))
        .isEqualTo(outcome(403, "Bearer realm=\"orders\", error=\"insufficient_scope\""));
  }

  @Test
  void refused_badPath_400InvalidRequest() {
    RouteDecision decision =
        RouteRules.parse("GET /**=").decide("GET", "/a/../b", Set.of(), Set.of());

    assertThat(REALM.refused(decision))
        .isEqualTo(
            outcome(
                400,
                "Bearer realm=\"orders\", error=\"invalid_request\","
                    + " error_description=\"The request path is not in normal form\""));
  }

  @Test
  void refused_allowedDecision_rejected() {
    RouteDecision allowed =
        new RouteDecision(List.of(), List.of(), List.of(), OptionalInt.empty(), false);

    assertThatThrownBy(() -> REALM.refused(allowed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the decision allows the request");
  }

  @Test
  void withRealm_quoteAndBackslash_escaped() {
    assertThat(BearerChallenge.withRealm("a \"b\" \\c").missingToken().wwwAuthenticate())
        .contains("Bearer realm=\"a \\\"b\\\" \\\\c\"");
  }

  @Test
  void withRealm_controlCharacter_rejected() {
    for (String realm : List.of("a\nb", "a\rb", "a\u0000", "a\tb", "a\u007Fb")) {
      assertThatThrownBy(() -> BearerChallenge.withRealm(realm))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("realm holds a control or non-ASCII character at index 1");
    }
  }

  @Test
  void withRealm_nonAscii_rejected() {
    assertThatThrownBy(() -> BearerChallenge.withRealm("r\u00e9alm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("realm holds a control or non-ASCII character at index 1");
  }

  @Test
  void withRealm_empty_rejected() {
    assertThatThrownBy(() -> BearerChallenge.withRealm(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty realm; leave the realm out instead");
  }

  @Test
  void withResourceMetadata_everyChallenge_lastAttribute() {
    BearerChallenge challenge =
        REALM.withResourceMetadata(
            URI.create("https://api.example.com/.well-known/oauth-protected-resource"));

    assertThat(challenge.missingToken().wwwAuthenticate())
        .contains(
            "Bearer realm=\"orders\", resource_metadata="
                + "\"https://api.example.com/.well-known/oauth-protected-resource\"");
    assertThat(challenge.insufficientScope(List.of("a")).wwwAuthenticate())
        .contains(
            "Bearer realm=\"orders\", error=\"insufficient_scope\", scope=\"a\", resource_metadata="
                + "\"https://api.example.com/.well-known/oauth-protected-resource\"");
  }

  @Test
  void withResourceMetadata_nonAsciiUri_sentAsAscii() {
    BearerChallenge challenge =
        NO_REALM.withResourceMetadata(URI.create("https://example.com/caf\u00e9"));

    assertThat(challenge.missingToken().wwwAuthenticate())
        .contains("Bearer resource_metadata=\"https://example.com/caf%C3%A9\"");
  }

  @Test
  void withResourceMetadata_relativeUri_rejected() {
    assertThatThrownBy(() -> NO_REALM.withResourceMetadata(URI.create("/metadata")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource metadata URI is not absolute: /metadata");
  }

  @Test
  void toString_realm_shown() {
    assertThat(REALM).hasToString("BearerChallenge[realm=\"orders\"]");
    assertThat(NO_REALM).hasToString("BearerChallenge[realm=none]");
  }
}
