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
   * A source of one HMAC secret whose every MAC computation is counted: a test JCA provider, put
   * first in the provider list, supplies HmacSHA256 engines that delegate to the JDK's and count
   * each {@code doFinal} made with this key. Verity keeps one keyed {@code Mac} per thread, so
   * counting key reads would miss every computation after the first; counting {@code doFinal} sees
   * them all. A test relying on it should also check that a verification without a cache does move
   * the counter, so it notices if that ever stops holding.
   */
  public static KeySource countingHmac(byte[] secret, AtomicInteger uses) {
    CountingMacProvider.install();
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

  /** Supplies counting HmacSHA256 engines; installed once, first in the provider list. */
  public static final class CountingMacProvider extends java.security.Provider {
    private static final long serialVersionUID = 1L;

    CountingMacProvider() {
      super("VerityTestCountingMac", "1", "HmacSHA256 that counts doFinal per counting key");
      putService(new Service(this, "Mac", "HmacSHA256", CountingMac.class.getName(), null, null));
    }

    static synchronized void install() {
      if (java.security.Security.getProvider("VerityTestCountingMac") == null) {
        java.security.Security.insertProviderAt(new CountingMacProvider(), 1);
      }
    }
  }

  /** Delegates to the JDK's HmacSHA256 and counts finished MACs of a {@link CountingKey}. */
  public static final class CountingMac extends javax.crypto.MacSpi {
    private final javax.crypto.Mac delegate;
    private AtomicInteger uses;

    /** Made by the JCA through the provider. */
    public CountingMac() throws java.security.GeneralSecurityException {
      delegate = javax.crypto.Mac.getInstance("HmacSHA256", "SunJCE");
    }

    @Override
    protected int engineGetMacLength() {
      return delegate.getMacLength();
    }

    @Override
    protected void engineInit(
        java.security.Key key, java.security.spec.AlgorithmParameterSpec params)
        throws java.security.InvalidKeyException, java.security.InvalidAlgorithmParameterException {
      uses = key instanceof CountingKey ? ((CountingKey) key).uses : null;
      delegate.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"), params);
    }

    @Override
    protected void engineUpdate(byte input) {
      delegate.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      delegate.update(input, offset, len);
    }

    @Override
    protected byte[] engineDoFinal() {
      if (uses != null) {
        uses.incrementAndGet();
      }
      return delegate.doFinal();
    }

    @Override
    protected void engineReset() {
      delegate.reset();
    }
  }
}
