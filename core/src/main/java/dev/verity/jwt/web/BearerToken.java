package dev.verity.jwt.web;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request carries as a bearer token, found by a {@link BearerTokenResolver}: nothing, one
 * token, one garbled token, or more than one. Immutable and thread-safe.
 *
 * <p>{@link #toString()} names the status only, never the token.
 */
public final class BearerToken {
  /** The kinds of answer, with the HTTP answer RFC 6750 §3.1 gives each when it ends a request. */
  public enum Status {
    /** No bearer token: 401 with a challenge that names no error. */
    ABSENT,
    /** Exactly one token, well-formed as an RFC 6750 §2.1 b64token: verify it. */
    PRESENT,
    /**
     * One bearer credential that is empty or not a b64token: 401 {@code invalid_token}, as the
     * verifier's {@code MALFORMED} would answer.
     */
    MALFORMED,
    /** More than one credential: 400 {@code invalid_request} (RFC 6750 §2). */
    MULTIPLE
  }

  private static final BearerToken ABSENT = new BearerToken(Status.ABSENT, null);
  private static final BearerToken MALFORMED = new BearerToken(Status.MALFORMED, null);
  private static final BearerToken MULTIPLE = new BearerToken(Status.MULTIPLE, null);

  private final Status status;
  private final String token;

  private BearerToken(Status status, String token) {
    this.status = status;
    this.token = token;
  }

  static BearerToken absent() {
    return ABSENT;
  }

  static BearerToken malformed() {
    return MALFORMED;
  }

  static BearerToken multiple() {
    return MULTIPLE;
  }

  static BearerToken present(String token) {
    return new BearerToken(Status.PRESENT, Objects.requireNonNull(token, "token"));
  }

  /** Returns what the request carries. */
  public Status status() {
    return status;
  }

  /** Returns the token when the status is {@link Status#PRESENT}, else empty. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** Returns the status, without the token. */
  @Override
  public String toString() {
    return "BearerToken[" + status + "]";
  }
}
