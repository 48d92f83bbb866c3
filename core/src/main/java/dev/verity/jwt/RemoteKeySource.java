package dev.verity.jwt;

import dev.verity.jwt.spi.KeySource;
import java.net.URI;

/**
 * A {@link KeySource} backed by a JWK Set fetched over HTTPS and cached; made by {@link
 * KeySources#remoteJwks(URI)}, {@link KeySources#oidcDiscovery(String)}, {@link
 * KeySources#cognito(String)} or their builders. Thread-safe.
 */
public interface RemoteKeySource extends KeySource {
  /**
   * Fetches the keys now, waiting at most the response timeout, so that the first verification pays
   * nothing (call it at start-up, in Lambda init or before a SnapStart checkpoint).
   *
   * @return true when keys usable for some algorithm are now cached; false when the fetch failed or
   *     the set holds no usable key (verifications will retry with backoff, answering {@code
   *     JWKS_UNAVAILABLE} until keys arrive)
   * @throws IllegalStateException when OIDC discovery returned a document that can never work (an
   *     issuer other than the configured one, no {@code jwks_uri}): a configuration error
   */
  boolean prime();

  /** Returns the JWK Set URL, or null while OIDC discovery has not yet found it. */
  URI uri();
}
