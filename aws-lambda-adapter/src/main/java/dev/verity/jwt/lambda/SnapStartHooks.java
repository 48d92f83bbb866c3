package dev.verity.jwt.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.lambda.internal.DecisionLine;
import dev.verity.jwt.lambda.internal.Metrics;
import dev.verity.jwt.web.VeritySettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import org.crac.Context;
import org.crac.Resource;

/**
 * Lambda SnapStart through {@code org.crac}: before the snapshot, fetch the keys and run the
 * signature path once per allowed algorithm and key, so a restored function verifies its first
 * token without loading or compiling anything; after restore, fetch the keys again when the
 * snapshot's are older than {@link #STALE_AFTER} (a snapshot may be restored days later). Each hook
 * writes one JSON line. Registered by {@link VerityAuthorizer}, which holds it strongly: the
 * runtime keeps registered resources only weakly.
 */
final class SnapStartHooks implements Resource {
  /** Keys older than this at restore are fetched again before the first invocation. */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final VeritySettings settings;
  private final Metrics metrics;
  private final PrintStream log;
  private final InstantSource clock;

  SnapStartHooks(VeritySettings settings, Metrics metrics, PrintStream log, InstantSource clock) {
    this.settings = settings;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    boolean primed = settings.prime();
    int warmed = primed ? warmSignaturePath() : 0;
    log.println(
        DecisionLine.lifecycle(
            clock.instant(), "verity.checkpoint", primed, metrics.keySetAge(), warmed));
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    Duration age = metrics.keySetAge();
    boolean refreshed = false;
    if (age == null || age.compareTo(STALE_AFTER) > 0) {
      settings.prime();
      refreshed = true;
    }
    log.println(DecisionLine.lifecycle(clock.instant(), "verity.restore", refreshed, age, 0));
  }

  /**
   * Verifies, once per allowed algorithm and key id, a token with a well-formed but wrong
   * signature: the key lookup, the key's engine and the signature check all run, and the answer is
   * {@code BAD_SIGNATURE} (or another rejection), which nothing caches.
   *
   * @return how many such verifications ran
   */
  private int warmSignaturePath() {
    JwkSet keys;
    try {
      keys = settings.keySource().keys();
    } catch (JwtVerificationException unavailable) {
      return 0;
    }
    int runs = 0;
    for (Algorithm algorithm : settings.algorithms()) {
      int length = signatureLength(algorithm);
      if (length == 0) {
        continue;
      }
      for (String kid : keys.keyIds()) {
        String header = "{\"alg\":\"" + algorithm.jwaName() + "\",\"kid\":" + jsonString(kid) + "}";
        String token =
            BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + "."
                + BASE64URL.encodeToString("{}".getBytes(StandardCharsets.UTF_8))
                + "."
                + BASE64URL.encodeToString(new byte[length]);
        settings.verifier().validate(token);
        runs++;
        if (runs >= 16) {
          return runs;
        }
      }
    }
    return runs;
  }

  /** The signature length a key of the usual size gives; 0 for HMAC (never a remote key). */
  private static int signatureLength(Algorithm algorithm) {
    switch (algorithm.keyFamily()) {
      case RSA:
        return 256;
      case EC:
        return algorithm == Algorithm.ES256 ? 64 : algorithm == Algorithm.ES384 ? 96 : 132;
      case OKP:
        return algorithm == Algorithm.Ed448 ? 114 : 64;
      default:
        return 0;
    }
  }

  private static String jsonString(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }
}
