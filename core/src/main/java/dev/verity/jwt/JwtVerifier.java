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
   * verification pays nothing: call it at start-up, in Lambda init or before a SnapStart
   * checkpoint. A failed fetch is not an error: verifications retry and answer {@code
   * JWKS_UNAVAILABLE} until keys arrive.
   *
   * @return true when every remote key source now has usable keys (also when there is none)
   * @throws IllegalStateException when OIDC discovery returned a document that can never work
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
