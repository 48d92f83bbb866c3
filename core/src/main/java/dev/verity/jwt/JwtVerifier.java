package dev.verity.jwt;

/**
 * Verifies compact JWS-signed JWTs against a fixed configuration: signature, algorithm allow-list,
 * key rules and claims. Implementations are immutable and thread-safe: build one, share it.
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder()
 *     .issuer("https://issuer.example.com")
 *     .audience("orders-api")
 *     .algorithms(Algorithm.RS256)
 *     .keys(KeySources.jwksFile(Path.of("jwks.json")))
 *     .build();
 * VerifiedJwt jwt = verifier.verify(token);
 * }</pre>
 */
public interface JwtVerifier {
  /**
   * Verifies a token.
   *
   * @param token the compact serialization, {@code header.payload.signature}
   * @return the verified token
   * @throws JwtVerificationException with exactly one {@link ErrorCode} when the token is rejected
   */
  VerifiedJwt verify(String token);

  /**
   * Verifies a token and returns the outcome as a value instead of throwing.
   *
   * @param token the compact serialization
   * @return the verified token or the rejection
   */
  default VerificationResult validate(String token) {
    try {
      return VerificationResult.valid(verify(token));
    } catch (JwtVerificationException e) {
      return VerificationResult.invalid(e);
    }
  }

  /**
   * Fetches now the keys of every remote key source this verifier uses (each issuer's, for a
   * multi-issuer verifier), waiting at most each source's response timeout, so that the first
   * verification pays nothing, and checks that some token could verify: call it at start-up, in
   * Lambda init or before a SnapStart checkpoint. A failed fetch is not an error: verifications
   * retry and answer {@code JWKS_UNAVAILABLE} until keys arrive.
   *
   * <p>A configuration that can never verify any token is refused here rather than in {@code
   * build()}, because a verifier that is built but not primed answers such tokens with their codes
   * ({@code INVALID_KEY} for a key that may not verify), as the error codes promise.
   *
   * @return true when every key source now has keys usable with the allowed algorithms; false when
   *     a remote source could not be fetched or holds no usable key yet
   * @throws IllegalStateException when the configuration can never verify a token: no key of a
   *     fixed or fetched set is usable with any allowed algorithm ({@link
   *     JwkSet#problemWith(java.util.Set)} says why), only HMAC algorithms are allowed with a
   *     remote source, or OIDC discovery returned a document that can never work
   */
  default boolean prime() {
    return true;
  }

  /** Returns a builder for a verifier of tokens from one issuer (or a fixed set of issuers). */
  static JwtVerifierBuilder builder() {
    return new JwtVerifierBuilder();
  }

  /** Returns a builder for a verifier that routes each token by its {@code iss} claim. */
  static MultiIssuerVerifier.Builder multiIssuer() {
    return new MultiIssuerVerifier.Builder();
  }
}
