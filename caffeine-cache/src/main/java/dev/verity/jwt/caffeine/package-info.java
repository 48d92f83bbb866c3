/**
 * Caffeine implementations of Verity's cache SPIs: {@link
 * dev.verity.jwt.caffeine.CaffeineJwksCache} (plug into {@code RemoteJwksBuilder.cache}) and {@link
 * dev.verity.jwt.caffeine.CaffeineVerifiedTokenCache} (plug into {@code
 * JwtVerifierBuilder.tokenCache}). See {@code docs/caching.md}.
 */
package dev.verity.jwt.caffeine;
