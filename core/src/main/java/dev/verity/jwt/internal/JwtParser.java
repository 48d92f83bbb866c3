package dev.verity.jwt.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwtVerificationException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses the JOSE header and the JWT claims set with the strict JSON configuration of {@link Json},
 * type-checking every member Verity acts on. Every failure is a {@code MALFORMED} rejection; no
 * other exception escapes for any input.
 */
public final class JwtParser {
  /** Largest NumericDate accepted: 9999-12-31T23:59:59Z. */
  public static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  private JwtParser() {}

  /** Parses a protected header from its decoded bytes (RFC 7515 §5.2 steps 2-5). */
  public static JoseHeader parseHeader(byte[] bytes) {
    String alg = null;
    String kid = null;
    String typ = null;
    String cty = null;
    boolean crit = false;
    boolean b64 = false;
    boolean jwe = false;
    try (JsonParser parser = open(bytes, "header")) {
      expectObjectStart(parser, "header");
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "alg":
            alg = string(parser, value, "header \"alg\"");
            break;
          case "kid":
            kid = string(parser, value, "header \"kid\"");
            break;
          case "typ":
            typ = string(parser, value, "header \"typ\"");
            break;
          case "cty":
            cty = string(parser, value, "header \"cty\"");
            break;
          case "crit":
            stringArray(parser, value, "header \"crit\"");
            crit = true;
            break;
          case "b64":
            b64 = true;
            skipValue(parser, value);
            break;
          case "enc":
          case "zip":
            jwe = true;
            skipValue(parser, value);
            break;
          default:
            skipValue(parser, value);
        }
      }
      expectEnd(parser, "header");
    } catch (IOException | RuntimeException e) {
      throw rethrowOrMalformed(e, "the header is not a valid JSON object");
    }
    if (alg == null) {
      throw Rejection.malformed("the header has no \"alg\"");
    }
    // Resolved once here: the header cache then spares every later token the lookup.
    Algorithm algorithm = Algorithm.fromJwaName(alg).orElse(null);
    return new JoseHeader(bytes, alg, algorithm, kid, typ, cty, crit, b64, jwe);
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
   * (this runs for every token; the header, parsed once per distinct header, keeps jackson).
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

  private static JsonParser open(byte[] bytes, String what) throws IOException {
    try {
      return Json.parser(bytes);
    } catch (IllegalArgumentException e) {
      throw Rejection.malformed("the " + what + " is not UTF-8 JSON text");
    }
  }

  /**
   * Skips a value that Verity does not act on, still refusing numbers no double can hold ({@code
   * 1e1000000}): such a value could only surprise whoever reads the claim later.
   */
  private static void skipValue(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      int depth = 1;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
          checkFinite(parser);
        } else if (token == null) {
          throw new IOException("unexpected end of input");
        }
      }
    } else if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      checkFinite(parser);
    }
  }

  private static void checkFinite(JsonParser parser) throws IOException {
    if (!Double.isFinite(parser.getDoubleValue())) {
      throw Rejection.malformed("a number is too large to represent");
    }
  }

  private static void expectObjectStart(JsonParser parser, String what) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw Rejection.malformed("the " + what + " is not a JSON object");
    }
  }

  // RFC 7515 §10.12: "{...}ABCD" or "{...}{}" is not one JSON object and MUST be refused.
  private static void expectEnd(JsonParser parser, String what) throws IOException {
    if (parser.nextToken() != null) {
      throw Rejection.malformed("the " + what + " has content after the JSON object");
    }
  }

  private static String string(JsonParser parser, JsonToken value, String what) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw Rejection.malformed(what + " is not a string");
    }
    return parser.getText();
  }

  private static List<String> stringArray(JsonParser parser, JsonToken value, String what)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw Rejection.malformed(what + " is not an array of strings");
    }
    List<String> items = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw Rejection.malformed(what + " is not an array of strings");
      }
      items.add(parser.getText());
    }
    return Collections.unmodifiableList(items);
  }
}
