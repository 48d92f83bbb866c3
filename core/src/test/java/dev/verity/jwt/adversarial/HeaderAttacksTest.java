package dev.verity.jwt.adversarial;

import static dev.verity.jwt.adversarial.Fixtures.ATTACKER_RSA;
import static dev.verity.jwt.adversarial.Fixtures.RSA;
import static dev.verity.jwt.adversarial.Fixtures.parts;
import static dev.verity.jwt.adversarial.Fixtures.rs256;
import static dev.verity.jwt.adversarial.Fixtures.rsaVerifier;
import static dev.verity.jwt.adversarial.Fixtures.validClaims;
import static dev.verity.jwt.adversarial.Fixtures.validClaimsJson;
import static dev.verity.jwt.adversarial.RejectionAssert.assertAccepted;
import static dev.verity.jwt.adversarial.RejectionAssert.assertNotInMessage;
import static dev.verity.jwt.adversarial.RejectionAssert.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwkSet;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.testsupport.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests {@code threat36_} to {@code threat49_}: header parameters that must be refused ({@code
 * crit}, RFC 7515 §4.1.11; {@code b64}, RFC 7797; JWE members; nested JWTs), key-carrying
 * parameters that must be ignored ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}: RFC 8725
 * §3.10, CVE-2018-0114), hostile {@code kid}s (RFC 7515 §4.1.4: only a hint) and {@code typ}.
 * Tokens are signed by jose4j with the odd header member in place, so the signature is genuine and
 * the header alone decides.
 */
class HeaderAttacksTest {
  private final JwtVerifier verifier = rsaVerifier();

  @Test
  void control_trustedTokenWithHarmlessExtraHeader_verifies() {
    VerifiedJwt jwt =
        assertAccepted(
            verifier, validClaims().header("x-note", "hi").sign("RS256", RSA.getPrivate()));

    assertThat(jwt.keyId()).contains("k1");
  }

  // 36-38. crit (RFC 7515 §4.1.11): Verity understands no extension, and refuses odd lists.

