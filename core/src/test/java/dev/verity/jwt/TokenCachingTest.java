package dev.verity.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.verity.jwt.spi.CachedToken;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.testsupport.MutableClock;
import dev.verity.jwt.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The verifier's side of the token cache, shown with a cache that never expires anything, so that
 * each re-check on a hit is what decides: time claims, the key source, rotation callbacks.
 */
class TokenCachingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://issuer.example.com";
  private static final String AUDIENCE = "orders-api";
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger macs = new AtomicInteger();

  @Test
  void verify_hitPastExpPlusLeeway_expiredWithoutSignatureOperation() {
    NeverExpiringCache cache = new NeverExpiringCache();
    JwtVerifier verifier = builder(counting()).tokenCache(cache).build();
    String token = token(Map.of("exp", T0.getEpochSecond() + 600));
    verifier.verify(token);

    clock.set(T0.plusSeconds(660));

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.EXPIRED);
    assertThat(macs).hasValue(1);
    assertThat(cache.map).isEmpty();
  }

  @Test
  void verify_hitWhileTheClockWentBackBeforeNbf_notYetValid() {
    JwtVerifier verifier = builder(counting()).tokenCache(new NeverExpiringCache()).build();
    String token = token(Map.of("nbf", T0.getEpochSecond(), "exp", T0.getEpochSecond() + 600));
    verifier.verify(token);

    clock.set(T0.minusSeconds(61));

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.NOT_YET_VALID);
    assertThat(macs).hasValue(1);
  }

  @Test
  void verify_hitWhileTheKeySourceIsUnavailable_jwksUnavailable() {
    AtomicBoolean down = new AtomicBoolean();
    KeySource working = counting();
    KeySource flaky =
        () -> {
          if (down.get()) {
            throw new JwtVerificationException(ErrorCode.JWKS_UNAVAILABLE, "down (test)");
          }
          return working.keys();
        };
    NeverExpiringCache cache = new NeverExpiringCache();
    JwtVerifier verifier = builder(flaky).tokenCache(cache).build();
    String token = token(Map.of("exp", T0.getEpochSecond() + 600));
    verifier.verify(token);

    down.set(true);
    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.JWKS_UNAVAILABLE);
    down.set(false);

    assertThat(verifier.verify(token).subject()).contains("alice");
    assertThat(macs).as("the entry survives an outage of the key source").hasValue(1);
  }

  @Test
  void keysRemoved_reportedBySource_dropsThatKidsEntriesAndEveryRejection() {
    RotatingSource source = new RotatingSource(KeySources.hmacSecret(SECRET));
    NeverExpiringCache tokens = new NeverExpiringCache();
    NeverExpiringCache rejections = new NeverExpiringCache();
    JwtVerifier verifier = builder(source).tokenCache(tokens).rejectionCache(rejections).build();
    verifier.verify(token(Map.of("exp", T0.getEpochSecond() + 600)));
    codeOf(verifier, token(Map.of("exp", T0.getEpochSecond() - 600)));
    tokens.map.put("other", CachedToken.verified(tokens.anyJwt(), "k2", T0.plusSeconds(60)));
    tokens.map.replaceAll(
        (t, e) -> e.keyId() == null ? CachedToken.verified(e.jwt(), "k1", e.expiresAt()) : e);
    assertThat(rejections.map).hasSize(1);

    source.removed(Set.of("k1"));

    assertThat(tokens.map).containsOnlyKeys("other");
    assertThat(rejections.map).isEmpty();
  }

  @Test
  void verify_listenerThrows_verificationUnaffected() {
    VerityListener broken =
        new VerityListener() {
          @Override
          public void cacheEvent(CacheName cache, CacheEvent event, long count) {
            throw new IllegalStateException("broken metrics bridge");
          }
        };
    JwtVerifier verifier =
        builder(counting()).listener(broken).tokenCache(new NeverExpiringCache()).build();
    String token = token(Map.of("exp", T0.getEpochSecond() + 600));

    assertThat(verifier.verify(token).subject()).contains("alice");
    assertThat(verifier.verify(token).subject()).contains("alice");
    assertThat(macs).hasValue(1);
  }

  @Test
  void verify_nullToken_sameAnswerAsWithoutACache() {
    JwtVerifier cached = builder(counting()).tokenCache(new NeverExpiringCache()).build();
    JwtVerifier plain = builder(counting()).build();

    assertThat(cached.validate(null).errorCode()).isEqualTo(plain.validate(null).errorCode());
  }

  private KeySource counting() {
    return TestKeySources.countingHmac(SECRET, macs);
  }

  private JwtVerifierBuilder builder(KeySource keys) {
    return JwtVerifier.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .algorithms(Algorithm.HS256)
        .keys(keys)
        .clock(clock);
  }

  private static String token(Map<String, Object> claims) {
    Tokens.Builder builder =
        Tokens.token().claim("iss", ISSUER).claim("aud", AUDIENCE).claim("sub", "alice");
    claims.forEach(builder::claim);
    return builder.signHmac("HS256", SECRET);
  }

  private static ErrorCode codeOf(JwtVerifier verifier, String token) {
    JwtVerificationException e =
        catchThrowableOfType(JwtVerificationException.class, () -> verifier.verify(token));
    assertThat(e).as("expected a rejection").isNotNull();
    return e.code();
  }

  /** Keeps every entry until told otherwise: whatever a hit serves, the verifier decided. */
  private static final class NeverExpiringCache implements VerifiedTokenCache {
    final Map<String, CachedToken> map = new ConcurrentHashMap<>();
    private final AtomicBoolean attached = new AtomicBoolean();

    VerifiedJwt anyJwt() {
      return map.values().iterator().next().jwt();
    }

    @Override
    public CachedToken get(String token) {
      return map.get(token);
    }

    @Override
    public void put(String token, CachedToken entry) {
      map.put(token, entry);
    }

    @Override
    public void invalidate(String token) {
      map.remove(token);
    }

    @Override
    public void invalidateIf(Predicate<CachedToken> condition) {
      map.values().removeIf(condition);
    }

    @Override
    public void invalidateAll() {
      map.clear();
    }

    @Override
    public long size() {
      return map.size();
    }

    @Override
    public long weightedSize() {
      return map.keySet().stream().mapToLong(VerifiedTokenCache::weigh).sum();
    }

    @Override
    public void attach(Binding binding) {
      if (!attached.compareAndSet(false, true)) {
        throw new IllegalStateException("already bound");
      }
    }
  }

  /** A source that reports removed key ids when the test says so. */
  private static final class RotatingSource implements KeySource {
    private final KeySource delegate;
    private Consumer<Set<String>> callback = removed -> {};

    RotatingSource(KeySource delegate) {
      this.delegate = delegate;
    }

    @Override
    public JwkSet keys() {
      return delegate.keys();
    }

    @Override
    public void onKeysRemoved(Consumer<Set<String>> callback) {
      this.callback = callback;
    }

    void removed(Set<String> kids) {
      callback.accept(kids);
    }
  }
}
