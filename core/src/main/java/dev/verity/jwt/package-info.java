/**
 * Verity JWT: verify compact JWS-signed JWTs strictly. Start with {@link
 * dev.verity.jwt.JwtVerifier#builder()}; keys come from {@link dev.verity.jwt.KeySources}.
 */
package dev.verity.jwt;
