package dev.verity.jwt.benchmarks;

import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.JwkProviderBuilder;
import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.RemoteJwksBuilder;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * One cold-start child of {@link ColdStart}: {@code ColdStartChild <library> <jwks-url> <token>}
 * verifies the token once, the library's documented way with its own JWKS client, prints {@code
 * verified <sub>}, then {@code classes <total loaded>}, and exits.
 *
 * <p>Each library lives in its own nested class, and this class calls them only by static
 * invocation, so that the JVM's verifier has no reason to load one library's classes in another's
 * run.
 */
public final class ColdStartChild {
  private ColdStartChild() {}

  /** Verifies once and reports; exits non-zero (with the exception) if verification fails. */
  public static void main(String[] args) throws Exception {
    String library = args[0];
    String url = args[1];
    String token = args[2];
    String subject;
    switch (library) {
      case "baseline":
        subject = "-";
        break;
      case "verity":
        subject = VerityChild.verify(url, token);
        break;
      case "nimbus":
        subject = NimbusChild.verify(url, token);
        break;
      case "jose4j":
        subject = Jose4jChild.verify(url, token);
        break;
      case "auth0":
        subject = Auth0Child.verify(url, token);
        break;
      case "jjwt":
        subject = JjwtChild.verify(url, token);
        break;
      default:
        throw new IllegalArgumentException("unknown library " + library);
    }
    PrintStream stdout = System.out;
    stdout.println("verified " + subject);
    stdout.flush();
    // Counted after "verified", so the management classes this loads stay outside the timing;
    // they are in every count alike, the baseline's included.
    long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    stdout.println("classes " + classes);
    stdout.flush();
    System.exit(0);
  }

  /** Verity: a remote JWKS source (plain http allowed, to loopback only, when the URL is http). */
  static final class VerityChild {
    static String verify(String url, String token) {
      RemoteJwksBuilder keys = KeySources.remoteJwksBuilder(URI.create(url));
      if (url.startsWith("http:")) {
        keys.allowHttpToLoopback();
      }
      JwtVerifier verifier =
          JwtVerifier.builder()
              .issuer(Fixture.ISSUER)
              .audience(Fixture.AUDIENCE)
              .keys(keys.build())
              .build();
      return verifier.verify(token).subject().orElseThrow();
    }
  }

  /** nimbus-jose-jwt: {@link JWKSourceBuilder} defaults (cache, rate limit, retry). */
  static final class NimbusChild {
    static String verify(String url, String token) throws Exception {
      JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(url)).build();
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
      processor.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(
              Fixture.AUDIENCE,
              new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(),
              Set.of("exp")));
      return processor.process(token, null).getSubject();
    }
  }

  /** jose4j: {@link HttpsJwks} with its verification key resolver. */
  static final class Jose4jChild {
    static String verify(String url, String token) throws Exception {
      JwtConsumer consumer =
          new JwtConsumerBuilder()
              .setRequireExpirationTime()
              .setExpectedIssuer(Fixture.ISSUER)
              .setExpectedAudience(Fixture.AUDIENCE)
              .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(url)))
              .build();
      return consumer.processToClaims(token).getSubject();
    }
  }

  /** auth0: java-jwt fetches no keys; its docs pair it with auth0's JWKS client, jwks-rsa. */
  static final class Auth0Child {
    static String verify(String url, String token) throws Exception {
      JwkProvider provider = new JwkProviderBuilder(new URL(url)).build();
      DecodedJWT decoded = JWT.decode(token);
      RSAPublicKey key = (RSAPublicKey) provider.get(decoded.getKeyId()).getPublicKey();
      return JWT.require(com.auth0.jwt.algorithms.Algorithm.RSA256(key, null))
          .withIssuer(Fixture.ISSUER)
          .withAudience(Fixture.AUDIENCE)
          .withClaimPresence("exp")
          .build()
          .verify(decoded)
          .getSubject();
    }
  }

  /**
   * jjwt fetches no keys either: the JDK's URL connection (as jose4j and nimbus use), jjwt's own
   * JWK Set parser, and a key locator by {@code kid}.
   */
  static final class JjwtChild {
    static String verify(String url, String token) throws Exception {
      String json;
      try (InputStream in = new URL(url).openStream()) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      JwkSet set = Jwks.setParser().build().parse(json);
      LocatorAdapter<Key> locator =
          new LocatorAdapter<>() {
            @Override
            protected Key locate(JwsHeader header) {
              for (Jwk<?> jwk : set) {
                if (jwk.getId() != null && jwk.getId().equals(header.getKeyId())) {
                  return jwk.toKey();
                }
              }
              return null;
            }
          };
      io.jsonwebtoken.Claims claims =
          Jwts.parser()
              .keyLocator(locator)
              .requireIssuer(Fixture.ISSUER)
              .requireAudience(Fixture.AUDIENCE)
              .build()
              .parseSignedClaims(token)
              .getPayload();
      if (claims.getExpiration() == null) {
        throw new IllegalStateException("no exp");
      }
      return claims.getSubject();
    }
  }
}
