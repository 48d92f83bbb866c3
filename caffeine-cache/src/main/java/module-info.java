/**
 * Caffeine-backed caches for Verity JWT: {@link dev.verity.jwt.caffeine.CaffeineJwksCache} for
 * remote key sets and {@link dev.verity.jwt.caffeine.CaffeineVerifiedTokenCache} for verified
 * tokens.
 */
module dev.verity.jwt.caffeine {
  requires transitive dev.verity.jwt;
  requires transitive com.github.benmanes.caffeine;

  exports dev.verity.jwt.caffeine;
}
