package dev.verity.jwt.benchmarks;

import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import dev.verity.jwt.Algorithm;
import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.spi.VerifiedTokenCache;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verification throughput of Verity beside nimbus-jose-jwt, jose4j, auth0 java-jwt and jjwt, and
 * beside the floor: a bare JCA {@code Signature}/{@code Mac} over bytes decoded in advance, which
 * no JWT library can beat.
 *
 * <p>Methods are named {@code <library>_<alg>}. Every library gets the same token and keys ({@link
 * Fixture}), its idiomatic reusable verifier built once per trial ({@link Verifiers}), and the same
 * checks: signature, {@code iss}, {@code aud}, required {@code exp}. Each trial's setup first
 * proves that every verifier accepts the token and rejects a copy with a tampered signature, so
 * that no number here can come from a verifier that checks nothing. Results are returned, so JMH's
 * blackhole consumes them.
 *
 * <p>The annotations are defaults for a run by hand; {@code benchmarks/run.sh} passes its own
 * forks, iterations and times.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// A fixed, pre-touched heap for every library: with the JVM's default (a small initial heap that
// G1 grows during the run), allocation-heavy verifiers swung by ±25% between iterations of one
// fork while the allocation-free floor did not.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class VerifyBenchmark {

  /** Every library's verifier for one algorithm; shared by the threads of a trial. */
  public abstract static class Libraries {
    Fixture fixture;
    String token;
    JwtVerifier verity;
    JwtVerifier verityBc; // with BouncyCastleEngine, for ES256 and EdDSA
    ConfigurableJWTProcessor<SecurityContext> nimbus;
    Verifiers.NimbusEdDsa nimbusEdDsa;
    JwtConsumer jose4j;
    com.auth0.jwt.JWTVerifier auth0;
    JwtParser jjwt;

    void init(String algorithm) throws Exception {
      fixture = Fixture.of(algorithm);
      token = fixture.token;
      verity = Verifiers.verity(fixture);
      if (algorithm.equals("EdDSA")) {
        nimbusEdDsa = Verifiers.nimbusEdDsa(fixture);
      } else {
        nimbus = Verifiers.nimbus(fixture);
      }
      jose4j = Verifiers.jose4j(fixture);
      auth0 = Verifiers.auth0(fixture);
      jjwt = Verifiers.jjwt(fixture);

      check("verity", t -> verity.verify(t));
      if (algorithm.equals("ES256") || algorithm.equals("EdDSA")) {
        verityBc = Verifiers.verityBc(fixture);
        check("verityBc", t -> verityBc.verify(t));
        expectCode(verityBc, fixture.tampered, ErrorCode.BAD_SIGNATURE);
      }
      if (nimbusEdDsa != null) {
        check("nimbus", t -> nimbusEdDsa.process(t));
      } else {
        check("nimbus", t -> nimbus.process(t, null));
      }
      check("jose4j", t -> Verifiers.jose4jVerify(jose4j, t));
      if (auth0 != null) {
        check("auth0", t -> Verifiers.auth0Verify(auth0, t));
      }
      check("jjwt", t -> Verifiers.jjwtVerify(jjwt, t));

      expectCode(verity, fixture.tampered, ErrorCode.BAD_SIGNATURE);
      expectCode(verity, fixture.expired, ErrorCode.EXPIRED);
      expectCode(verity, fixture.malformed, ErrorCode.MALFORMED);
      VerifiedJwt jwt = verity.verify(token);
      if (!jwt.subject().equals(java.util.Optional.of(Fixture.SUBJECT))
          || !jwt.issuer().equals(java.util.Optional.of(Fixture.ISSUER))) {
        throw new IllegalStateException("verity read the wrong claims");
      }
    }

    private void check(String library, TokenCall call) {
      String what = library + " " + fixture.algorithm;
      try {
        if (call.verify(token) == null) {
          throw new IllegalStateException(what + " returned nothing for a valid token");
        }
      } catch (Exception e) {
        throw new IllegalStateException(what + " rejects a valid token", e);
      }
      for (String bad : new String[] {fixture.tampered, fixture.expired}) {
        Object result;
        try {
          result = call.verify(bad);
        } catch (Exception expected) {
          continue;
        }
        throw new IllegalStateException(what + " accepts a bad token: " + result);
      }
    }
  }

  /** A call that verifies a token with one library. */
  @FunctionalInterface
  interface TokenCall {
    Object verify(String token) throws Exception;
  }

  /** The floor for one algorithm: one JCA object per thread, initialised once. */
  public abstract static class Floor {
    Signature signature;
    Mac mac;
    byte[] out;
    byte[] input;
    byte[] sig;

    void init(String algorithm) throws GeneralSecurityException {
      Fixture fixture = Fixture.of(algorithm);
      input = fixture.signingInput;
      byte[] tampered =
          java.util.Base64.getUrlDecoder()
              .decode(fixture.tampered.substring(fixture.tampered.lastIndexOf('.') + 1));
      // The tampered check runs first, on objects then thrown away: a JCA object that has thrown
      // (Ed25519 throws on a signature that is no curve point) is not measured.
      sig = tampered;
      boolean acceptsTampered;
      try {
        prepare(fixture);
        acceptsTampered = verify();
      } catch (java.security.SignatureException rejected) {
        acceptsTampered = false;
      }
      if (acceptsTampered) {
        throw new IllegalStateException("the " + algorithm + " floor accepts a tampered one");
      }
      sig = fixture.signature;
      prepare(fixture);
      if (!verify()) {
        throw new IllegalStateException("the " + algorithm + " floor rejects the valid signature");
      }
    }

    private void prepare(Fixture fixture) throws GeneralSecurityException {
      if (fixture.isHmac()) {
        mac = Verifiers.floorMac(fixture);
        out = new byte[mac.getMacLength()];
      } else {
        signature = Verifiers.floorSignature(fixture);
      }
    }

    boolean verify() throws GeneralSecurityException {
      return mac != null
          ? Verifiers.floorVerify(mac, out, input, sig)
          : Verifiers.floorVerify(signature, input, sig);
    }
  }

  /** RS256 verifiers. */
  @State(Scope.Benchmark)
  public static class Rs256 extends Libraries {
    JwtVerifier verityOneMibTokens;
    String[] worstHeaders;
    int nextWorstHeader;

    /** Builds and checks every verifier. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
      init("RS256");
      verityOneMibTokens = Verifiers.verityOneMibTokens(fixture);
      worstHeaders = new String[64]; // four times the header cache's slots
      for (int i = 0; i < worstHeaders.length; i++) {
        worstHeaders[i] = Fixture.worstHeaderToken(token, i);
        expectCode(verityOneMibTokens, worstHeaders[i], ErrorCode.ALGORITHM_NOT_ALLOWED);
      }
      expectCode(verityOneMibTokens, "A" + worstHeaders[0], ErrorCode.MALFORMED); // one byte over
    }
  }

  /** Verity RS256 with core's verified-token cache, holding the fixture's token (issue 5). */
  @State(Scope.Benchmark)
  public static class Rs256Cached {
    String token;
    JwtVerifier verity;

    /** Builds the cached verifier and checks that a second verification is a hit. */
    @Setup(Level.Trial)
    public void setup() {
      Fixture fixture = Fixture.of("RS256");
      token = fixture.token;
      verity =
          JwtVerifier.builder()
              .issuer(Fixture.ISSUER)
              .audience(Fixture.AUDIENCE)
              .algorithms(Algorithm.RS256)
              .keys(KeySources.jwks(fixture.jwksJson))
              .tokenCache(VerifiedTokenCache.inMemory(10_000, 32 << 20))
              .build();
      VerifiedJwt first = verity.verify(token);
      if (verity.verify(token) != first) {
        throw new IllegalStateException("the token cache does not hit");
      }
      expectCode(verity, fixture.tampered, ErrorCode.BAD_SIGNATURE);
    }
  }

  /** PS256 verifiers. */
  @State(Scope.Benchmark)
  public static class Ps256 extends Libraries {
    /** Builds and checks every verifier. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
      init("PS256");
    }
  }

  /** ES256 verifiers. */
  @State(Scope.Benchmark)
  public static class Es256 extends Libraries {
    /** Builds and checks every verifier. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
      init("ES256");
    }
  }

  /** EdDSA (Ed25519) verifiers. */
  @State(Scope.Benchmark)
  public static class EdDsa extends Libraries {
    /** Builds and checks every verifier. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
      init("EdDSA");
    }
  }

  /** HS256 verifiers. */
  @State(Scope.Benchmark)
  public static class Hs256 extends Libraries {
    /** Builds and checks every verifier. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
      init("HS256");
    }
  }

  /** RS256 floor, per thread. */
  @State(Scope.Thread)
  public static class FloorRs256 extends Floor {
    /** Initialises and checks the floor. */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      init("RS256");
    }
  }

  /** PS256 floor, per thread. */
  @State(Scope.Thread)
  public static class FloorPs256 extends Floor {
    /** Initialises and checks the floor. */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      init("PS256");
    }
  }

  /** ES256 floor, per thread. */
  @State(Scope.Thread)
  public static class FloorEs256 extends Floor {
    /** Initialises and checks the floor. */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      init("ES256");
    }
  }

  /** EdDSA floor, per thread. */
  @State(Scope.Thread)
  public static class FloorEdDsa extends Floor {
    /** Initialises and checks the floor. */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      init("EdDSA");
    }
  }

  /** HS256 floor, per thread. */
  @State(Scope.Thread)
  public static class FloorHs256 extends Floor {
    /** Initialises and checks the floor. */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      init("HS256");
    }
  }

  static void expectCode(JwtVerifier verifier, String token, ErrorCode expected) {
    ErrorCode actual = rejection(verifier, token);
    if (actual != expected) {
      throw new IllegalStateException("verity answered " + actual + ", not " + expected);
    }
  }

  /** Verifies a token that must be rejected; returns the code (null if it was accepted). */
  static ErrorCode rejection(JwtVerifier verifier, String token) {
    try {
      verifier.verify(token);
      return null;
    } catch (JwtVerificationException e) {
      return e.code();
    }
  }

  // ---- RS256 ----

  /** Verity, RS256. */
  @Benchmark
  public VerifiedJwt verity_RS256(Rs256 s) {
    return s.verity.verify(s.token);
  }

  /** nimbus-jose-jwt, RS256. */
  @Benchmark
  public JWTClaimsSet nimbus_RS256(Rs256 s) throws Exception {
    return s.nimbus.process(s.token, null);
  }

  /** jose4j, RS256. */
  @Benchmark
  public JwtClaims jose4j_RS256(Rs256 s) throws Exception {
    return s.jose4j.processToClaims(s.token);
  }

  /** auth0 java-jwt, RS256. */
  @Benchmark
  public DecodedJWT auth0_RS256(Rs256 s) {
    return s.auth0.verify(s.token);
  }

  /** jjwt, RS256. */
  @Benchmark
  public Claims jjwt_RS256(Rs256 s) {
    return Verifiers.jjwtVerify(s.jjwt, s.token);
  }

  /** Bare {@code SHA256withRSA} verify. */
  @Benchmark
  public boolean floor_RS256(FloorRs256 f) throws GeneralSecurityException {
    return f.verify();
  }

  // ---- PS256 (auth0 java-jwt has none) ----

  /** Verity, PS256. */
  @Benchmark
  public VerifiedJwt verity_PS256(Ps256 s) {
    return s.verity.verify(s.token);
  }

  /** nimbus-jose-jwt, PS256. */
  @Benchmark
  public JWTClaimsSet nimbus_PS256(Ps256 s) throws Exception {
    return s.nimbus.process(s.token, null);
  }

  /** jose4j, PS256. */
  @Benchmark
  public JwtClaims jose4j_PS256(Ps256 s) throws Exception {
    return s.jose4j.processToClaims(s.token);
  }

  /** jjwt, PS256. */
  @Benchmark
  public Claims jjwt_PS256(Ps256 s) {
    return Verifiers.jjwtVerify(s.jjwt, s.token);
  }

  /** Bare {@code RSASSA-PSS} (SHA-256, MGF1-SHA-256, salt 32) verify. */
  @Benchmark
  public boolean floor_PS256(FloorPs256 f) throws GeneralSecurityException {
    return f.verify();
  }

  // ---- ES256 ----

  /** Verity, ES256. */
  @Benchmark
  public VerifiedJwt verity_ES256(Es256 s) {
    return s.verity.verify(s.token);
  }

  /** Verity with the optional Bouncy Castle engine (module verity-jwt-bouncycastle), ES256. */
  @Benchmark
  public VerifiedJwt verityBc_ES256(Es256 s) {
    return s.verityBc.verify(s.token);
  }

  /** nimbus-jose-jwt, ES256. */
  @Benchmark
  public JWTClaimsSet nimbus_ES256(Es256 s) throws Exception {
    return s.nimbus.process(s.token, null);
  }

  /** jose4j, ES256. */
  @Benchmark
  public JwtClaims jose4j_ES256(Es256 s) throws Exception {
    return s.jose4j.processToClaims(s.token);
  }

  /** auth0 java-jwt, ES256. */
  @Benchmark
  public DecodedJWT auth0_ES256(Es256 s) {
    return s.auth0.verify(s.token);
  }

  /** jjwt, ES256. */
  @Benchmark
  public Claims jjwt_ES256(Es256 s) {
    return Verifiers.jjwtVerify(s.jjwt, s.token);
  }

  /** Bare {@code SHA256withECDSAinP1363Format} verify. */
  @Benchmark
  public boolean floor_ES256(FloorEs256 f) throws GeneralSecurityException {
    return f.verify();
  }

  // ---- EdDSA / Ed25519 (auth0 java-jwt has none) ----

  /** Verity, EdDSA. */
  @Benchmark
  public VerifiedJwt verity_EdDSA(EdDsa s) {
    return s.verity.verify(s.token);
  }

  /** Verity with the optional Bouncy Castle engine (module verity-jwt-bouncycastle), EdDSA. */
  @Benchmark
  public VerifiedJwt verityBc_EdDSA(EdDsa s) {
    return s.verityBc.verify(s.token);
  }

  /** nimbus-jose-jwt, EdDSA (verified by Tink, not the JDK). */
  @Benchmark
  public JWTClaimsSet nimbus_EdDSA(EdDsa s) throws Exception {
    return s.nimbusEdDsa.process(s.token);
  }

  /** jose4j, EdDSA. */
  @Benchmark
  public JwtClaims jose4j_EdDSA(EdDsa s) throws Exception {
    return s.jose4j.processToClaims(s.token);
  }

  /** jjwt, EdDSA. */
  @Benchmark
  public Claims jjwt_EdDSA(EdDsa s) {
    return Verifiers.jjwtVerify(s.jjwt, s.token);
  }

  /** Bare JDK {@code Ed25519} verify. */
  @Benchmark
  public boolean floor_EdDSA(FloorEdDsa f) throws GeneralSecurityException {
    return f.verify();
  }

  // ---- HS256 ----

  /** Verity, HS256. */
  @Benchmark
  public VerifiedJwt verity_HS256(Hs256 s) {
    return s.verity.verify(s.token);
  }

  /** nimbus-jose-jwt, HS256. */
  @Benchmark
  public JWTClaimsSet nimbus_HS256(Hs256 s) throws Exception {
    return s.nimbus.process(s.token, null);
  }

  /** jose4j, HS256. */
  @Benchmark
  public JwtClaims jose4j_HS256(Hs256 s) throws Exception {
    return s.jose4j.processToClaims(s.token);
  }

  /** auth0 java-jwt, HS256. */
  @Benchmark
  public DecodedJWT auth0_HS256(Hs256 s) {
    return s.auth0.verify(s.token);
  }

  /** jjwt, HS256. */
  @Benchmark
  public Claims jjwt_HS256(Hs256 s) {
    return Verifiers.jjwtVerify(s.jjwt, s.token);
  }

  /** Bare {@code HmacSHA256} into a reused buffer and a constant-time compare. */
  @Benchmark
  public boolean floor_HS256(FloorHs256 f) throws GeneralSecurityException {
    return f.verify();
  }

  // ---- Verity's rejections: never slower than its acceptances ----

  /** Verity rejecting an RS256 token whose signature was tampered with. */
  @Benchmark
  public ErrorCode verity_reject_badSignature_RS256(Rs256 s) {
    return rejection(s.verity, s.fixture.tampered);
  }

  /** Verity rejecting a PS256 token whose signature was tampered with. */
  @Benchmark
  public ErrorCode verity_reject_badSignature_PS256(Ps256 s) {
    return rejection(s.verity, s.fixture.tampered);
  }

  /** Verity rejecting an ES256 token whose signature was tampered with. */
  @Benchmark
  public ErrorCode verity_reject_badSignature_ES256(Es256 s) {
    return rejection(s.verity, s.fixture.tampered);
  }

  /** Verity rejecting an EdDSA token whose signature was tampered with. */
  @Benchmark
  public ErrorCode verity_reject_badSignature_EdDSA(EdDsa s) {
    return rejection(s.verity, s.fixture.tampered);
  }

  /** Verity rejecting an HS256 token whose signature was tampered with. */
  @Benchmark
  public ErrorCode verity_reject_badSignature_HS256(Hs256 s) {
    return rejection(s.verity, s.fixture.tampered);
  }

  /** Verity rejecting a validly signed RS256 token that expired an hour ago. */
  @Benchmark
  public ErrorCode verity_reject_expired_RS256(Rs256 s) {
    return rejection(s.verity, s.fixture.expired);
  }

  /** Verity rejecting an RS256 token with a character outside base64url in its payload. */
  @Benchmark
  public ErrorCode verity_reject_malformed(Rs256 s) {
    return rejection(s.verity, s.fixture.malformed);
  }

  /**
   * Verity rejecting the most expensive header an unauthenticated caller can send (12 KiB, the
   * header's bound, of nested members and edge-of-range numbers, {@code alg: none} last) under a 1
   * MiB token limit. Compared with {@code verity_RS256}, an accepted token.
   */
  @Benchmark
  public ErrorCode verity_reject_worstHeader_RS256(Rs256 s) {
    int next = s.nextWorstHeader;
    s.nextWorstHeader = (next + 1) & 63;
    return rejection(s.verityOneMibTokens, s.worstHeaders[next]);
  }

  // ---- Two threads: one shared verifier, throughput summed over both threads ----

  /** Verity, RS256, two threads sharing one verifier. */
  @Benchmark
  @Threads(2)
  public VerifiedJwt verity_RS256_2threads(Rs256 s) {
    return s.verity.verify(s.token);
  }

  /** Verity, RS256, a verified-token cache hit (no signature operation). */
  @Benchmark
  public VerifiedJwt verity_cacheHit_RS256(Rs256Cached s) {
    return s.verity.verify(s.token);
  }

  /** Verity, RS256, a verified-token cache hit, two threads sharing one verifier and cache. */
  @Benchmark
  @Threads(2)
  public VerifiedJwt verity_cacheHit_RS256_2threads(Rs256Cached s) {
    return s.verity.verify(s.token);
  }

  /** Verity, HS256, two threads sharing one verifier. */
  @Benchmark
  @Threads(2)
  public VerifiedJwt verity_HS256_2threads(Hs256 s) {
    return s.verity.verify(s.token);
  }

  /** The RS256 floor on two threads, one {@code Signature} each. */
  @Benchmark
  @Threads(2)
  public boolean floor_RS256_2threads(FloorRs256 f) throws GeneralSecurityException {
    return f.verify();
  }

  /** The HS256 floor on two threads, one {@code Mac} each. */
  @Benchmark
  @Threads(2)
  public boolean floor_HS256_2threads(FloorHs256 f) throws GeneralSecurityException {
    return f.verify();
  }
}