  @Test
  void threat36_critUnknownExtensionPresent_unsupportedHeader() {
    String token =
        validClaims()
            .header("crit", List.of("http://example.com/UNDEFINED"))
            .header("http://example.com/UNDEFINED", true)
            .sign("RS256", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void threat36_critExtensionVerityMightSeemToKnow_unsupportedHeader() {
    String token =
        validClaims()
            .header("crit", List.of("exp"))
            .header("exp", 1)
            .sign("RS256", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void threat36_rfc7515AppendixEWithAlgNone_algorithmNotAllowed() {
    // RFC 7515 Appendix E uses alg none; the allow-list is checked before crit.
    String header =
        "{\"alg\":\"none\",\"crit\":[\"http://example.invalid/UNDEFINED\"],"
            + "\"http://example.invalid/UNDEFINED\":true}";
    String token = Tokens.b64(header) + "." + Tokens.b64(validClaimsJson()) + ".";

    assertRejected(verifier, token, ErrorCode.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"crit\":[]",
        "\"crit\":[\"alg\"]",
        "\"crit\":[\"kid\"]",
        "\"crit\":[\"absent\"]",
        "\"crit\":[\"x\",\"x\"],\"x\":1",
        "\"crit\":[\"crit\"]"
      })
  void threat37_critListProducersMustNotSend_unsupportedHeader(String members) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\"," + members + "}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.UNSUPPORTED_HEADER);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"crit\":\"b64\",\"b64\":false",
        "\"crit\":[1]",
        "\"crit\":null",
        "\"crit\":{}",
        "\"crit\":[\"x\",1],\"x\":1",
        "\"crit\":[[\"x\"]],\"x\":1"
      })
  void threat38_critNotAnArrayOfStrings_malformed(String members) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\"," + members + "}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  // 39. b64 (RFC 7797): a JWT payload is always base64url JSON.

  @Test
  void threat39_b64FalseWithCritMintedByJose4j_unsupportedHeader() {
    // jose4j signs the unencoded payload (RFC 7797 §3); it is chosen from the base64url alphabet
    // so the token passes the structure check and the header decides.
    String token =
        Tokens.token()
            .kid("k1")
            .header("b64", false)
            .header("crit", List.of("b64"))
            .rawPayload("PayloadWithOnlyAlphabetChars")
            .sign("RS256", RSA.getPrivate());
    assertThat(parts(token)[1]).isEqualTo("PayloadWithOnlyAlphabetChars");

    assertRejected(verifier, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"b64\":false,\"crit\":[\"b64\"]",
        "\"b64\":false",
        "\"b64\":true,\"crit\":[\"b64\"]",
        "\"b64\":true",
        "\"b64\":\"false\""
      })
  void threat39_b64OverEncodedClaims_unsupportedHeader(String members) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\"," + members + "}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void threat39_cookbookStyleUnencodedPayloadWithSpaces_unsupportedHeader() {
    // The RFC 7797 / cookbook compact form carries "This is the payload string!" verbatim. Its
    // spaces and '!' fail the charset check, but a decodable header with "b64" turns the answer
    // into UNSUPPORTED_HEADER (Verity supports no RFC 7797 b64), as the cookbook README expects.
    String header = Tokens.b64("{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}");
    String signingInput = header + ".This is the payload string!";
    String token = signingInput + "." + Fixtures.rs256SignatureOver(signingInput);

    assertRejected(verifier, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void threat12_spaceInPayloadWithoutB64_malformed() {
    String header = Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"k1\"}");
    String signingInput = header + ".This is the payload string!";
    String token = signingInput + "." + Fixtures.rs256SignatureOver(signingInput);

    assertRejected(verifier, token, ErrorCode.MALFORMED);
  }

  // 40-42. jwk, jku, x5u and x5c never select a key (RFC 8725 §3.10, CVE-2018-0114).

  @Test
  void threat40_embeddedAttackerJwkWithTrustedKid_badSignature() {
    String token =
        attackerToken("k1").header("jwk", attackerJwk()).sign("RS256", ATTACKER_RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat40_embeddedAttackerJwkWithoutKid_badSignature() {
    // The single trusted RSA key is the only candidate; the embedded key is not one.
    String token =
        Fixtures.claimsOnly().header("jwk", attackerJwk()).sign("RS256", ATTACKER_RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat40_embeddedAttackerJwkWithUnknownKid_keyNotFound() {
    String token =
        attackerToken("attacker")
            .header("jwk", attackerJwk())
            .sign("RS256", ATTACKER_RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.KEY_NOT_FOUND);
  }

  @Test
  void threat41_jkuAndX5uToRecordingServer_noRequestMade() throws IOException {
    try (RecordingServer server = RecordingServer.start(attackerJwksDocument())) {
      for (String member : new String[] {"jku", "x5u"}) {
        String withTrustedKid =
            attackerToken("k1")
                .header(member, server.url())
                .sign("RS256", ATTACKER_RSA.getPrivate());
        String withUnknownKid =
            attackerToken("attacker")
                .header(member, server.url())
                .sign("RS256", ATTACKER_RSA.getPrivate());

        assertRejected(verifier, withTrustedKid, ErrorCode.BAD_SIGNATURE);
        assertRejected(verifier, withUnknownKid, ErrorCode.KEY_NOT_FOUND);
      }

      assertThat(server.requests()).as("requests to the jku/x5u host").isZero();
    }
  }

  @Test
  void threat41_recordingServer_countsRequests() throws IOException {
    // Control: the recording server does see a request, so a zero count above means something.
    try (RecordingServer server = RecordingServer.start(attackerJwksDocument())) {
      try (InputStream in = java.net.URI.create(server.url()).toURL().openStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("attacker");
      }

      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void threat42_x5cSelfSignedCertificateWithTrustedKid_badSignature() {
    String token = attackerCertToken(validClaims());

    assertRejected(verifier, token, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat42_x5cSelfSignedCertificateWithoutKid_badSignature() {
    assertRejected(verifier, attackerCertToken(Fixtures.claimsOnly()), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void threat42_x5cSelfSignedCertificateWithUnknownKid_keyNotFound() {
    assertRejected(
        verifier,
        attackerCertToken(Fixtures.claimsOnly().kid("attacker")),
        ErrorCode.KEY_NOT_FOUND);
  }

  // 43-45. kid is an opaque lookup key, never a path, query or URL.

  @ParameterizedTest(name = "kid {0}")
  @ValueSource(
      strings = {
        "../../dev/null",
        "../../../../../../etc/passwd",
        "/dev/null",
        "' OR '1'='1",
        "k1' OR '1'='1",
        "k1\"; DROP TABLE keys; --",
        "*)(uid=*))(|(uid=*",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "k1\u0000",
        "\u0000",
        "k1 ",
        "K1",
        "k1/",
        "%6b1"
      })
  void threat43_hostileKid_keyNotFound(String kid) {
    // Signed by the trusted key: only an exact kid match may select it, and none matches.
    String token = validClaims().kid(kid).sign("RS256", RSA.getPrivate());

    JwtVerificationException rejection = assertRejected(verifier, token, ErrorCode.KEY_NOT_FOUND);
    if (kid.length() > 3) {
      assertNotInMessage(rejection, kid);
    }
  }

  @Test
  void threat43_tenKibKid_keyNotFound() {
    String kid = "k".repeat(10 * 1024);
    String token = validClaims().kid(kid).sign("RS256", RSA.getPrivate());
    assertThat(token.length()).isLessThanOrEqualTo(16 * 1024);

    JwtVerificationException rejection = assertRejected(verifier, token, ErrorCode.KEY_NOT_FOUND);
    assertNotInMessage(rejection, "kkkkkkkk");
  }

  @Test
  void threat43_kidPointingAtRecordingServer_noRequestMade() throws IOException {
    try (RecordingServer server = RecordingServer.start(attackerJwksDocument())) {
      String token = validClaims().kid(server.url()).sign("RS256", RSA.getPrivate());
      CountingKeySource counting = new CountingKeySource(KeySources.jwks(Fixtures.trustedJwks()));
      JwtVerifier counted = Fixtures.base().keys(counting).build();

      assertRejected(counted, token, ErrorCode.KEY_NOT_FOUND);
      assertRejected(verifier, token, ErrorCode.KEY_NOT_FOUND);
      assertThat(server.requests()).isZero();
      // The kid reaches the key source verbatim, as an opaque string.
      assertThat(counting.unknownKids()).containsOnly(server.url());
    }
  }

  @ParameterizedTest(name = "kid {0}")
  @ValueSource(strings = {"123", "{}", "[]", "[\"k1\"]", "null", "true", "1.5"})
  void threat44_kidNotAString_malformed(String kid) {
    String header = "{\"alg\":\"RS256\",\"kid\":" + kid + "}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @Test
  void threat45_thousandRandomKids_allKeyNotFound() {
    // Offline source: every unknown kid is KEY_NOT_FOUND and costs at most one keysForUnknownKid
    // call. The "at most one JWKS fetch per cooldown" half belongs to the remote JWKS source and
    // is tested there (dev.verity.jwt.jwks.UnknownKidFloodTest).
    CountingKeySource counting = new CountingKeySource(KeySources.jwks(Fixtures.trustedJwks()));
    JwtVerifier counted = Fixtures.base().keys(counting).build();
    Random random = new Random(45);
    String payload = Tokens.b64(validClaimsJson());
    byte[] signature = new byte[256];
    random.nextBytes(signature);

    for (int i = 0; i < 1000; i++) {
      String kid = Long.toHexString(random.nextLong()) + "-" + i;
      String token =
          Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}")
              + "."
              + payload
              + "."
              + Tokens.b64(signature);
      assertRejected(counted, token, ErrorCode.KEY_NOT_FOUND);
    }

    assertThat(counting.unknownKidCalls()).isLessThanOrEqualTo(1000);
    assertAccepted(counted, Fixtures.validRsaToken());
  }

  // 46. No kid: only the single eligible key may be used (policy: never try every key).

  @Test
  void threat46_noKidTwoEligibleKeys_keyNotFound() {
    JwtVerifier twoRsa =
        Fixtures.base().keys(KeySources.jwks(Tokens.jwksOf(List.of(RSA, ATTACKER_RSA)))).build();

    assertRejected(
        twoRsa, Fixtures.claimsOnly().sign("RS256", RSA.getPrivate()), ErrorCode.KEY_NOT_FOUND);
    assertRejected(
        twoRsa,
        Fixtures.claimsOnly().sign("RS256", ATTACKER_RSA.getPrivate()),
        ErrorCode.KEY_NOT_FOUND);
    assertAccepted(twoRsa, Fixtures.claimsOnly().kid("k0").sign("RS256", RSA.getPrivate()));
  }

  @Test
  void threat46_noKidExactlyOneKey_verifies() {
    assertAccepted(verifier, Fixtures.claimsOnly().sign("RS256", RSA.getPrivate()));
  }

  @Test
  void threat46_noKidOneEligibleAmongOthers_verifies() {
    // An EC key, an RSA key bound to PS256 and an RSA key for encryption are not eligible for
    // RS256, so the one remaining RSA key is the only candidate.
    JwtVerifier mixed =
        Fixtures.base()
            .keys(
                KeySources.jwks(
                    Tokens.jwks(
                        Tokens.publicJwk(Fixtures.EC256, "e1", Map.of()),
                        Tokens.publicJwk(ATTACKER_RSA, "ps", Map.of("alg", "PS256")),
                        Tokens.publicJwk(Tokens.rsa(2048), "enc", Map.of("use", "enc")),
                        Tokens.publicJwk(RSA, "k1", Map.of()))))
            .build();

    assertAccepted(mixed, Fixtures.claimsOnly().sign("RS256", RSA.getPrivate()));
  }

  // 47. typ at+jwt (RFC 9068 §4, RFC 7515 §4.1.9).

  private static JwtVerifier accessTokenVerifier() {
    return Fixtures.base().keys(KeySources.jwks(Fixtures.trustedJwks())).accessTokenType().build();
  }

  @ParameterizedTest(name = "typ {0}")
  @ValueSource(
      strings = {"JWT", "jwt", "application/jwt", "at+jwt ", "at+jw", "at", "+jwt", "id+jwt"})
  void threat47_wrongTyp_typeMismatch(String typ) {
    String token = validClaims().header("typ", typ).sign("RS256", RSA.getPrivate());

    assertRejected(accessTokenVerifier(), token, ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void threat47_noTyp_typeMismatch() {
    assertRejected(accessTokenVerifier(), Fixtures.validRsaToken(), ErrorCode.TYPE_MISMATCH);
  }

  @ParameterizedTest(name = "typ {0}")
  @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT", "Application/AT+JWT", "aT+jWt"})
  void threat47_accessTokenTypInAnyCase_verifies(String typ) {
    String token = validClaims().header("typ", typ).sign("RS256", RSA.getPrivate());

    assertThat(assertAccepted(accessTokenVerifier(), token).type()).contains(typ);
  }

  @ParameterizedTest(name = "typ {0}")
  @ValueSource(strings = {"123", "[\"at+jwt\"]", "{}", "null", "true"})
  void threat47_typNotAString_malformed(String typ) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":" + typ + "}";

    assertRejected(accessTokenVerifier(), rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @Test
  void threat47_wrongTypWithForgedSignature_badSignature() {
    // typ is judged with the claims, after the signature (CVE-2024-51744).
    String token = validClaims().header("typ", "JWT").sign("RS256", ATTACKER_RSA.getPrivate());

    assertRejected(accessTokenVerifier(), token, ErrorCode.BAD_SIGNATURE);
  }

  // 48-49. Nested JWTs and JWE members in a JWS header.

  @ParameterizedTest(name = "cty {0}")
  @ValueSource(strings = {"JWT", "jwt", "application/JWT", "application/jwt"})
  void threat48_nestedJwtCty_unsupportedHeader(String cty) {
    String token = validClaims().header("cty", cty).sign("RS256", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void threat48_ctyNotAString_malformed() {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"cty\":[\"JWT\"]}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"zip\":\"DEF\"",
        "\"enc\":\"A256GCM\"",
        "\"enc\":\"A128CBC-HS256\",\"zip\":\"DEF\"",
        "\"zip\":null",
        "\"enc\":1"
      })
  void threat49_jweMemberInJwsHeader_unsupportedHeader(String members) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\"," + members + "}";

    assertRejected(verifier, rs256(header, validClaimsJson()), ErrorCode.UNSUPPORTED_HEADER);
  }

  @Test
  void threat49_zipMintedByJose4j_unsupportedHeader() {
    String token = validClaims().header("zip", "DEF").sign("RS256", RSA.getPrivate());

    assertRejected(verifier, token, ErrorCode.UNSUPPORTED_HEADER);
  }

  // Helpers.

  private static Tokens.Builder attackerToken(String kid) {
    return Fixtures.claimsOnly().kid(kid);
  }

  private static Map<String, Object> attackerJwk() {
    try {
      return PublicJsonWebKey.Factory.newPublicJwk(ATTACKER_RSA.getPublic())
          .toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String attackerJwksDocument() {
    return Tokens.jwks(Tokens.publicJwk(ATTACKER_RSA, "attacker", Map.of()));
  }

  /**
   * Signs with the private key of the committed self-signed certificate (generated once with {@code
   * openssl req -x509 -newkey rsa:2048 -nodes -days 36500}; a test key, not a secret) and puts that
   * certificate in {@code x5c}.
   */
  private static String attackerCertToken(Tokens.Builder claims) {
    X509Certificate certificate = attackerCertificate();
    String x5c;
    try {
      x5c = Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return claims.header("x5c", List.of(x5c)).sign("RS256", attackerCertificateKey());
  }

  private static X509Certificate attackerCertificate() {
    try (InputStream in = resource("attacker-self-signed.cert.pem")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey attackerCertificateKey() {
    try (InputStream in = resource("attacker-self-signed.key.pem")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String body =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = HeaderAttacksTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  /** A key source that counts how often the verifier asks it about an unknown kid. */
  private static final class CountingKeySource implements KeySource {
    private final KeySource delegate;
    private final AtomicInteger unknownKidCalls = new AtomicInteger();
    private final List<String> unknownKids = new ArrayList<>();

    CountingKeySource(KeySource delegate) {
      this.delegate = delegate;
    }

    @Override
    public JwkSet keys() {
      return delegate.keys();
    }

    @Override
    public synchronized JwkSet keysForUnknownKid(String kid) {
      unknownKidCalls.incrementAndGet();
      unknownKids.add(kid);
      return delegate.keysForUnknownKid(kid);
    }

    int unknownKidCalls() {
      return unknownKidCalls.get();
    }

    synchronized List<String> unknownKids() {
      return List.copyOf(unknownKids);
    }
  }

  /**
   * A loopback HTTP server that answers every connection with a JWKS and counts connections. It is
   * a plain {@link ServerSocket} (java.base), so any TCP connection counts, not just well-formed
   * HTTP requests; the count is taken before the response is written.
   */
  private static final class RecordingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    private RecordingServer(ServerSocket socket, byte[] body) {
      this.socket = socket;
      this.acceptor = new Thread(() -> serve(body), "recording-server");
      acceptor.setDaemon(true);
    }

    static RecordingServer start(String body) throws IOException {
      ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      RecordingServer server = new RecordingServer(socket, body.getBytes(StandardCharsets.UTF_8));
      server.acceptor.start();
      return server;
    }

    private void serve(byte[] body) {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          requests.incrementAndGet();
          BufferedReader reader =
              new BufferedReader(
                  new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
          for (String line = reader.readLine();
              line != null && !line.isEmpty();
              line = reader.readLine()) {
            // Read the request head; its content does not matter.
          }
          OutputStream out = connection.getOutputStream();
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        } catch (IOException e) {
          // Closed by close(), or a client that went away; keep serving until closed.
        }
      }
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/jwks.json";
    }

    int requests() {
      return requests.get();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
