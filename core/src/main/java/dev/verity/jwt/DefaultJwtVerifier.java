package dev.verity.jwt;

import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.internal.Claims;
import dev.verity.jwt.internal.CompactJws;
import dev.verity.jwt.internal.HeaderCache;
import dev.verity.jwt.internal.JoseHeader;
import dev.verity.jwt.internal.JwtParser;
import dev.verity.jwt.internal.Rejection;
import dev.verity.jwt.internal.SignatureVerifier;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.internal.jwks.LoggingListener;
import dev.verity.jwt.spi.KeySource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The single-issuer verifier. Checks run cheapest-first where that leaks nothing: size and
 * structure, header and algorithm, key, signature, then claims (RFC 7515 §5.2, RFC 7519 §7.2). No
 * claim is judged before the signature has verified, so a forged token is always {@code
 * BAD_SIGNATURE}, never a claim code (CVE-2024-51744).
 */
final class DefaultJwtVerifier implements JwtVerifier {
  private final VerifierSettings settings;
  private final HeaderCache headers = new HeaderCache();
  private final TokenCaching caching; // null unless a token or rejection cache is configured

  DefaultJwtVerifier(VerifierSettings settings) {
    this(settings, null);
  }

  DefaultJwtVerifier(VerifierSettings settings, TokenCaching caching) {
    this.settings = settings;
    this.caching = caching;
  }

  VerifierSettings settings() {
    return settings;
  }

  @Override
  public VerifiedJwt verify(String token) {
    return verify(token, null);
  }

  /**
   * Verifies a token that a {@link MultiIssuerVerifier} has already split (or null), so routing
   * does not cost a second scan, copy and decode of the token.
   */
  VerifiedJwt verify(String token, CompactJws parsed) {
    try {
      if (caching != null) {
        return caching.verify(token, parsed, this); // the verified-token cache: docs/caching.md
      }
      return verifyOrThrow(token, parsed);
    } catch (JwtVerificationException e) {
      LoggingListener.safely(() -> settings.listener().rejected(e.code()), "rejected");
      throw e;
    }
  }

  @Override
  public boolean prime() {
    KeySource source = settings.keys();
    if (source instanceof RemoteKeySource) {
      if (settings.algorithms().stream().allMatch(a -> a.keyFamily() == KeyFamily.OCT)) {
        // RFC 8725 §3.1: a published secret is no secret, so remote sets never yield HMAC keys.
        throw new IllegalStateException(
            "the allowed algorithms are all HMAC, which a remote JWK Set never provides keys for");
      }
      if (!((RemoteKeySource) source).prime()) {
        return false; // unreachable, or nothing usable yet: answered JWKS_UNAVAILABLE, retried
      }
    }
    JwkSet keys;
    try {
      keys = source.keys();
    } catch (JwtVerificationException unavailable) {
      return false;
    }
    keys.problemWith(settings.algorithms())
        .ifPresent(
            problem -> {
              throw new IllegalStateException(problem);
            });
    return true;
  }

  VerifiedJwt verifyOrThrow(String token, CompactJws parsed) {
    CompactJws jws;
    if (parsed == null) {
      jws = CompactJws.parse(token, settings.maxTokenBytes());
    } else if (token.length() > settings.maxTokenBytes()) {
      // Split under the router's largest limit; this issuer's own limit still applies. A split
      // token is ASCII, so its length in chars is its length in bytes.
      throw Rejection.of(ErrorCode.TOKEN_TOO_LARGE, "the token is longer than the maximum");
    } else {
      jws = parsed;
    }
    JoseHeader header = headers.parse(jws);
    Algorithm algorithm = allowedAlgorithm(header.algorithm());
    checkUnderstood(header);
    VerificationKey key = selectKey(header.kid(), algorithm);
    if (!SignatureVerifier.verify(
        algorithm,
        key,
        jws.signingInput(),
        0,
        jws.signingInputLength(),
        jws.signingInput(),
        jws.signatureOffset(),
        jws.signatureLength(),
        settings.signatureEngine())) {
      throw Rejection.of(ErrorCode.BAD_SIGNATURE, "the signature does not verify");
    }
    Claims claims = JwtParser.parseClaims(jws.payload(), settings.requiredClaims());
    VerifiedJwt jwt = new VerifiedJwt(algorithm, header, claims, key);
    checkClaims(header, claims, jwt);
    return jwt;
  }

  /** RFC 8725 §3.1: only the caller's allow-list decides; names are case-sensitive ("noNE"). */
  private Algorithm allowedAlgorithm(Algorithm algorithm) {
    if (algorithm == null || !settings.algorithms().contains(algorithm)) {
      throw Rejection.of(ErrorCode.ALGORITHM_NOT_ALLOWED, "the token's algorithm is not allowed");
    }
    return algorithm;
  }

