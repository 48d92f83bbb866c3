package dev.verity.jwt;

import dev.verity.jwt.Algorithm.KeyFamily;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.spi.KeySource;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;

/** Key sources for tests that need what the public API does not build. Public for other modules. */
public final class TestKeySources {
  private TestKeySources() {}

  /**
   * A source of one HMAC secret whose every use by a MAC computation is counted: the JCA reads a
   * secret key's bytes ({@link SecretKey#getEncoded()}) each time a {@code Mac} is initialised with
   * it, so {@code uses} counts signature operations. A test relying on it should also check that a
   * verification without a cache does move the counter, so it notices if that ever stops holding.
   */
  public static KeySource countingHmac(byte[] secret, AtomicInteger uses) {
    return KeySources.of(
        JwkSet.single(
            VerificationKey.usable(
                null,
                KeyFamily.OCT,
                null,
                null,
                new CountingKey(secret.clone(), uses),
                secret.length)));
  }

  private static final class CountingKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final byte[] secret;
    private final transient AtomicInteger uses;

    CountingKey(byte[] secret, AtomicInteger uses) {
      this.secret = secret;
      this.uses = uses;
    }

    @Override
    public String getAlgorithm() {
      return "HMAC";
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      uses.incrementAndGet();
      return secret.clone();
    }

    /** Equal for the same secret, as {@code SecretKeySpec} is; reads no bytes through the count. */
    @Override
    public boolean equals(Object other) {
      return other instanceof CountingKey && Arrays.equals(secret, ((CountingKey) other).secret);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(secret);
    }
  }
}
