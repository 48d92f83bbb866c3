package dev.verity.jwt.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteKeySource;
import dev.verity.jwt.TestKeySources;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.spi.CachedToken;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.spi.VerifiedTokenCache;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.spi.VerityListener.CacheEvent;
import dev.verity.jwt.spi.VerityListener.CacheName;
import dev.verity.jwt.testsupport.MutableClock;
import dev.verity.jwt.testsupport.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link VerifiedTokenCache} contract, run against every implementation (core's in-memory cache
 * here, the Caffeine one in its module): first the storage rules (exact keys, bounds, expiry, one
 * verifier), then the same cache behind a real verifier (hits without a signature operation, time
 * re-checked, keys that leave, rotation, rejections, many threads). Public so that other modules'
 * tests can extend it.
 */
@Timeout(60)
public abstract class VerifiedTokenCacheContractTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(
              WireMockConfiguration.wireMockConfig()
                  .dynamicPort()
                  .bindAddress("127.0.0.1")
                  .jettyAcceptors(2))
          .build();

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://issuer.example.com";
  private static final String AUDIENCE = "orders-api";
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_SECRET =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
  private static final long ROOMY = 64L * 1024 * 1024;

  /** Returns a new, unbound cache of the implementation under test with these bounds. */
  protected abstract VerifiedTokenCache newCache(int maxEntries, long maxWeightBytes);

  /**
   * Lets the implementation finish maintenance it defers (Caffeine evicts after writes, on its
   * executor); bounds are asserted after this.
   */
  protected void settle(VerifiedTokenCache cache) {}

  private final MutableClock clock = new MutableClock(T0);

  // ---------------------------------------------------------------- storage

  @Test
  public void get_empty_returnsNull() {
    assertThat(bound(newCache(10, ROOMY)).get(token("alice"))).isNull();
  }

  @Test
  public void put_thenGet_returnsTheEntryForExactlyThatTokenOnly() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String token = token("alice");
    CachedToken entry = entryFor(token);

    cache.put(token, entry);

    assertThat(cache.get(token)).isSameAs(entry);
    assertThat(cache.get(new String(token.toCharArray()))).isSameAs(entry);
    assertThat(cache.get(token.substring(0, token.length() - 1))).isNull();
    assertThat(cache.get(token + "A")).isNull();
  }

  @Test
  public void put_twoTokensWithTheSameHashCode_keptApart() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String base = token("alice");
    // "Aa" and "BB" have the same String.hashCode, so these two keys collide in any hash table.
    String one = base + "Aa";
    String two = base + "BB";
    assertThat(one.hashCode()).isEqualTo(two.hashCode());
    CachedToken entry = entryFor(base);

    cache.put(one, entry);

    assertThat(cache.get(one)).isSameAs(entry);
    assertThat(cache.get(two)).isNull();
  }

  @Test
  public void put_twice_replaces() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String token = token("alice");
    CachedToken first = entryFor(token);
    CachedToken second = CachedToken.verified(first.jwt(), null, first.expiresAt());

    cache.put(token, first);
    cache.put(token, second);

    assertThat(cache.get(token)).isSameAs(second);
    settle(cache);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.weightedSize()).isEqualTo(VerifiedTokenCache.weigh(token));
  }

  @Test
  public void invalidate_removesOnlyThatToken() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String alice = token("alice");
    String bob = token("bob");
    cache.put(alice, entryFor(alice));
    cache.put(bob, entryFor(bob));

    cache.invalidate(alice);

    assertThat(cache.get(alice)).isNull();
    assertThat(cache.get(bob)).isNotNull();
    settle(cache);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.weightedSize()).isEqualTo(VerifiedTokenCache.weigh(bob));
  }

  @Test
  public void invalidateIf_removesTheMatchingEntries() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String alice = token("alice");
    String bob = token("bob");
    cache.put(alice, CachedToken.verified(entryFor(alice).jwt(), "k1", T0.plusSeconds(60)));
    cache.put(bob, CachedToken.verified(entryFor(bob).jwt(), "k2", T0.plusSeconds(60)));

    cache.invalidateIf(entry -> "k1".equals(entry.keyId()));

    assertThat(cache.get(alice)).isNull();
    assertThat(cache.get(bob)).isNotNull();
  }

  @Test
  public void invalidateAll_empties() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    for (String name : List.of("alice", "bob", "carol")) {
      String token = token(name);
      cache.put(token, entryFor(token));
    }

    cache.invalidateAll();

    assertThat(cache.get(token("alice"))).isNull();
    settle(cache);
    assertThat(cache.size()).isZero();
    assertThat(cache.weightedSize()).isZero();
  }

  @Test
  public void attach_secondTime_throwsIllegalStateException() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));

    assertThatThrownBy(() -> cache.attach(binding()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already bound");
  }

  @Test
  public void put_entryAlreadyExpiredByTheBoundClock_storesNothing() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String token = token("alice");

    cache.put(token, CachedToken.verified(entryFor(token).jwt(), null, T0));
    cache.put(token("bob"), CachedToken.verified(entryFor(token).jwt(), null, T0.minusSeconds(1)));

    assertThat(cache.get(token)).isNull();
    settle(cache);
    assertThat(cache.size()).isZero();
  }

  @Test
  public void get_onceTheBoundClockReachesExpiresAt_returnsNull() {
    VerifiedTokenCache cache = bound(newCache(10, ROOMY));
    String token = token("alice");
    cache.put(token, CachedToken.verified(entryFor(token).jwt(), null, T0.plusSeconds(30)));

    clock.set(T0.plusSeconds(29));
    assertThat(cache.get(token)).isNotNull();
    clock.set(T0.plusSeconds(30));
    assertThat(cache.get(token)).isNull();
  }

  @Test
  public void put_moreEntriesThanTheCountBound_holdsAtMostTheBound() {
    VerifiedTokenCache cache = bound(newCache(3, ROOMY));

    for (int i = 0; i < 20; i++) {
      String token = token("user" + i);
      cache.put(token, entryFor(token));
    }

    settle(cache);
    assertThat(cache.size()).isBetween(1L, 3L);
  }

  @Test
  public void put_manyThreads_everyReadFindsItsOwnTokensEntryOrNothing() throws Exception {
    VerifiedTokenCache cache = bound(newCache(16, ROOMY));
    List<String> tokens = new ArrayList<>();
    List<CachedToken> entries = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tokens.add(token("user" + i));
      entries.add(entryFor(tokens.get(i)));
    }
    Queue<String> wrong = new ConcurrentLinkedQueue<>();

    runConcurrently(
        16,
        2_000,
        () -> {
          int i = ThreadLocalRandom.current().nextInt(tokens.size());
          if (ThreadLocalRandom.current().nextBoolean()) {
            cache.put(tokens.get(i), entries.get(i));
          } else {
            CachedToken found = cache.get(tokens.get(i));
            if (found != null && found != entries.get(i)) {
              wrong.add("token " + i + " answered with another token's entry");
            }
          }
        });

    assertThat(wrong).isEmpty();
    settle(cache);
    assertThat(cache.size()).isBetween(1L, 16L);
    long heaviest = tokens.stream().mapToLong(VerifiedTokenCache::weigh).max().orElseThrow();
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(16 * heaviest);
  }

  // ---------------------------------------------------------------- behind a verifier

  @Test
  public void verify_sameTokenTwice_secondIsAHitReturningTheSameResult() {
    RecordingListener events = new RecordingListener();
    JwtVerifier verifier =
        builder(KeySources.hmacSecret(SECRET))
            .listener(events)
            .tokenCache(newCache(100, ROOMY))
            .build();
    String token = token("alice");

    VerifiedJwt first = verifier.verify(token);
    VerifiedJwt second = verifier.verify(token);

    assertThat(second).isSameAs(first);
    assertThat(second.subject()).contains("alice");
    assertThat(events.count(CacheName.VERIFIED_TOKENS, CacheEvent.MISS)).isEqualTo(1);
    assertThat(events.count(CacheName.VERIFIED_TOKENS, CacheEvent.HIT)).isEqualTo(1);
  }

  @Test
  public void verify_hit_noSignatureOperation() {
    AtomicInteger macs = new AtomicInteger();
    KeySource keys = TestKeySources.countingHmac(SECRET, macs);
    JwtVerifier cached = builder(keys).tokenCache(newCache(100, ROOMY)).build();
    JwtVerifier uncached = builder(keys).build();
    String token = token("alice");

    cached.verify(token);
    int afterMiss = macs.get();
    for (int i = 0; i < 100; i++) {
      assertThat(cached.verify(token).subject()).contains("alice");
    }
    int afterHits = macs.get();
    uncached.verify(token);

    assertThat(afterMiss).as("the miss verifies the signature").isEqualTo(1);
    assertThat(afterHits).as("hits verify no signature").isEqualTo(afterMiss);
    assertThat(macs.get()).as("control: the counter sees every MAC").isEqualTo(afterHits + 1);
  }

  @Test
  public void verify_hitAfterExp_rejectedAsExpired() {
    VerifiedTokenCache cache = newCache(100, ROOMY);
    JwtVerifier verifier = builder(KeySources.hmacSecret(SECRET)).tokenCache(cache).build();
    String token = token("alice"); // exp = T0 + 1 h, default leeway 60 s
    verifier.verify(token);

    clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(59));
    assertThat(verifier.verify(token).subject()).contains("alice");
    clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(60));

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.EXPIRED);
    assertThat(cache.get(token)).isNull();
  }

  @Test
  public void verify_maxAgeReachedWhileCached_rejectedAsExpired() {
    JwtVerifier verifier =
        builder(KeySources.hmacSecret(SECRET))
            .maxAge(Duration.ofMinutes(5))
            .tokenCache(newCache(100, ROOMY))
            .build();
    String token = token("alice"); // iat = T0
    verifier.verify(token);

    clock.set(T0.plus(Duration.ofMinutes(6)).plusSeconds(1));

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.EXPIRED);
  }

  @Test
  public void build_cacheAlreadyBoundToAnotherVerifier_throwsIllegalStateException() {
    VerifiedTokenCache cache = newCache(100, ROOMY);
    JwtVerifier lenient =
        JwtVerifier.builder()
            .anyIssuer()
            .anyAudience()
            .algorithms(Algorithm.HS256)
            .keys(KeySources.hmacSecret(SECRET))
            .clock(clock)
            .tokenCache(cache)
            .build();
    String token =
        Tokens.token()
            .claim("sub", "mallory")
            .claim("exp", T0.getEpochSecond() + 3600)
            .signHmac("HS256", SECRET);
    assertThat(lenient.verify(token).subject()).contains("mallory");
    JwtVerifierBuilder strict = builder(KeySources.hmacSecret(SECRET)).tokenCache(cache);

    assertThatThrownBy(strict::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already bound");
  }

  @Test
  public void build_sameBuilderTwiceWithACache_secondThrowsIllegalStateException() {
    JwtVerifierBuilder builder =
        builder(KeySources.hmacSecret(SECRET)).tokenCache(newCache(100, ROOMY));
    builder.build();

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  public void build_sameCacheForTokensAndRejections_throwsIllegalStateException() {
    VerifiedTokenCache cache = newCache(100, ROOMY);
    JwtVerifierBuilder builder =
        builder(KeySources.hmacSecret(SECRET)).tokenCache(cache).rejectionCache(cache);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  public void verify_keyWithThatKidLeftTheSource_hitDroppedAndKeyNotFound() {
    SwappableKeySource keys = new SwappableKeySource(KeySources.of(hmacSet("k1", SECRET)));
    VerifiedTokenCache cache = newCache(100, ROOMY);
    JwtVerifier verifier = builder(keys).tokenCache(cache).build();
    String token =
        Tokens.token()
            .kid("k1")
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "alice")
            .claim("exp", T0.getEpochSecond() + 3600)
            .signHmac("HS256", SECRET);
    verifier.verify(token);

    keys.swap(KeySources.of(hmacSet("k2", OTHER_SECRET)));

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    assertThat(cache.get(token)).isNull();
  }

  @Test
  public void verify_kidNowNamesOtherKeyMaterial_hitDroppedAndBadSignature() {
    SwappableKeySource keys = new SwappableKeySource(KeySources.of(hmacSet("k1", SECRET)));
    JwtVerifier verifier = builder(keys).tokenCache(newCache(100, ROOMY)).build();
    String token =
        Tokens.token()
            .kid("k1")
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "alice")
            .claim("exp", T0.getEpochSecond() + 3600)
            .signHmac("HS256", SECRET);
    verifier.verify(token);

    keys.swap(KeySources.of(hmacSet("k1", OTHER_SECRET)));

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.BAD_SIGNATURE);
  }

  @Test
  public void verify_sameKeyRefetchedAsNewObject_stillAHitWithoutSignatureOperation() {
    AtomicInteger macs = new AtomicInteger();
    SwappableKeySource keys = new SwappableKeySource(TestKeySources.countingHmac(SECRET, macs));
    JwtVerifier verifier = builder(keys).tokenCache(newCache(100, ROOMY)).build();
    String token = token("alice");
    verifier.verify(token);

    keys.swap(TestKeySources.countingHmac(SECRET, macs));

    assertThat(verifier.verify(token).subject()).contains("alice");
    assertThat(verifier.verify(token).subject()).contains("alice");
    assertThat(macs).hasValue(1);
  }

  @Test
  public void verify_customCheckFailsOnALaterHit_rejectedAsInvalidClaim() {
    Set<String> revoked = ConcurrentHashMap.newKeySet();
    JwtVerifier verifier =
        builder(KeySources.hmacSecret(SECRET))
            .check("not revoked", jwt -> !revoked.contains(jwt.subject().orElse("")))
            .tokenCache(newCache(100, ROOMY))
            .build();
    String token = token("alice");
    verifier.verify(token);

    revoked.add("alice");

    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.INVALID_CLAIM);
  }

  @Test
  public void verify_tokenWithoutExp_neverCached() {
    VerifiedTokenCache cache = newCache(100, ROOMY);
    JwtVerifier verifier =
        builder(KeySources.hmacSecret(SECRET)).allowMissingExpiration().tokenCache(cache).build();
    String token =
        Tokens.token()
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "alice")
            .signHmac("HS256", SECRET);

    verifier.verify(token);

    assertThat(cache.get(token)).isNull();
  }

  @Test
  public void verify_rotationRemovesAKey_itsEntriesDroppedAtOnceAndItsTokensRejected() {
    KeyPair a = Tokens.ec("secp256r1");
    KeyPair b = Tokens.ec("secp256r1");
    publish("a", a, "b", b);
    RemoteKeySource source =
        KeySources.remoteJwksBuilder(URI.create(server.baseUrl() + "/jwks.json"))
            .allowHttpToLoopback()
            .clock(clock)
            .build();
    assertThat(source.prime()).isTrue();
    VerifiedTokenCache cache = newCache(100, ROOMY);
    JwtVerifier verifier =
        JwtVerifier.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .algorithms(Algorithm.ES256)
            .keys(source)
            .clock(clock)
            .tokenCache(cache)
            .build();
    String tokenA = ecToken("a", a);
    String tokenB = ecToken("b", b);
    verifier.verify(tokenA);
    verifier.verify(tokenB);
    settle(cache);
    assertThat(cache.size()).isEqualTo(2);

    publish("b", b);
    clock.set(T0.plus(Duration.ofMinutes(9))); // past 80% of the 10 min TTL: refresh ahead
    assertThat(verifier.verify(tokenB).subject()).contains("alice");
    await().atMost(Duration.ofSeconds(10)).until(() -> source.keys().keyIds().equals(Set.of("b")));
    settle(cache);

    assertThat(cache.get(tokenA)).as("dropped by the rotation, before any use").isNull();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(codeOf(verifier, tokenA)).isEqualTo(ErrorCode.KEY_NOT_FOUND);
    assertThat(verifier.verify(tokenB).subject()).contains("alice");
    assertThat(cache.get(tokenB)).isNotNull();
  }

  @Test
  public void verify_floodOf16KiBTokens_weightBoundHolds() {
    long maxWeight = 256 * 1024;
    VerifiedTokenCache cache = newCache(10_000, maxWeight);
    JwtVerifier verifier = builder(KeySources.hmacSecret(SECRET)).tokenCache(cache).build();
    List<String> flood = tokensOfLength(200, JwtVerifierBuilder.DEFAULT_MAX_TOKEN_BYTES);
    long weight = VerifiedTokenCache.weigh(flood.get(0));

    for (String token : flood) {
      assertThat(verifier.verify(token).subject()).isPresent();
    }
    settle(cache);

    long held = flood.stream().filter(t -> cache.get(t) != null).count();
    assertThat(cache.size()).isEqualTo(held).isBetween(1L, maxWeight / weight);
    assertThat(cache.weightedSize())
        .isLessThanOrEqualTo(maxWeight)
        .isGreaterThanOrEqualTo(held * weight);
  }

  @Test
  public void verify_manyThreadsMixedTokens_everyAnswerIsTheRightOne() throws Exception {
    JwtVerifier verifier =
        builder(KeySources.hmacSecret(SECRET))
            .tokenCache(newCache(3, ROOMY))
            .rejectionCache(newCache(2, ROOMY))
            .build();
    Map<String, Object> expected = new ConcurrentHashMap<>();
    for (int i = 0; i < 6; i++) {
      expected.put(token("user" + i), "user" + i);
    }
    expected.put(
        Tokens.token()
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "late")
            .claim("exp", T0.getEpochSecond() - 120)
            .signHmac("HS256", SECRET),
        ErrorCode.EXPIRED);
    expected.put(
        Tokens.token()
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "forged")
            .claim("exp", T0.getEpochSecond() + 3600)
            .signHmac("HS256", OTHER_SECRET),
        ErrorCode.BAD_SIGNATURE);
    expected.put(
        Tokens.token()
            .claim("iss", ISSUER)
            .claim("aud", "other-api")
            .claim("sub", "lost")
            .claim("exp", T0.getEpochSecond() + 3600)
            .signHmac("HS256", SECRET),
        ErrorCode.AUDIENCE_MISMATCH);
    List<String> tokens = new ArrayList<>(expected.keySet());
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicLong answered = new AtomicLong();

    runConcurrently(
        16,
        1_000,
        () -> {
          String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
          Object want = expected.get(token);
          Object got;
          try {
            got = verifier.verify(token).subject().orElse(null);
          } catch (JwtVerificationException e) {
            got = e.code();
          }
          answered.incrementAndGet();
          if (!want.equals(got)) {
            wrong.add("expected " + want + ", got " + got);
          }
        });

    assertThat(answered).hasValue(16_000);
    assertThat(wrong).isEmpty();
  }

  // ---------------------------------------------------------------- rejections

  @Test
  public void rejectionCache_badSignatureRepeated_noSecondSignatureOperation() {
    AtomicInteger macs = new AtomicInteger();
    RecordingListener events = new RecordingListener();
    JwtVerifier verifier =
        builder(TestKeySources.countingHmac(SECRET, macs))
            .listener(events)
            .rejectionCache(newCache(100, ROOMY))
            .build();
    String forged = forged();

    assertThat(codeOf(verifier, forged)).isEqualTo(ErrorCode.BAD_SIGNATURE);
    assertThat(codeOf(verifier, forged)).isEqualTo(ErrorCode.BAD_SIGNATURE);

    assertThat(macs).hasValue(1);
    assertThat(events.count(CacheName.REJECTED_TOKENS, CacheEvent.HIT)).isEqualTo(1);
  }

  @Test
  public void rejectionCache_afterItsTtl_verifiedAgain() {
    AtomicInteger macs = new AtomicInteger();
    JwtVerifier verifier =
        builder(TestKeySources.countingHmac(SECRET, macs))
            .rejectionCache(newCache(100, ROOMY), Duration.ofSeconds(5))
            .build();
    String forged = forged();
    codeOf(verifier, forged);

    clock.set(T0.plusSeconds(4));
    assertThat(codeOf(verifier, forged)).isEqualTo(ErrorCode.BAD_SIGNATURE);
    assertThat(macs).hasValue(1);
    clock.set(T0.plusSeconds(5));
    assertThat(codeOf(verifier, forged)).isEqualTo(ErrorCode.BAD_SIGNATURE);

    assertThat(macs).hasValue(2);
  }

  @Test
  public void rejectionCache_notYetValid_notRememberedSoTheTokenLaterVerifies() {
    AtomicInteger macs = new AtomicInteger();
    JwtVerifier verifier =
        builder(TestKeySources.countingHmac(SECRET, macs))
            .rejectionCache(newCache(100, ROOMY))
            .build();
    String early =
        Tokens.token()
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "alice")
            .claim("nbf", T0.getEpochSecond() + 90)
            .claim("exp", T0.getEpochSecond() + 3600)
            .signHmac("HS256", SECRET);
    assertThat(codeOf(verifier, early)).isEqualTo(ErrorCode.NOT_YET_VALID);

    clock.set(T0.plusSeconds(31)); // nbf − leeway has passed

    assertThat(verifier.verify(early).subject()).contains("alice");
    assertThat(macs).hasValue(2);
  }

  @Test
  public void rejectionCache_jwksUnavailable_neverRemembered() {
    AtomicBoolean down = new AtomicBoolean(true);
    KeySource working = KeySources.hmacSecret(SECRET);
    KeySource flaky =
        () -> {
          if (down.get()) {
            throw new JwtVerificationException(ErrorCode.JWKS_UNAVAILABLE, "down (test)");
          }
          return working.keys();
        };
    JwtVerifier verifier = builder(flaky).rejectionCache(newCache(100, ROOMY)).build();
    String token = token("alice");
    assertThat(codeOf(verifier, token)).isEqualTo(ErrorCode.JWKS_UNAVAILABLE);

    down.set(false);

    assertThat(verifier.verify(token).subject()).contains("alice");
  }

  @Test
  public void rejectionCache_expiredRemembered_noSecondSignatureOperation() {
    AtomicInteger macs = new AtomicInteger();
    JwtVerifier verifier =
        builder(TestKeySources.countingHmac(SECRET, macs))
            .rejectionCache(newCache(100, ROOMY))
            .build();
    String late =
        Tokens.token()
            .claim("iss", ISSUER)
            .claim("aud", AUDIENCE)
            .claim("sub", "alice")
            .claim("exp", T0.getEpochSecond() - 120)
            .signHmac("HS256", SECRET);

    assertThat(codeOf(verifier, late)).isEqualTo(ErrorCode.EXPIRED);
    assertThat(codeOf(verifier, late)).isEqualTo(ErrorCode.EXPIRED);

    assertThat(macs).hasValue(1);
  }

  @Test
  public void rejectionCache_ttlAboveSixtySeconds_refused() {
    JwtVerifierBuilder builder = builder(KeySources.hmacSecret(SECRET));
    VerifiedTokenCache cache = newCache(100, ROOMY);

    assertThatThrownBy(() -> builder.rejectionCache(cache, Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.rejectionCache(cache, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- helpers

  private VerifiedTokenCache bound(VerifiedTokenCache cache) {
    cache.attach(binding());
    return cache;
  }

  private VerifiedTokenCache.Binding binding() {
    return new VerifiedTokenCache.Binding(CacheName.VERIFIED_TOKENS, clock, VerityListener.NONE);
  }

  private JwtVerifierBuilder builder(KeySource keys) {
    return JwtVerifier.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .algorithms(Algorithm.HS256)
        .keys(keys)
        .clock(clock);
  }

  private static String token(String subject) {
    return Tokens.token()
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("sub", subject)
        .claim("iat", T0.getEpochSecond())
        .claim("exp", T0.getEpochSecond() + 3600)
        .signHmac("HS256", SECRET);
  }

  private static String forged() {
    return Tokens.token()
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("sub", "mallory")
        .claim("exp", T0.getEpochSecond() + 3600)
        .signHmac("HS256", OTHER_SECRET);
  }

  private static String ecToken(String kid, KeyPair key) {
    return Tokens.token()
        .kid(kid)
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("sub", "alice")
        .claim("iat", T0.getEpochSecond())
        .claim("exp", T0.getEpochSecond() + 3600)
        .sign("ES256", key.getPrivate());
  }

  private static void publish(Object... kidAndKey) {
    String[] jwks = new String[kidAndKey.length / 2];
    for (int i = 0; i < jwks.length; i++) {
      jwks[i] =
          Tokens.publicJwk((KeyPair) kidAndKey[2 * i + 1], (String) kidAndKey[2 * i], Map.of());
    }
    server.stubFor(get("/jwks.json").willReturn(okJson(Tokens.jwks(jwks))));
  }

  private static JwkSet hmacSet(String kid, byte[] secret) {
    return JwkSet.parse(
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\""
            + kid
            + "\",\"k\":\""
            + Tokens.b64(secret)
            + "\"}]}");
  }

  /** A cache entry for {@code token}, from a verification without any cache. */
  private CachedToken entryFor(String token) {
    VerifiedJwt jwt = builder(KeySources.hmacSecret(SECRET)).build().verify(token);
    return CachedToken.verified(jwt, null, jwt.expiresAt().orElseThrow());
  }

  /** Distinct valid tokens of one length: the longest not over {@code length} characters. */
  private static List<String> tokensOfLength(int count, int length) {
    int padding = length * 3 / 4 - 200;
    String probe = paddedToken(0, padding);
    for (int i = 0; i < 20 && Math.abs(length - probe.length()) > 3; i++) {
      padding += (length - probe.length()) * 3 / 4;
      probe = paddedToken(0, padding);
    }
    while (probe.length() > length) {
      probe = paddedToken(0, --padding);
    }
    while (paddedToken(0, padding + 1).length() <= length) {
      padding++;
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(paddedToken(i, padding));
    }
    assertThat(tokens).allSatisfy(t -> assertThat(t).hasSize(tokens.get(0).length()));
    assertThat(tokens.get(0).length()).isGreaterThan(length - 4);
    return tokens;
  }

  private static String paddedToken(int i, int padding) {
    return Tokens.token()
        .claim("iss", ISSUER)
        .claim("aud", AUDIENCE)
        .claim("sub", String.format("user%05d", i))
        .claim("exp", T0.getEpochSecond() + 3600)
        .claim("pad", "x".repeat(padding))
        .signHmac("HS256", SECRET);
  }

  private static ErrorCode codeOf(JwtVerifier verifier, String token) {
    JwtVerificationException e =
        catchThrowableOfType(JwtVerificationException.class, () -> verifier.verify(token));
    assertThat(e).as("expected a rejection").isNotNull();
    assertThat(e.getMessage()).doesNotContain(token.split("\\.")[1]);
    return e.code();
  }

  private static void runConcurrently(int threads, int iterations, Runnable step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < iterations; i++) {
                    step.run();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A key source whose keys a test replaces, as a rotation would. */
  static final class SwappableKeySource implements KeySource {
    private final AtomicReference<KeySource> current;

    SwappableKeySource(KeySource initial) {
      this.current = new AtomicReference<>(initial);
    }

    void swap(KeySource next) {
      current.set(next);
    }

    @Override
    public JwkSet keys() {
      return current.get().keys();
    }
  }

  /** Counts cache events by cache and kind. */
  static final class RecordingListener implements VerityListener {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void cacheEvent(CacheName cache, CacheEvent event, long count) {
      counts.computeIfAbsent(cache + "/" + event, k -> new AtomicLong()).addAndGet(count);
    }

    long count(CacheName cache, CacheEvent event) {
      AtomicLong count = counts.get(cache + "/" + event);
      return count == null ? 0 : count.get();
    }
  }
}
