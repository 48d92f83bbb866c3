package dev.verity.jwt.testing;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.internal.SignatureVerifier;
import dev.verity.jwt.internal.VerificationKey;
import dev.verity.jwt.spi.SignatureEngine;

/**
 * The {@link SignatureEngine} core's signature tests run with: none (the JDK's) by default, or the
 * class named by the system property {@value #PROPERTY}, so that a module offering an engine can
 * run core's Wycheproof, minted-token and adversarial suites once more with it plugged in (as the
 * Caffeine module does with core's JWKS policy suite).
 */
public final class TestEngines {
  /** Names a class with a public static {@code create()} returning the engine. */
  public static final String PROPERTY = "verity.test.signatureEngine";

  private static final SignatureEngine CURRENT = load();

  private TestEngines() {}

  /** Returns the engine under test, or null for the JDK's. */
  public static SignatureEngine current() {
    return CURRENT;
  }

  /** Applies the engine under test, if any, to a builder. */
  public static JwtVerifierBuilder apply(JwtVerifierBuilder builder) {
    return CURRENT == null ? builder : builder.signatureEngine(CURRENT);
  }

  /** {@link SignatureVerifier#verify} with the engine under test. */
  public static boolean verify(
      Algorithm algorithm,
      VerificationKey key,
      byte[] input,
      int offset,
      int length,
      byte[] signature) {
    return SignatureVerifier.verify(
        algorithm, key, input, offset, length, signature, 0, signature.length, CURRENT);
  }

  private static SignatureEngine load() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return (SignatureEngine) Class.forName(name).getMethod("create").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create the signature engine " + name, e);
    }
  }
}
