package dev.verity.jwt.spi;

import dev.verity.jwt.JwkSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where a verifier gets its trusted keys: a fixed set, a remote JWKS with a cache, or anything an
 * integrator builds.
 *
 * <p>Implementations must be thread-safe; {@link #keys()} is called on every verification, so it
 * should return a cached {@link JwkSet} without blocking once keys are loaded. Key selection itself
 * (by {@code kid}, algorithm binding, key rules) is done by the verifier, never by the source, so a
 * source cannot weaken it.
 */
public interface KeySource {
  /**
   * Returns the keys to verify with now.
   *
   * @throws dev.verity.jwt.JwtVerificationException with {@code JWKS_UNAVAILABLE} when no usable
   *     keys can be had
   */
  JwkSet keys();

  /**
   * Called when a token names a {@code kid} that {@link #keys()} does not hold; a source that can
   * refresh may do so here, rate-limited as it sees fit, and return the newer set. The default
   * returns {@link #keys()}.
   *
   * @param kid the unknown key id; an opaque string, never a path or URL
   */
  default JwkSet keysForUnknownKid(String kid) {
    return keys();
  }

  /**
   * Asks to be told when key ids leave this source's set, so that caches can drop what those keys
   * verified at once rather than on their next use. A source that can rotate keys calls {@code
   * callback} after each change that removed ids, with those ids; it may hold the callback weakly,
   * so the caller keeps a reference for as long as it wants the calls. The default does nothing: a
   * source whose keys never change, or that does not report removals, relies on the verifier's
   * check on every cache hit that the key is still the one it would select.
   *
   * @param callback receives the removed key ids; must be fast and must not throw
   */
  default void onKeysRemoved(Consumer<Set<String>> callback) {}
}
