package dev.verity.jwt.benchmarks;

import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.caffeine.CaffeineVerifiedTokenCache;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.spi.VerifiedTokenCache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verified-token cache on its hot path (budget, docs/caching.md: a hit under 200 ns, zero
 * signature operations, about zero bytes allocated). A hit still checks that the key that verified
 * the token is the one the key source selects, re-checks {@code exp}/{@code nbf}/{@code iat}
 * against the clock, and reports the hit to the listener.
 *
 * <p>{@code verity_cacheHit_*} present the same token {@code String} instance every time, so its
 * hash code is cached: that measures the cache itself. A server builds a new {@code String} for
 * each request, whose hash the lookup computes once (linear in the token's length); {@code
 * verity_cacheHit_RS256_freshString} measures that, and its allocation is the copy of the token
 * made by the benchmark, not by Verity. {@code verity_noCache_RS256} is the full verification the
 * cache saves.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TokenCacheBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenCacheBenchmark {
  private static final String ISSUER = "https://issuer.example.com";
  private static final String AUDIENCE = "orders-api";

  private String token;
  private char[] tokenChars;
  private JwtVerifier inMemory;
  private JwtVerifier caffeine;
  private JwtVerifier uncached;

  /** Mints one RS256 token with the JCA (not with Verity) and fills both caches with it. */
  @Setup
  public void setUp() throws Exception {
    JcaRs256Token minted = JcaRs256Token.mint(ISSUER, AUDIENCE, "orders:read orders:write");
    token = minted.token();
    String jwks = minted.jwks();
    tokenChars = token.toCharArray();

    KeySource keys = KeySources.jwks(jwks);
    inMemory = verifier(keys).tokenCache(VerifiedTokenCache.inMemory(10_000, 32 << 20)).build();
    caffeine =
        verifier(keys).tokenCache(CaffeineVerifiedTokenCache.create(10_000, 32 << 20)).build();
    uncached = verifier(keys).build();
    VerifiedJwt first = inMemory.verify(token);
    if (inMemory.verify(token) != first || !first.subject().orElse("").equals("alice")) {
      throw new IllegalStateException("the in-memory cache does not hit");
    }
    VerifiedJwt second = caffeine.verify(token);
    if (caffeine.verify(token) != second) {
      throw new IllegalStateException("the Caffeine cache does not hit");
    }
  }

  private static dev.verity.jwt.JwtVerifierBuilder verifier(KeySource keys) {
    return JwtVerifier.builder().issuer(ISSUER).audience(AUDIENCE).keys(keys);
  }

  /** A hit in core's in-memory cache, one thread. */
  @Benchmark
  public VerifiedJwt verity_cacheHit_RS256() {
    return inMemory.verify(token);
  }

  /** A hit in core's in-memory cache, two threads on the same token and cache. */
  @Benchmark
  @Threads(2)
  public VerifiedJwt verity_cacheHit_RS256_2threads() {
    return inMemory.verify(token);
  }

  /** A hit in the Caffeine cache, one thread. */
  @Benchmark
  public VerifiedJwt verity_cacheHit_RS256_caffeine() {
    return caffeine.verify(token);
  }

  /** A hit in the Caffeine cache, two threads. */
  @Benchmark
  @Threads(2)
  public VerifiedJwt verity_cacheHit_RS256_caffeine_2threads() {
    return caffeine.verify(token);
  }

  /** A hit for a token in a new String, as each request brings (the copy is the allocation). */
  @Benchmark
  public VerifiedJwt verity_cacheHit_RS256_freshString() {
    return inMemory.verify(new String(tokenChars));
  }

  /** The full verification a hit saves: RS256 signature and claims. */
  @Benchmark
  public VerifiedJwt verity_noCache_RS256() {
    return uncached.verify(token);
  }
}
