package dev.verity.jwt.web;

import dev.verity.jwt.internal.Ascii;
import java.util.List;
import java.util.Objects;

/**
 * Finds the bearer token of a request in its {@code Authorization} header values and query
 * parameter values (RFC 6750 §2.1 and §2.3). Immutable and thread-safe; arguments are non-null
 * unless a method says otherwise.
 *
 * <p>A header value is trimmed of spaces and tabs at both ends. Its auth-scheme (up to the first
 * space or tab) is compared with {@code Bearer} ignoring ASCII case; another scheme ({@code Basic
 * ...}) or an empty value is no bearer token. After {@code Bearer}, one or more spaces and a
 * b64token (RFC 6750 §2.1: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="})
 * give the token; {@code Bearer} with nothing after it, a tab, or a value that is not a b64token
 * (spaces inside, a comma, quotes) is a {@linkplain BearerToken.Status#MALFORMED malformed} token.
 * A query parameter value (already URL-decoded by the caller) is the token itself, taken as it is:
 * it too is malformed unless a b64token.
 *
 * <p>More than one credential is {@linkplain BearerToken.Status#MULTIPLE multiple}: two or more
 * {@code Authorization} header lines whatever their schemes (the field is not a list, RFC 9110
 * §5.3), two or more query parameter values, or a bearer header (well-formed or not) together with
 * a query parameter. A header of another scheme and a query parameter give the query token.
 *
 * <p>{@link #allowingBareTokens()} also takes a header value that is a single word as the token
 * itself (API Gateway's Cognito authorizer convention); the word {@code Bearer} alone is still a
 * malformed token, and a value of two or more words with another scheme is still no token.
 */
public final class BearerTokenResolver {
  private static final String BEARER = "Bearer";
  private static final BearerTokenResolver RFC_6750 = new BearerTokenResolver(false);
  private static final BearerTokenResolver BARE = new BearerTokenResolver(true);

  private final boolean allowBareToken;

  private BearerTokenResolver(boolean allowBareToken) {
    this.allowBareToken = allowBareToken;
  }

  /** Returns the resolver of RFC 6750: only {@code Bearer <token>} in the header. */
  public static BearerTokenResolver rfc6750() {
    return RFC_6750;
  }

  /** Returns the resolver that also takes a bare token as the header value. */
  public static BearerTokenResolver allowingBareTokens() {
    return BARE;
  }

  /**
   * Resolves a single header value.
   *
   * @param authorization the {@code Authorization} header value, or null when there is none
   */
  public BearerToken resolve(String authorization) {
    return authorization == null ? BearerToken.absent() : fromHeader(authorization);
  }

  /**
   * Resolves every {@code Authorization} header line and every value of the query parameter that
   * may carry the token; pass an empty list for a parameter that is not configured.
   */
  public BearerToken resolve(List<String> authorizationHeaders, List<String> queryTokens) {
    Objects.requireNonNull(authorizationHeaders, "authorizationHeaders");
    Objects.requireNonNull(queryTokens, "queryTokens");
    if (authorizationHeaders.size() > 1 || queryTokens.size() > 1) {
      return BearerToken.multiple();
    }
    BearerToken header =
        authorizationHeaders.isEmpty()
            ? BearerToken.absent()
            : fromHeader(authorizationHeaders.get(0));
    if (queryTokens.isEmpty()) {
      return header;
    }
    if (header.status() != BearerToken.Status.ABSENT) {
      return BearerToken.multiple();
    }
    return token(Objects.requireNonNull(queryTokens.get(0), "query token"));
  }

  private BearerToken fromHeader(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isSpaceOrTab(value.charAt(start))) {
      start++;
    }
    while (end > start && isSpaceOrTab(value.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return BearerToken.absent();
    }
    int schemeEnd = start;
    while (schemeEnd < end && !isSpaceOrTab(value.charAt(schemeEnd))) {
      schemeEnd++;
    }
    if (!Ascii.equalsIgnoreCase(value.substring(start, schemeEnd), BEARER)) {
      return allowBareToken && schemeEnd == end
          ? token(value.substring(start, end))
          : BearerToken.absent();
    }
    // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; a tab is no separator here.
    int tokenStart = schemeEnd;
    while (tokenStart < end && value.charAt(tokenStart) == ' ') {
      tokenStart++;
    }
    if (tokenStart == schemeEnd) {
      return BearerToken.malformed();
    }
    return token(value.substring(tokenStart, end));
  }

  private static BearerToken token(String token) {
    return Syntax.isB64Token(token) ? BearerToken.present(token) : BearerToken.malformed();
  }

  private static boolean isSpaceOrTab(char c) {
    return c == ' ' || c == '\t';
  }

  /** Returns which resolver this is. */
  @Override
  public String toString() {
    return allowBareToken
        ? "BearerTokenResolver[allowingBareTokens]"
        : "BearerTokenResolver[rfc6750]";
  }
}
