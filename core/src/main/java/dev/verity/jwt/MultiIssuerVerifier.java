package dev.verity.jwt;

import dev.verity.jwt.internal.CompactJws;
import dev.verity.jwt.internal.HeaderCache;
import dev.verity.jwt.internal.JwtParser;
import dev.verity.jwt.internal.Rejection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A verifier that routes each token by its {@code iss} claim to the verifier configured for that
 * issuer, each with its own key source and rules. Immutable and thread-safe.
 *
 * <p>Keys are scoped per issuer (RFC 8725 §3.8): a token claiming issuer A is only ever checked
 * with A's keys, so a {@code kid} known only to issuer B is {@link ErrorCode#KEY_NOT_FOUND}.
 * Routing needs the {@code iss} claim before the signature is checked, so a token with no or an
 * unknown issuer is {@link ErrorCode#ISSUER_MISMATCH} and a payload that is not a JSON object is
 * {@link ErrorCode#MALFORMED} without a signature check: there is no key to check it with.
 */
public final class MultiIssuerVerifier implements JwtVerifier {
  private final Map<String, DefaultJwtVerifier> byIssuer;
  private final int maxTokenBytes;
  // Issuers sign with few distinct headers: a known one is not parsed again to check structure,
  // and the routed verifier takes the parsed header from the split token (CompactJws).
  private final HeaderCache headers = new HeaderCache();

  private MultiIssuerVerifier(Map<String, DefaultJwtVerifier> byIssuer, int maxTokenBytes) {
    this.byIssuer = Map.copyOf(byIssuer);
    this.maxTokenBytes = maxTokenBytes;
  }

  @Override
  public VerifiedJwt verify(String token) {
    CompactJws jws = CompactJws.parse(token, maxTokenBytes);
    // Structure first: a header that is not JSON is MALFORMED whatever the issuer.
    headers.parse(jws);
    String issuer = JwtParser.peekIssuer(jws.payload());
    if (issuer == null) {
      throw Rejection.of(ErrorCode.ISSUER_MISMATCH, "the token has no iss");
    }
    DefaultJwtVerifier verifier = byIssuer.get(issuer);
    if (verifier == null) {
      throw Rejection.of(
          ErrorCode.ISSUER_MISMATCH,
          "the token's iss is not an allowed issuer (allowed: "
              + DefaultJwtVerifier.allowed(new java.util.TreeSet<>(byIssuer.keySet()))
              + ")");
    }
    return verifier.verify(token, jws);
  }

  /** Primes every routed verifier (each at most once, however many issuers it serves). */
  @Override
  public boolean prime() {
    boolean primed = true;
    for (DefaultJwtVerifier verifier : new java.util.LinkedHashSet<>(byIssuer.values())) {
      try {
        primed &= verifier.prime(); // every one, even after a failure
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "the verifier for " + verifier.settings().issuers() + ": " + e.getMessage(), e);
      }
    }
    return primed;
  }

  @Override
  public String toString() {
    return "MultiIssuerVerifier" + byIssuer.keySet();
  }

  /** Collects one verifier per issuer. Not thread-safe. */
  public static final class Builder {
    private final Map<String, DefaultJwtVerifier> byIssuer = new HashMap<>();

    Builder() {}

    /**
     * Routes tokens whose {@code iss} is one of {@code verifier}'s configured issuers to it.
     *
     * <p>Only verifiers made by {@link JwtVerifier#builder()} can be routed, not any {@link
     * JwtVerifier}: the router reads their issuers (so keys stay scoped per issuer, RFC 8725 §3.8,
     * which needs a verifier known to check {@code iss} exactly) and their token size limit, and
     * hands them the token it has already split. Caches, engines and listeners plug into that
     * builder; to decorate verification itself (metrics, logging), wrap the router instead.
     *
     * @param verifier a verifier made by {@link JwtVerifier#builder()} with explicit issuers
     * @throws IllegalArgumentException when the verifier waives the issuer check, was not made by
     *     {@link JwtVerifier#builder()}, or claims an issuer already routed
     */
    public Builder route(JwtVerifier verifier) {
      Objects.requireNonNull(verifier, "verifier");
      if (!(verifier instanceof DefaultJwtVerifier)) {
        throw new IllegalArgumentException(
            "route only verifiers made by JwtVerifier.builder(): the router must know their"
                + " issuers and token limit; wrap the router to decorate verification");
      }
      DefaultJwtVerifier single = (DefaultJwtVerifier) verifier;
      if (single.settings().issuers().isEmpty()) {
        throw new IllegalArgumentException("a routed verifier must name its issuers");
      }
      for (String issuer : single.settings().issuers()) {
        if (byIssuer.containsKey(issuer)) {
          throw new IllegalArgumentException("an issuer is routed twice");
        }
      }
      for (String issuer : single.settings().issuers()) {
        byIssuer.put(issuer, single);
      }
      return this;
    }

    /**
     * Builds the router.
     *
     * @throws IllegalStateException when no verifier was routed
     */
    public MultiIssuerVerifier build() {
      if (byIssuer.isEmpty()) {
        throw new IllegalStateException("route at least one verifier");
      }
      int max = 0;
      for (DefaultJwtVerifier verifier : byIssuer.values()) {
        max = Math.max(max, verifier.settings().maxTokenBytes());
      }
      return new MultiIssuerVerifier(byIssuer, max);
    }
  }
}
