package dev.verity.jwt.web;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.internal.Ascii;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code WWW-Authenticate: Bearer} challenges of one protected resource (RFC 6750 §3) and the
 * {@link HttpOutcome} of each failure. Immutable and thread-safe; arguments are non-null.
 *
 * <p>A challenge is {@code Bearer} followed by its attributes in this order, separated by {@code ",
 * "}: {@code realm}, {@code error}, {@code error_description}, {@code scope}, {@code
 * resource_metadata} (RFC 9728 §5.1); an attribute without a value is left out, and a challenge
 * with none is {@code Bearer} alone. Values are quoted-strings (RFC 9110 §5.6.4, §11.2) with {@code
 * "} and {@code \} escaped by a backslash. The realm, being configuration, is checked when it is
 * set: a control character or a character outside ASCII is refused rather than dropped. The
 * description is the fixed text of {@link HttpErrors#description(ErrorCode)}, and scopes must be
 * RFC 6749 §3.3 scope-tokens, so both already keep to the characters RFC 6750 §3 allows them.
 */
public final class BearerChallenge {
  private static final BearerChallenge NO_REALM = new BearerChallenge(null, null);
  private static final String BAD_PATH = "The request path is not in normal form";

  private final String realm;
  private final String resourceMetadata;

  private BearerChallenge(String realm, String resourceMetadata) {
    this.realm = realm;
    this.resourceMetadata = resourceMetadata;
  }

  /** Returns the challenges without a realm. */
  public static BearerChallenge withoutRealm() {
    return NO_REALM;
  }

  /**
   * Returns the challenges with a realm.
   *
   * @throws IllegalArgumentException if the realm is empty, or holds a control character or a
   *     character outside ASCII
   */
  public static BearerChallenge withRealm(String realm) {
    Objects.requireNonNull(realm, "realm");
    if (realm.isEmpty()) {
      throw new IllegalArgumentException("empty realm; leave the realm out instead");
    }
    checkQuotable("realm", realm);
    return new BearerChallenge(realm, null);
  }

  /**
   * Returns these challenges with a {@code resource_metadata} attribute naming the protected
   * resource metadata URL (RFC 9728 §5.1).
   *
   * @throws IllegalArgumentException if the URI is not absolute
   */
  public BearerChallenge withResourceMetadata(URI metadata) {
    Objects.requireNonNull(metadata, "metadata");
    if (!metadata.isAbsolute()) {
      throw new IllegalArgumentException("resource metadata URI is not absolute: " + metadata);
    }
    String ascii = metadata.toASCIIString();
    checkQuotable("resource metadata URI", ascii);
    return new BearerChallenge(realm, ascii);
  }

  /** Returns the answer to a request without a bearer token: 401, a challenge with no error. */
  public HttpOutcome missingToken() {
    return outcome(401, null, null, List.of());
  }

  /** Returns the answer to a request with more than one token: 400 {@code invalid_request}. */
  public HttpOutcome invalidRequest() {
    return outcome(400, "invalid_request", null, List.of());
  }

  /**
   * Returns the answer to a token the verifier rejected: for {@link ErrorCode#JWKS_UNAVAILABLE} a
   * 503 with {@code Retry-After} and no challenge; for {@link ErrorCode#INSUFFICIENT_SCOPE} a 403
   * {@code insufficient_scope} without {@code scope} (use {@link #insufficientScope(List)} when the
   * scopes are known); else a 401 {@code invalid_token} with the code's description.
   *
   * @param retryAfter how long to wait before retrying, rounded up to whole seconds; used only for
   *     a transient code
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public HttpOutcome rejected(ErrorCode code, Duration retryAfter) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("negative retryAfter: " + retryAfter);
    }
    return switch (HttpErrors.status(code)) {
      case 503 -> new HttpOutcome(503, Optional.empty(), OptionalLong.of(ceilSeconds(retryAfter)));
      case 403 -> insufficientScope(List.of());
      default -> outcome(401, "invalid_token", HttpErrors.description(code), List.of());
    };
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }

  /**
   * Returns the answer to a token that lacks scopes: 403 {@code insufficient_scope}, naming {@code
   * scopes} (every scope the request needs, RFC 6750 §3) when there are any.
   *
   * @throws IllegalArgumentException if a scope is not an RFC 6749 §3.3 scope-token
   */
  public HttpOutcome insufficientScope(List<String> scopes) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(scopes));
    for (String scope : distinct) {
      if (!Ascii.isScopeToken(scope)) {
        throw new IllegalArgumentException(
            "scope \"" + scope + "\" is not an RFC 6749 §3.3 scope-token");
      }
    }
    return outcome(403, "insufficient_scope", null, distinct);
  }

  /**
   * Returns the answer to a request the route rules refused: for a path not in normal form, 400
   * {@code invalid_request} with a description; else 403 {@code insufficient_scope}, naming every
   * scope the route needs when scopes are missing and none when only roles fall short.
   *
   * @throws IllegalArgumentException if the decision allows the request
   */
  public HttpOutcome refused(RouteDecision decision) {
    if (decision.allowed()) {
      throw new IllegalArgumentException("the decision allows the request");
    }
    if (decision.badPath()) {
      return outcome(400, "invalid_request", BAD_PATH, List.of());
    }
    return insufficientScope(
        decision.missingScopes().isEmpty() ? List.of() : decision.neededScopes());
  }

  private HttpOutcome outcome(int status, String error, String description, List<String> scopes) {
    StringBuilder value = new StringBuilder("Bearer");
    appendParameter(value, "realm", realm);
    appendParameter(value, "error", error);
    appendParameter(value, "error_description", description);
    appendParameter(value, "scope", scopes.isEmpty() ? null : String.join(" ", scopes));
    appendParameter(value, "resource_metadata", resourceMetadata);
    return new HttpOutcome(status, Optional.of(value.toString()), OptionalLong.empty());
  }

  private static void appendParameter(StringBuilder value, String name, String content) {
    if (content == null) {
      return;
    }
    value.append(value.length() == "Bearer".length() ? " " : ", ").append(name).append("=\"");
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      // RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ).
      if (c == '"' || c == '\\') {
        value.append('\\');
      }
      value.append(c);
    }
    value.append('"');
  }

  /** Refuses what a quoted-string cannot carry safely: controls, DEL and non-ASCII (obs-text). */
  private static void checkQuotable(String what, String content) {
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(
            what + " holds a control or non-ASCII character at index " + i);
      }
    }
  }

  /** Returns the realm and resource metadata of these challenges. */
  @Override
  public String toString() {
    return "BearerChallenge[realm="
        + (realm == null ? "none" : "\"" + realm + "\"")
        + (resourceMetadata == null ? "" : ", resource_metadata=" + resourceMetadata)
        + "]";
  }
}
