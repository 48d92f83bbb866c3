package dev.verity.jwt.internal;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwtVerificationException;
import java.time.Instant;
import java.util.List;

/**
 * Parses the JOSE header and the JWT claims set with one strict reader ({@link JsonObjectReader}),
 * type-checking every member Verity acts on. Every failure is a {@code MALFORMED} rejection; no
 * other exception escapes for any input.
 */
public final class JwtParser {
  /** Largest NumericDate accepted: 9999-12-31T23:59:59Z. */
  public static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  private JwtParser() {}

  /**
   * Largest decoded protected header accepted, in bytes (12 KiB). A header is read before anything
   * is authenticated, so its cost is bounded on its own, whatever the token limit: real headers are
   * under 200 bytes, one with an {@code x5c} chain of three certificates under 8 KiB, and a 10 KiB
   * {@code kid} still fits (it is then simply not found).
   */
  public static final int MAX_HEADER_BYTES = 12 * 1024;

  /**
   * Longest header segment that can decode to at most {@link #MAX_HEADER_BYTES}: 4 base64url
   * characters per 3 bytes. Checked before decoding, so an oversized header costs no decoding.
   */
  static final int MAX_HEADER_SEGMENT_CHARS = (MAX_HEADER_BYTES * 4 + 2) / 3;

  private static final JsonObjectReader.Options HEADER =
      JsonObjectReader.Options.of("alg", "kid", "typ", "cty", "crit", "b64", "enc", "zip");

  /**
   * Parses a protected header from its decoded bytes (RFC 7515 §5.2 steps 2-5) with the same strict
   * reader as the claims: members Verity does not act on are skipped by their syntax alone, so no
   * part of an unauthenticated header costs more than reading its bytes.
   */
  public static JoseHeader parseHeader(byte[] bytes) {
    if (bytes.length > MAX_HEADER_BYTES) {
      throw headerTooLarge();
    }
    String alg = null;
    String kid = null;
    String typ = null;
    String cty = null;
    boolean crit = false;
    boolean b64 = false;
    boolean jwe = false;
    try {
      JsonObjectReader reader = new JsonObjectReader(bytes, "header", HEADER);
      while (reader.nextMember()) {
        switch (reader.memberIndex()) {
          case 0:
            alg = reader.readString("header \"alg\"");
            break;
          case 1:
            kid = reader.readString("header \"kid\"");
            break;
          case 2:
            typ = reader.readString("header \"typ\"");
            break;
          case 3:
            cty = reader.readString("header \"cty\"");
            break;
          case 4:
            reader.readStrings("header \"crit\"", false);
            crit = true;
            break;
          case 5:
            b64 = true;
            reader.skipValue();
            break;
          case 6:
          case 7:
            jwe = true;
            reader.skipValue();
            break;
          default:
            reader.skipValue();
        }
      }
    } catch (RuntimeException e) {
      throw rethrowOrMalformed(e, "the header is not a valid JSON object");
    }
    if (alg == null) {
      throw Rejection.malformed("the header has no \"alg\"");
    }
    // Resolved once here: the header cache then spares every later token the lookup.
    Algorithm algorithm = Algorithm.fromJwaName(alg).orElse(null);
    return new JoseHeader(bytes, alg, algorithm, kid, typ, cty, crit, b64, jwe);
  }

  static JwtVerificationException headerTooLarge() {
    return Rejection.malformed("the header is larger than " + MAX_HEADER_BYTES + " bytes");
  }

  private static final JsonObjectReader.Options CLAIMS =
      JsonObjectReader.Options.of(
          "iss",
          "sub",
          "aud",
          "exp",
          "nbf",
          "iat",
          "jti",
          "scope",
          "scp",
          "client_id",
          "token_use",
          "cognito:groups");

  /**
   * Parses a claims set from its decoded bytes, with the allocation-light {@link JsonObjectReader}
   * (this runs for every token).
   *
   * @param requiredClaims names whose presence is recorded in {@link Claims#requiredPresent()}; at
   *     most 64
   */
  public static Claims parseClaims(byte[] bytes, List<String> requiredClaims) {
    String iss = null;
    String sub = null;
    List<String> aud = null;
    Instant exp = null;
    Instant nbf = null;
    Instant iat = null;
    String jti = null;
    String scope = null;
    List<String> scp = null;
    String clientId = null;
    String tokenUse = null;
    List<String> groups = null;
    long present = 0;
    try {
      JsonObjectReader reader = new JsonObjectReader(bytes, "claims set", CLAIMS);
      while (reader.nextMember()) {
        if (!requiredClaims.isEmpty() && !reader.valueIsNull()) {
          for (int i = 0; i < requiredClaims.size(); i++) {
            if (reader.nameEquals(requiredClaims.get(i))) {
              present |= 1L << i;
              break;
            }
          }
        }
        switch (reader.memberIndex()) {
          case 0:
            iss = reader.readString("\"iss\"");
            break;
          case 1:
            sub = reader.readString("\"sub\"");
            break;
          case 2:
            aud = reader.readStrings("\"aud\"", true);
            break;
          case 3:
            exp = reader.readNumericDate("\"exp\"", MAX_NUMERIC_DATE);
            break;
          case 4:
            nbf = reader.readNumericDate("\"nbf\"", MAX_NUMERIC_DATE);
            break;
          case 5:
            iat = reader.readNumericDate("\"iat\"", MAX_NUMERIC_DATE);
            break;
          case 6:
            jti = reader.readString("\"jti\"");
            break;
          case 7:
            scope = reader.readString("\"scope\"");
            break;
          case 8:
            scp = reader.readStrings("\"scp\"", true);
            break;
          case 9:
            clientId = reader.readString("\"client_id\"");
            break;
          case 10:
            tokenUse = reader.readString("\"token_use\"");
            break;
          case 11:
            groups = reader.readStrings("\"cognito:groups\"", false);
            break;
          default:
            reader.skipValue();
        }
      }
    } catch (RuntimeException e) {
      throw rethrowOrMalformed(e, "the claims set is not a valid JSON object");
    }
    return new Claims(
        bytes, iss, sub, aud, exp, nbf, iat, jti, scope, scp, clientId, tokenUse, groups, present);
  }

  // Our own rejections pass through; anything the JSON parser throws becomes MALFORMED, so no
  // parse failure can surface as an unchecked crash (CVE-2019-17195).
  private static JwtVerificationException rethrowOrMalformed(Exception e, String message) {
    if (e instanceof JwtVerificationException) {
      return (JwtVerificationException) e;
    }
    return Rejection.malformed(message);
  }

  /**
   * Reads only {@code iss} from a claims set, to route a token to its issuer's verifier before the
   * signature can be checked: the JSON must be one object under the usual limits, and {@code iss},
   * if present, a string; no other claim is judged here (that waits for the signature).
   *
   * @return the issuer, or null when the claims set has none
   */
  public static String peekIssuer(byte[] bytes) {
    String iss = null;
    try {
      JsonObjectReader reader = new JsonObjectReader(bytes, "claims set", CLAIMS);
      while (reader.nextMember()) {
        if (reader.memberIndex() == 0) {
          iss = reader.readString("\"iss\"");
        } else {
          reader.skipValue();
        }
      }
    } catch (RuntimeException e) {
      throw rethrowOrMalformed(e, "the claims set is not a valid JSON object");
    }
    return iss;
  }
}
