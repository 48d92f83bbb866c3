package dev.verity.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testing.JwsForge;
import dev.verity.jwt.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties over many generated inputs: no single-bit change of a valid token is accepted, and no
 * input, however odd, makes {@code validate} throw or {@code verify} throw anything but a {@link
 * JwtVerificationException}.
 */
class PropertiesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://issuer.example.com";
  private static final String AUD = "orders-api";
  private static final KeyPair RSA = Tokens.rsa(2048);
  private static final KeyPair EC = Tokens.ec("secp256r1");
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private static final JwtVerifier VERIFIER =
      JwtVerifier.builder()
          .issuer(ISS)
          .audience(AUD)
          .algorithms(Algorithm.RS256, Algorithm.ES256, Algorithm.HS256)
          .keys(
              KeySources.jwks(
                  Tokens.jwks(
                      Tokens.publicJwk(RSA, "rsa", Map.of()),
                      Tokens.publicJwk(EC, "ec", Map.of()),
                      "{\"kty\":\"oct\",\"kid\":\"hs\",\"k\":\"" + Tokens.b64(SECRET) + "\"}")))
          .clock(InstantSource.fixed(NOW))
          .build();

  /** Waives every claim rule, so that fuzzed claims reach as much of the parser as possible. */
  private static final JwtVerifier LENIENT =
      JwtVerifier.builder()
          .anyIssuer()
          .anyAudience()
          .allowMissingExpiration()
          .algorithms(Algorithm.HS256)
          .keys(KeySources.hmacSecret(SECRET))
          .clock(InstantSource.fixed(NOW))
          .build();

  private static final JwtVerifier ROUTER =
      JwtVerifier.multiIssuer()
          .route(
              JwtVerifier.builder()
                  .issuer(ISS)
                  .anyAudience()
                  .algorithms(Algorithm.HS256)
                  .keys(KeySources.hmacSecret(SECRET))
                  .clock(InstantSource.fixed(NOW))
                  .build())
          .build();

  private static Tokens.Builder claims(String kid) {
    return Tokens.token()
        .kid(kid)
        .claim("iss", ISS)
        .claim("aud", AUD)
        .claim("sub", "alice")
        .claim("exp", NOW.getEpochSecond() + 300);
  }

  private static final String RS256 = claims("rsa").sign("RS256", RSA.getPrivate());
  private static final String ES256 = claims("ec").sign("ES256", EC.getPrivate());
  private static final String HS256 = claims("hs").signHmac("HS256", SECRET);

  // ---- (a) no single-bit flip of a valid token is accepted ----

  @Example
  void baselineTokens_areValid() {
    assertThat(VERIFIER.validate(RS256).isValid()).isTrue();
    assertThat(VERIFIER.validate(ES256).isValid()).isTrue();
    assertThat(VERIFIER.validate(HS256).isValid()).isTrue();
  }

  private static void assertFlipRejected(String token, int position) {
    int index = position / 8;
    int bit = position % 8;
    char flipped = (char) (token.charAt(index) ^ (1 << bit));
    String mutated = token.substring(0, index) + flipped + token.substring(index + 1);
    if (mutated.equals(token)) {
      return;
    }
    VerificationResult result = VERIFIER.validate(mutated);

    assertThat(result.isValid()).as("flip of bit %d of char %d", bit, index).isFalse();
    assertThat(result.errorCode()).isPresent();
  }

  @Provide
  Arbitrary<Integer> rs256Positions() {
    return Arbitraries.integers().between(0, RS256.length() * 8 - 1);
  }

  @Provide
  Arbitrary<Integer> es256Positions() {
    return Arbitraries.integers().between(0, ES256.length() * 8 - 1);
  }

  @Provide
  Arbitrary<Integer> hs256Positions() {
    return Arbitraries.integers().between(0, HS256.length() * 8 - 1);
  }

  @Property(tries = 1000)
  void singleBitFlip_rs256Token_rejected(@ForAll("rs256Positions") int position) {
    assertFlipRejected(RS256, position);
  }

  @Property(tries = 300)
  void singleBitFlip_es256Token_rejected(@ForAll("es256Positions") int position) {
    assertFlipRejected(ES256, position);
  }

  @Property(tries = 1000)
  void singleBitFlip_hs256Token_rejected(@ForAll("hs256Positions") int position) {
    assertFlipRejected(HS256, position);
  }

  // ---- (b) arbitrary strings never make validate throw ----

  private static void assertRejectedQuietly(JwtVerifier verifier, String input) {
    VerificationResult result = verifier.validate(input);

    assertThat(result.isValid()).isFalse();
    assertThat(result.errorCode()).isPresent();
  }

  @Provide
  Arbitrary<String> anyUnicode() {
    return Arbitraries.strings().all().ofMaxLength(400);
  }

  @Provide
  Arbitrary<String> base64UrlAndDots() {
    return Arbitraries.strings().withChars(BASE64URL + "..").ofMaxLength(400);
  }

  @Provide
  Arbitrary<String> threeSegments() {
    Arbitrary<String> segment = Arbitraries.strings().withChars(BASE64URL).ofMaxLength(120);
    return Combinators.combine(segment, segment, segment).as((h, p, s) -> h + "." + p + "." + s);
  }

  @Property(tries = 500)
  void validate_arbitraryUnicode_rejectsWithCode(@ForAll("anyUnicode") String input) {
    assertRejectedQuietly(VERIFIER, input);
    assertRejectedQuietly(ROUTER, input);
  }

  @Property(tries = 500)
  void validate_base64UrlAlphabetAndDots_rejectsWithCode(@ForAll("base64UrlAndDots") String input) {
    assertRejectedQuietly(VERIFIER, input);
    assertRejectedQuietly(ROUTER, input);
  }

  @Property(tries = 500)
  void validate_threeBase64UrlSegments_rejectsWithCode(@ForAll("threeSegments") String input) {
    assertRejectedQuietly(VERIFIER, input);
    assertRejectedQuietly(ROUTER, input);
  }

  // ---- (c) JSON-ish headers and payloads never escape as anything but a rejection ----

  private static final List<String> JSON_FRAGMENTS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ":",
          ",",
          "\"",
          "\\",
          " ",
          "\n",
          "\"alg\"",
          "\"RS256\"",
          "\"HS256\"",
          "\"none\"",
          "\"kid\"",
          "\"hs\"",
          "\"typ\"",
          "\"crit\"",
          "\"b64\"",
          "\"cty\"",
          "\"enc\"",
          "\"iss\"",
          "\"aud\"",
          "\"sub\"",
          "\"exp\"",
          "\"nbf\"",
          "\"iat\"",
          "\"jti\"",
          "\"scope\"",
          "\"scp\"",
          "\"client_id\"",
          "\"token_use\"",
          "\"cognito:groups\"",
          "\"" + ISS + "\"",
          "true",
          "false",
          "null",
          "0",
          "-1",
          "1.5",
          "1e400",
          "-0",
          "9223372036854775808",
          "1767225900",
          "NaN",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"é\"",
          "\"\\u00e9\"",
          "//",
          "/*",
          "'x'",
          "\uFEFF",
          "\u0000",
          "{\"alg\":\"HS256\"}",
          "{\"iss\":\"" + ISS + "\"}");

  @Provide
  Arbitrary<byte[]> jsonish() {
    Arbitrary<byte[]> fragments =
        Arbitraries.of(JSON_FRAGMENTS)
            .list()
            .ofMaxSize(40)
            .map(list -> String.join("", list).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, fragments), net.jqwik.api.Tuple.of(1, raw));
  }

  private static void assertOnlyRejections(JwtVerifier verifier, String token) {
    try {
      VerifiedJwt jwt = verifier.verify(token);
      // Accepted (possible with the lenient verifier): the lazy views agree with the typed ones.
      assertThat(jwt.header()).containsEntry("alg", jwt.algorithm().jwaName());
      assertThat(jwt.claims().get("iss")).isEqualTo(jwt.issuer().orElse(null));
      assertThat(jwt.claims().get("sub")).isEqualTo(jwt.subject().orElse(null));
      assertThat(jwt.toString()).doesNotContain(jwt.claimsJson());
    } catch (JwtVerificationException e) {
      // A rejection: one code, a message, no stack trace (cheap to throw), no token material.
      assertThat(e.code()).isIn((Object[]) ErrorCode.values());
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.getStackTrace()).isEmpty();
      for (String segment : token.split("\\.")) {
        if (segment.length() >= 8) {
          assertThat(e.getMessage()).doesNotContain(segment);
        }
      }
    }
  }

  @Property(tries = 1000)
  void verify_fuzzedHeaderAndPayload_onlyRejections(
      @ForAll("jsonish") byte[] header,
      @ForAll("jsonish") byte[] payload,
      @ForAll("jsonish") byte[] signature) {
    String token = Tokens.b64(header) + "." + Tokens.b64(payload) + "." + Tokens.b64(signature);

    assertOnlyRejections(VERIFIER, token);
    assertOnlyRejections(LENIENT, token);
    assertOnlyRejections(ROUTER, token);
  }

  @Property(tries = 1000)
  void verify_fuzzedHeaderWithValidMac_onlyRejections(@ForAll("jsonish") byte[] header) {
    // The MAC is right, so whatever the header parser lets through reaches signature checking.
    String token =
        JwsForge.hmacToken(
            header,
            ("{\"iss\":\"" + ISS + "\"}").getBytes(StandardCharsets.UTF_8),
            "HmacSHA256",
            SECRET);

    assertOnlyRejections(LENIENT, token);
    assertOnlyRejections(ROUTER, token);
  }

  @Property(tries = 1000)
  void verify_fuzzedPayloadWithValidMac_onlyRejections(@ForAll("jsonish") byte[] payload) {
    // A valid MAC over a fuzzed payload: the claims parser sees every generated payload.
    String token =
        JwsForge.hmacToken(
            "{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8), payload, "HmacSHA256", SECRET);

    assertOnlyRejections(LENIENT, token);
    assertOnlyRejections(ROUTER, token);
  }
}
