package dev.verity.jwt.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.bouncycastle.BouncyCastleEngine;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.text.ParseException;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Each library's idiomatic reusable verifier for a {@link Fixture}, configured for the same checks:
 * the signature with the fixture's key (from its JWK Set where the library reads one), {@code iss},
 * {@code aud}, a required {@code exp} with 60 s of leeway, and the one algorithm allowed.
 */
final class Verifiers {
  private Verifiers() {}

  /** Verity: a JWK Set (HS256: the raw secret), issuer, audience; exp is required by default. */
  static JwtVerifier verity(Fixture f) {
    return verityBuilder(f).build();
  }

  /**
   * Verity as {@link #verity}, accepting tokens of up to 1 MiB (the header keeps its own bound).
   */
  static JwtVerifier verityOneMibTokens(Fixture f) {
    return verityBuilder(f).maxTokenBytes(1 << 20).build();
  }

  /** Verity as {@link #verity}, with the optional module's {@link BouncyCastleEngine}. */
  static JwtVerifier verityBc(Fixture f) {
    return verityBuilder(f).signatureEngine(BouncyCastleEngine.create()).build();
  }

  private static JwtVerifierBuilder verityBuilder(Fixture f) {
    return JwtVerifier.builder()
        .issuer(Fixture.ISSUER)
        .audience(Fixture.AUDIENCE)
        .algorithms(Algorithm.fromJwaName(f.algorithm).orElseThrow())
        .keys(f.isHmac() ? KeySources.hmacSecret(f.secret) : KeySources.jwks(f.jwksJson));
  }

  /**
   * nimbus-jose-jwt: a {@link DefaultJWTProcessor} with a key selector over an immutable JWK Set
   * and the default claims verifier with exact {@code iss}, required {@code aud} and required
   * {@code exp}.
   */
  static ConfigurableJWTProcessor<SecurityContext> nimbus(Fixture f) throws ParseException {
    // HS256 too comes from a JWK Set (an oct key with the token's kid): nimbus's ImmutableSecret
    // makes a key without kid, which its key selector will not match to a token that names one.
    JWKSource<SecurityContext> keys = new ImmutableJWKSet<>(JWKSet.parse(f.jwksJson));
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.parse(f.algorithm), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            Fixture.AUDIENCE,
            new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(),
            Set.of("exp"));
    claims.setMaxClockSkew(Fixture.LEEWAY_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  /**
   * nimbus-jose-jwt for EdDSA. nimbus's key selectors hand the processor {@code java.security}
   * keys, and nimbus exports no Ed25519 JWK as one ({@code OctetKeyPair.toPublicKey()} is
   * unsupported), so {@link DefaultJWTProcessor} finds no key for an EdDSA token. nimbus's
   * documented way is an {@link Ed25519Verifier} (Tink inside) on the parsed {@link SignedJWT},
   * then the same claims verifier as {@link #nimbus}.
   */
  static NimbusEdDsa nimbusEdDsa(Fixture f) throws ParseException, JOSEException {
    OctetKeyPair key = (OctetKeyPair) JWKSet.parse(f.jwksJson).getKeys().get(0);
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            Fixture.AUDIENCE,
            new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(),
            Set.of("exp"));
    claims.setMaxClockSkew(Fixture.LEEWAY_SECONDS);
    return new NimbusEdDsa(new Ed25519Verifier(key), claims);
  }

  /** nimbus's EdDSA verification: reusable and thread-safe, like the processor. */
  static final class NimbusEdDsa {
    private final Ed25519Verifier verifier;
    private final DefaultJWTClaimsVerifier<SecurityContext> claims;

    NimbusEdDsa(Ed25519Verifier verifier, DefaultJWTClaimsVerifier<SecurityContext> claims) {
      this.verifier = verifier;
      this.claims = claims;
    }

