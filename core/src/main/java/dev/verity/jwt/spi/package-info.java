/**
 * What integrators implement to extend Verity: the {@link dev.verity.jwt.spi.KeySource} a verifier
 * takes its keys from.
 */
package dev.verity.jwt.spi;
