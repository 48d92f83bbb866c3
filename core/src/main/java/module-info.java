/**
 * Verity JWT core: compact JWS parsing, signature verification, claim checks and key sources.
 *
 * <p>Only {@code dev.verity.jwt}, {@code dev.verity.jwt.spi} and {@code dev.verity.jwt.web} are
 * API; {@code dev.verity.jwt.internal} may change in any release.
 */
module dev.verity.jwt {
  requires com.fasterxml.jackson.core;
  requires org.slf4j;
  requires transitive java.net.http;

  exports dev.verity.jwt;
  exports dev.verity.jwt.spi;
  exports dev.verity.jwt.web;
}
