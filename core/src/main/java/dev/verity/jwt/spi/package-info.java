/**
 * What integrators implement to extend Verity: the {@link dev.verity.jwt.spi.KeySource} a verifier
 * takes its keys from, the {@link dev.verity.jwt.spi.JwksCache} and {@link
 * dev.verity.jwt.spi.VerifiedTokenCache} storage, and the {@link dev.verity.jwt.spi.VerityListener}
 * for events.
 */
package dev.verity.jwt.spi;