  /**
   * RFC 7515 §4.1.11: Verity understands no {@code crit} extension, so any is refused; RFC 7797
   * {@code b64} cannot apply to a JWT; {@code enc}/{@code zip} belong to JWE; nested JWTs ({@code
   * cty: JWT}) are not supported.
   */
  private static void checkUnderstood(JoseHeader header) {
    if (header.hasCrit()) {
      throw Rejection.of(
          ErrorCode.UNSUPPORTED_HEADER,
          "the header lists critical parameters Verity does not support");
    }
    if (header.hasB64()) {
      throw Rejection.of(ErrorCode.UNSUPPORTED_HEADER, "the header has \"b64\" (RFC 7797)");
    }
    if (header.hasJweMember()) {
      throw Rejection.of(ErrorCode.UNSUPPORTED_HEADER, "the header has JWE members (enc, zip)");
    }
    if (header.cty() != null && "jwt".equals(JwtVerifierBuilder.normalizeMediaType(header.cty()))) {
      throw Rejection.of(ErrorCode.UNSUPPORTED_HEADER, "nested JWTs (cty: JWT) are not supported");
    }
  }

  private VerificationKey selectKey(String kid, Algorithm algorithm) {
    JwkSet keys = settings.keys().keys();
    if (kid != null && !keys.knows(kid)) {
      keys = settings.keys().keysForUnknownKid(kid);
    }
    return keys.select(kid, algorithm);
  }

  private void checkClaims(JoseHeader header, Claims claims, VerifiedJwt jwt) {
    checkType(header);
    checkIssuer(claims);
    checkAudience(claims);
    checkCognito(claims);
    checkTime(claims);
    checkRequired(claims);
    checkScopes(claims);
    checkCustom(jwt);
  }

  /** The user's checks; run again on every token cache hit, as they may consult outside state. */
  void checkCustom(VerifiedJwt jwt) {
    List<Map.Entry<String, ClaimCheck>> checks = settings.checks();
    for (int i = 0; i < checks.size(); i++) {
      Map.Entry<String, ClaimCheck> check = checks.get(i);
      boolean passed;
      try {
        passed = check.getValue().test(jwt);
      } catch (RuntimeException e) {
        passed = false;
      }
      if (!passed) {
        throw Rejection.of(
            ErrorCode.INVALID_CLAIM, "the token fails the check '" + check.getKey() + "'");
      }
    }
  }

  private void checkType(JoseHeader header) {
    String required = settings.normalizedType();
    if (required != null
        && (header.typ() == null
            || !required.equals(JwtVerifierBuilder.normalizeMediaType(header.typ())))) {
      throw Rejection.of(ErrorCode.TYPE_MISMATCH, "the token's typ is not the required type");
    }
  }

  private void checkIssuer(Claims claims) {
    if (settings.issuers().isEmpty()) {
      return;
    }
    if (claims.issuer() == null) {
      throw Rejection.of(ErrorCode.ISSUER_MISMATCH, "the token has no iss");
    }
    if (!settings.issuers().contains(claims.issuer())) {
      throw Rejection.of(
          ErrorCode.ISSUER_MISMATCH,
          "the token's iss is not an allowed issuer (allowed: "
              + allowed(settings.issuers())
              + ")");
    }
  }

  private void checkAudience(Claims claims) {
    if (settings.audiences().isEmpty()) {
      return;
    }
    if (claims.audience() == null) {
      throw Rejection.of(ErrorCode.AUDIENCE_MISMATCH, "the token has no aud");
    }
    if (!containsAny(claims.audience(), settings.audiences())) {
      throw Rejection.of(
          ErrorCode.AUDIENCE_MISMATCH,
          "the token's aud names no allowed audience (allowed: "
              + allowed(settings.audiences())
              + ")");
    }
  }