    /** Parses, verifies the signature, then the claims; throws on any failure. */
    JWTClaimsSet process(String token) throws ParseException, JOSEException, BadJWTException {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm())) {
        throw new JOSEException("unexpected algorithm");
      }
      if (!jwt.verify(verifier)) {
        throw new JOSEException("bad signature");
      }
      JWTClaimsSet set = jwt.getJWTClaimsSet();
      claims.verify(set, null);
      return set;
    }
  }

  /** jose4j: a {@link JwtConsumer} with a JWKS key resolver (HS256: an {@link HmacKey}). */
  static JwtConsumer jose4j(Fixture f) throws JoseException {
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(Fixture.LEEWAY_SECONDS)
            .setExpectedIssuer(Fixture.ISSUER)
            .setExpectedAudience(Fixture.AUDIENCE)
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, f.algorithm);
    if (f.isHmac()) {
      builder.setVerificationKey(new HmacKey(f.secret));
    } else {
      builder.setVerificationKeyResolver(
          new JwksVerificationKeyResolver(new JsonWebKeySet(f.jwksJson).getJsonWebKeys()));
    }
    return builder.build();
  }

  /**
   * auth0 java-jwt: a {@code JWTVerifier} over the one key (java-jwt reads no JWK Set; its JWKS
   * client is a separate library). java-jwt has no PS256 and no EdDSA: {@code null} for those.
   */
  static com.auth0.jwt.JWTVerifier auth0(Fixture f) {
    com.auth0.jwt.algorithms.Algorithm algorithm;
    switch (f.algorithm) {
      case "RS256":
        algorithm = com.auth0.jwt.algorithms.Algorithm.RSA256((RSAPublicKey) f.publicKey, null);
        break;
      case "ES256":
        algorithm = com.auth0.jwt.algorithms.Algorithm.ECDSA256((ECPublicKey) f.publicKey, null);
        break;
      case "HS256":
        algorithm = com.auth0.jwt.algorithms.Algorithm.HMAC256(f.secret);
        break;
      default:
        return null;
    }
    return JWT.require(algorithm)
        .withIssuer(Fixture.ISSUER)
        .withAudience(Fixture.AUDIENCE)
        .withClaimPresence("exp")
        .acceptLeeway(Fixture.LEEWAY_SECONDS)
        .build();
  }

  /**
   * jjwt: a {@link JwtParser} verifying with the one key, requiring {@code iss} and {@code aud};
   * jjwt checks {@code exp} when present but cannot require it, so {@link #jjwtVerify} does.
   */
  static JwtParser jjwt(Fixture f) {
    var builder = Jwts.parser();
    if (f.isHmac()) {
      builder.verifyWith(Keys.hmacShaKeyFor(f.secret));
    } else {
      builder.verifyWith(f.publicKey);
    }
    return builder
        .requireIssuer(Fixture.ISSUER)
        .requireAudience(Fixture.AUDIENCE)
        .clockSkewSeconds(Fixture.LEEWAY_SECONDS)
        .build();
  }

  /** Verifies with jjwt and requires {@code exp}, as the other libraries are configured to. */
  static Claims jjwtVerify(JwtParser parser, String token) {
    Claims claims = parser.parseSignedClaims(token).getPayload();
    if (claims.getExpiration() == null) {
      throw new IllegalArgumentException("no exp");
    }
    return claims;
  }

  /** auth0 returns the decoded token; kept as a named method for symmetry with the others. */
  static DecodedJWT auth0Verify(com.auth0.jwt.JWTVerifier verifier, String token) {
    return verifier.verify(token);
  }

  /** jose4j verification to claims. */
  static JwtClaims jose4jVerify(JwtConsumer consumer, String token) throws Exception {
    return consumer.processToClaims(token);
  }

  /**
   * The floor: a bare JCA {@link Signature} for the fixture's algorithm, initialised once with the
   * public key; each {@code update}+{@code verify} leaves it ready for the next one.
   */
  static Signature floorSignature(Fixture f) throws GeneralSecurityException {
    Signature signature;
    switch (f.algorithm) {
      case "RS256":
        signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(f.publicKey);
        break;
      case "PS256":
        signature = Signature.getInstance("RSASSA-PSS");
        signature.initVerify(f.publicKey);
        signature.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        break;
      case "ES256":
        // JWS carries R || S (RFC 7518 §3.4), which is the P1363 format: no DER re-encoding.
        signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initVerify(f.publicKey);
        break;
      case "EdDSA":
        signature = Signature.getInstance("Ed25519");
        signature.initVerify(f.publicKey);
        break;
      default:
        throw new IllegalArgumentException("no signature floor for " + f.algorithm);
    }
    return signature;
  }

  /** The HS256 floor: a bare JCA {@link Mac} initialised once with the secret. */
  static Mac floorMac(Fixture f) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(f.secret, "HmacSHA256"));
    return mac;
  }

  /** One floor verification of a signature. */
  static boolean floorVerify(Signature signature, byte[] input, byte[] sig)
      throws GeneralSecurityException {
    signature.update(input);
    return signature.verify(sig);
  }

  /** One floor verification of a MAC, into a reused buffer, compared in constant time. */
  static boolean floorVerify(Mac mac, byte[] out, byte[] input, byte[] sig)
      throws GeneralSecurityException {
    mac.update(input);
    mac.doFinal(out, 0);
    return MessageDigest.isEqual(out, sig);
  }
}