  /** Amazon Cognito: {@code token_use}, then the client id where that kind of token carries it. */
  private void checkCognito(Claims claims) {
    TokenUse tokenUse = settings.tokenUse();
    if (tokenUse != null) {
      if (claims.tokenUse() == null) {
        throw Rejection.of(ErrorCode.MISSING_CLAIM, "the token has no token_use");
      }
      if (!tokenUse.claimValue().equals(claims.tokenUse())) {
        throw Rejection.of(
            ErrorCode.INVALID_CLAIM, "the token's token_use is not the required one");
      }
    }
    if (settings.clientIds().isEmpty()) {
      return;
    }
    boolean byClientId =
        claims.clientId() != null && settings.clientIds().contains(claims.clientId());
    boolean byAudience =
        claims.audience() != null && containsAny(claims.audience(), settings.clientIds());
    if (tokenUse == TokenUse.ACCESS) {
      if (claims.clientId() == null) {
        throw Rejection.of(ErrorCode.MISSING_CLAIM, "the token has no client_id");
      }
      if (!byClientId) {
        throw Rejection.of(ErrorCode.INVALID_CLAIM, "the token's client_id is not allowed");
      }
    } else if (tokenUse == TokenUse.ID) {
      if (!byAudience) {
        throw Rejection.of(
            ErrorCode.AUDIENCE_MISMATCH, "the token's aud names no allowed client id");
      }
    } else if (!byClientId && !byAudience) {
      if (claims.clientId() != null) {
        throw Rejection.of(ErrorCode.INVALID_CLAIM, "the token's client_id is not allowed");
      }
      throw Rejection.of(
          ErrorCode.AUDIENCE_MISMATCH, "neither the token's client_id nor its aud is allowed");
    }
  }

  /**
   * With leeway L, {@code EXPIRED} once now ≥ exp + L (RFC 7519 §4.1.4 "MUST be before"), {@code
   * NOT_YET_VALID} while now < nbf − L (RFC 7519 §4.1.5), {@code ISSUED_IN_FUTURE} while iat > now
   * + L, and with a maximum age A, {@code EXPIRED} when now − iat > A + L.
   */
  void checkTime(Claims claims) {
    Instant now = settings.clock().instant();
    Instant exp = claims.expiresAt();
    if (exp == null) {
      if (settings.expirationRequired()) {
        throw Rejection.of(ErrorCode.MISSING_CLAIM, "the token has no exp");
      }
    } else if (!now.isBefore(exp.plus(settings.leeway()))) {
      throw Rejection.of(
          ErrorCode.EXPIRED, "the token expired at " + exp + " (now " + now + leeway() + ")");
    }
    Instant nbf = claims.notBefore();
    if (nbf != null && now.isBefore(nbf.minus(settings.leeway()))) {
      throw Rejection.of(
          ErrorCode.NOT_YET_VALID,
          "the token is not valid before " + nbf + " (now " + now + leeway() + ")");
    }
    Instant iat = claims.issuedAt();
    if (iat != null && iat.isAfter(now.plus(settings.leeway()))) {
      throw Rejection.of(
          ErrorCode.ISSUED_IN_FUTURE,
          "the token was issued in the future, at " + iat + " (now " + now + leeway() + ")");
    }
    if (settings.maxAge() != null) {
      if (iat == null) {
        throw Rejection.of(ErrorCode.MISSING_CLAIM, "the token has no iat");
      }
      if (iat.plus(settings.maxAge()).plus(settings.leeway()).isBefore(now)) {
        throw Rejection.of(
            ErrorCode.EXPIRED,
            "the token, issued at "
                + iat
                + ", is older than the maximum age "
                + settings.maxAge()
                + " (now "
                + now
                + leeway()
                + ")");
      }
    }
  }

  private String leeway() {
    return settings.leeway().isZero() ? "" : ", leeway " + settings.leeway();
  }

  /**
   * Names the configured values a claim was checked against, for the rejection message: never the
   * token's own value (which, on a mismatch, is none of these), at most three, each escaped and
   * cut.
   */
  static String allowed(java.util.Collection<String> values) {
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (String value : values) {
      if (shown == 3) {
        return text.append(" and ").append(values.size() - shown).append(" more").toString();
      }
      text.append(shown == 0 ? "" : ", ").append(SafeDisplay.quoted(value));
      shown++;
    }
    return text.toString();
  }

  private void checkRequired(Claims claims) {
    List<String> required = settings.requiredClaims();
    long all = required.size() == 64 ? -1L : (1L << required.size()) - 1;
    if ((claims.requiredPresent() & all) != all) {
      throw Rejection.of(ErrorCode.MISSING_CLAIM, "the token lacks a required claim");
    }
  }

  private void checkScopes(Claims claims) {
    if (settings.requiredScopes().isEmpty()) {
      return;
    }
    for (String scope : settings.requiredScopes()) {
      if (!claims.hasScope(scope)) {
        throw Rejection.of(ErrorCode.INSUFFICIENT_SCOPE, "the token lacks a required scope");
      }
    }
  }

  // Indexed, not for-each: this runs for every token, and an iterator is an allocation.
  private static boolean containsAny(List<String> values, java.util.Set<String> allowed) {
    for (int i = 0; i < values.size(); i++) {
      if (allowed.contains(values.get(i))) {
        return true;
      }
    }
    return false;
  }
}
