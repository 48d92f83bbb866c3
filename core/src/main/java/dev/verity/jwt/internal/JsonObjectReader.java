package dev.verity.jwt.internal;

import dev.verity.jwt.JwtVerificationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pull reader over one JSON object held as UTF-8 bytes: the claims set of every token Verity
 * verifies. Not thread-safe; one instance reads one document.
 *
 * <p>It accepts exactly the strict JSON of {@link Json}, and never more: RFC 8259 grammar only,
 * strict UTF-8 (no overlong forms, no encoded surrogates, no byte-order mark), duplicate member
 * names refused in every object (RFC 7519 §4), nesting, number, name and document lengths bounded,
 * numbers no double can hold refused. It exists because a jackson parser costs about 400 ns and 900
 * bytes to set up per document, more than an HMAC over the whole token; this reader allocates only
 * the values it is asked for. A differential test holds it to jackson's verdicts.
 *
 * <p>Usage: {@link #nextMember()} until false, switching on {@link #memberIndex()}; after each
 * member, exactly one value method ({@link #readString}, {@link #readStrings}, {@link
 * #readNumericDate} or {@link #skipValue}). Every failure is a {@code MALFORMED} rejection whose
 * message names no part of the input.
 */
final class JsonObjectReader {
  private static final int MAX_DOCUMENT_BYTES = 1 << 20;
  private static final int MAX_NAME_BYTES = 1 << 14;
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final byte[] json;
  private final String what;
  private final Options known;
  private long knownSeen; // bit i: known name i has occurred
  private Names otherNames; // the other top-level names, made at the first one
  private int pos;
  private boolean firstMember = true;

  // The string scanned last: [stringStart, stringEnd) between the quotes.
  private int stringStart;
  private int stringEnd;
  private boolean stringEscaped;
  private boolean stringNonAscii;

  // The current top-level member's name, and its decoded form once asked for.
  private int nameStart;
  private int nameEnd;
  private boolean nameEscaped;
  private String decodedName;
  private int nameIndex;

  /**
   * Opens a reader positioned before the object's first member.
   *
   * @param what what the document is, for messages ("claims set")
   * @param known the member names the caller acts on; {@link #memberIndex()} reports them
   */
  JsonObjectReader(byte[] json, String what, Options known) {
    this(json, what, known, true);
  }

  private JsonObjectReader(byte[] json, String what, Options known, boolean objectOnly) {
    this.json = json;
    this.what = what;
    this.known = known;
    if (json.length > MAX_DOCUMENT_BYTES) {
      throw malformed("is too large");
    }
    skipWhitespace();
    if (!objectOnly) {
      return;
    }
    if (pos >= json.length || json[pos] != '{') {
      throw Rejection.malformed("the " + what + " is not a JSON object");
    }
    pos++;
  }

  private static final Options NO_NAMES = Options.of();

  /**
   * Reads a whole document, whatever its top-level value, into plain Java values under the same
   * rules as every other read: {@code Map} (insertion-ordered), {@code List}, {@code String},
   * {@code Boolean}, {@code Number} ({@code Integer}, {@code Long} or {@code BigInteger} for
   * integers, {@code Double} for the rest) and {@code null}; collections unmodifiable.
   *
   * @throws JwtVerificationException {@code MALFORMED} when the bytes are not one JSON value within
   *     the limits
   */
  static Object readDocument(byte[] json, String what) {
    JsonObjectReader reader = new JsonObjectReader(json, what, NO_NAMES, false);
    Object value = reader.readValue(0);
    reader.expectEndOfDocument();
    return value;
  }

  private Object readValue(int depth) {
    byte first = peek();
    switch (first) {
      case '"':
        scanString();
        return decode(stringStart, stringEnd, stringEscaped, stringNonAscii);
      case '{':
        return readObject(depth + 1);
      case '[':
        return readArray(depth + 1);
      case 't':
        expectLiteral(TRUE);
        return Boolean.TRUE;
      case 'f':
        expectLiteral(FALSE);
        return Boolean.FALSE;
      case 'n':
        expectLiteral(NULL);
        return null;
      default:
        if (first != '-' && (first < '0' || first > '9')) {
          throw malformed("has a value that is not JSON");
        }
        return readNumber();
    }
  }

  private Map<String, Object> readObject(int depth) {
    checkDepth(depth);
    pos++;
    skipWhitespace();
    Map<String, Object> members = new LinkedHashMap<>();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      readName(null);
      String name = decode(stringStart, stringEnd, stringEscaped, true);
      if (members.containsKey(name)) {
        throw malformed("has a duplicate member name");
      }
      members.put(name, readValue(depth));
      skipWhitespace();
      byte separator = peek();
      pos++;
      if (separator == '}') {
        return Collections.unmodifiableMap(members);
      }
      if (separator != ',') {
        throw malformed("lacks a ',' or '}' after a member");
      }
      skipWhitespace();
    }
  }

  private List<Object> readArray(int depth) {
    checkDepth(depth);
    pos++;
    skipWhitespace();
    List<Object> items = new ArrayList<>();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      items.add(readValue(depth));
      skipWhitespace();
      byte separator = peek();
      pos++;
      if (separator == ']') {
        return Collections.unmodifiableList(items);
      }
      if (separator != ',') {
        throw malformed("lacks a ',' or ']' in an array");
      }
      skipWhitespace();
    }
  }

  /** Reads a number as jackson's {@code getNumberValue} types it; doubles must be finite. */
  private Number readNumber() {
    int start = pos;
    boolean integer = scanNumber();
    String text = new String(json, start, pos - start, StandardCharsets.ISO_8859_1);
    if (!integer) {
      if (!fitsDouble(start, pos)) {
        throw Rejection.malformed("a number is too large to represent");
      }
      return Double.parseDouble(text);
    }
    BigInteger value = new BigInteger(text);
    if (value.bitLength() < 32) {
      return value.intValue();
    }
    if (value.bitLength() < 64) {
      return value.longValue();
    }
    return value;
  }

  /**
   * Moves to the next top-level member and reads its name; returns false once the object has ended,
   * after checking that nothing but white space follows it (RFC 7515 §10.12).
   */
  boolean nextMember() {
    skipWhitespace();
    if (firstMember) {
      firstMember = false;
      if (peek() == '}') {
        pos++;
        expectEndOfDocument();
        return false;
      }
    } else {
      byte separator = peek();
      pos++;
      if (separator == '}') {
        expectEndOfDocument();
        return false;
      }
      if (separator != ',') {
        throw malformed("lacks a ',' or '}' after a member");
      }
      skipWhitespace();
    }
    readName(null);
    nameStart = stringStart;
    nameEnd = stringEnd;
    nameEscaped = stringEscaped;
    decodedName = null;
    nameIndex = nameIndex(known);
    // Duplicates (RFC 7519 §4): a known name by its bit, exactly, whatever its escapes; the others
    // by their bytes or decoded form. A known name never equals another, so the two never meet.
    if (nameIndex >= 0) {
      long bit = 1L << nameIndex;
      if ((knownSeen & bit) != 0) {
        throw malformed("has a duplicate member name");
      }
      knownSeen |= bit;
    } else {
      if (otherNames == null) {
        otherNames = new Names();
      }
      otherNames.add(this, nameStart, nameEnd, nameEscaped);
    }
    return true;
  }

  /** Returns the index of the current member's name in the known names, or -1 for another name. */
  int memberIndex() {
    return nameIndex;
  }

  /**
   * Returns the index in {@code options} of the current member's name, or -1. Names without escapes
   * (all real ones) are matched on their bytes, without allocating.
   */
  private int nameIndex(Options options) {
    if (nameEscaped) {
      return options.names.indexOf(name());
    }
    int length = nameEnd - nameStart;
    if (length == 0) {
      return -1;
    }
    // Only the names that start with the same byte are compared (at most three for the claims).
    for (int i : options.byFirstByte[json[nameStart] & 0xFF]) {
      byte[] candidate = options.bytes[i];
      if (candidate.length == length && sameBytes(json, nameStart, candidate, 0, length)) {
        return i;
      }
    }
    return -1;
  }

  /** Returns whether the current member's name is {@code name}. */
  boolean nameEquals(String name) {
    if (nameEscaped) {
      return name().equals(name);
    }
    int length = nameEnd - nameStart;
    if (name.length() == length) {
      // Same length in chars and bytes: equal only if every char is the ASCII byte.
      for (int i = 0; i < length; i++) {
        if (json[nameStart + i] != name.charAt(i)) {
          return false;
        }
      }
      return true;
    }
    // UTF-8 never has fewer bytes than UTF-16 has chars.
    if (length < name.length()) {
      return false;
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return Arrays.equals(json, nameStart, nameEnd, utf8, 0, utf8.length);
  }

  /** Returns the current member's name, decoded. */
  String name() {
    if (decodedName == null) {
      decodedName = decode(nameStart, nameEnd, nameEscaped, true);
    }
    return decodedName;
  }

  /** Returns whether the current value is the literal {@code null} (without consuming it). */
  boolean valueIsNull() {
    return peek() == 'n';
  }

  /** Returns whether the current value is a string (without consuming it). */
  boolean valueIsString() {
    return peek() == '"';
  }

  /** Reads a string value; anything else is rejected as "{@code label} is not a string". */
  String readString(String label) {
    if (peek() != '"') {
      throw Rejection.malformed(label + " is not a string");
    }
    scanString();
    return decode(stringStart, stringEnd, stringEscaped, stringNonAscii);
  }

  /**
   * Reads an array of strings as an unmodifiable list; with {@code singleAllowed}, a lone string is
   * read as a list of one (RFC 7519 §4.1.3 {@code aud}).
   */
  List<String> readStrings(String label, boolean singleAllowed) {
    if (singleAllowed && peek() == '"') {
      return List.of(readString(label));
    }
    if (peek() != '[') {
      throw Rejection.malformed(label + " is not an array of strings");
    }
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return List.of();
    }
    List<String> items = new ArrayList<>(4);
    while (true) {
      if (peek() != '"') {
        throw Rejection.malformed(label + " is not an array of strings");
      }
      items.add(readString(label));
      skipWhitespace();
      byte separator = peek();
      pos++;
      if (separator == ']') {
        return Collections.unmodifiableList(items);
      }
      if (separator != ',') {
        throw malformed("lacks a ',' or ']' in an array");
      }
      skipWhitespace();
    }
  }

  /**
   * Reads a NumericDate (RFC 7519 §2): a JSON number of seconds, possibly fractional, bounded to
   * [0, {@code maxSeconds}] so that no arithmetic on it can overflow.
   */
  Instant readNumericDate(String label, long maxSeconds) {
    byte first = peek();
    if (first != '-' && (first < '0' || first > '9')) {
      throw Rejection.malformed(label + " is not a NumericDate number");
    }
    int start = pos;
    boolean integer = scanNumber();
    if (integer) {
      boolean negative = json[start] == '-';
      int digits = pos - start - (negative ? 1 : 0);
      if (digits > 18) {
        throw Rejection.malformed(label + " is outside the NumericDate range");
      }
      long seconds = 0;
      for (int i = negative ? start + 1 : start; i < pos; i++) {
        seconds = seconds * 10 + (json[i] - '0');
      }
      if ((negative && seconds != 0) || seconds > maxSeconds) {
        throw Rejection.malformed(label + " is outside the NumericDate range");
      }
      return Instant.ofEpochSecond(seconds);
    }
    // The range is judged on the exact decimal, before any rounding: 253402300799.0000001 is a
    // double equal to the maximum, but the number is above it. BigDecimal construction and
    // comparison are bounded for 32 characters whatever the exponent (no arithmetic is done).
    BigDecimal exact =
        new BigDecimal(new String(json, start, pos - start, StandardCharsets.ISO_8859_1));
    if (exact.signum() < 0 || exact.compareTo(BigDecimal.valueOf(maxSeconds)) > 0) {
      throw Rejection.malformed(label + " is outside the NumericDate range");
    }
    // A double holds any NumericDate in range to within a microsecond.
    double seconds = parseDouble(start, pos);
    long whole = (long) Math.floor(seconds);
    long nanos = Math.min(999_999_999L, Math.round((seconds - whole) * 1e9));
    return Instant.ofEpochSecond(whole, nanos);
  }

  /** Checks and skips the current value, whatever it is (depth 1 is the top-level object). */
  void skipValue() {
    skipValue(1);
  }

  private void skipValue(int depth) {
    byte first = peek();
    switch (first) {
      case '"':
        scanString();
        break;
      case '{':
        skipObject(depth + 1);
        break;
      case '[':
        skipArray(depth + 1);
        break;
      case 't':
        expectLiteral(TRUE);
        break;
      case 'f':
        expectLiteral(FALSE);
        break;
      case 'n':
        expectLiteral(NULL);
        break;
      default:
        if (first != '-' && (first < '0' || first > '9')) {
          throw malformed("has a value that is not JSON");
        }
        skipNumber();
    }
  }

  private void skipObject(int depth) {
    checkDepth(depth);
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    Names names = new Names();
    while (true) {
      readName(names);
      skipValue(depth);
      skipWhitespace();
      byte separator = peek();
      pos++;
      if (separator == '}') {
        return;
      }
      if (separator != ',') {
        throw malformed("lacks a ',' or '}' after a member");
      }
      skipWhitespace();
    }
  }

  private void skipArray(int depth) {
    checkDepth(depth);
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      skipValue(depth);
      skipWhitespace();
      byte separator = peek();
      pos++;
      if (separator == ']') {
        return;
      }
      if (separator != ',') {
        throw malformed("lacks a ',' or ']' in an array");
      }
      skipWhitespace();
    }
  }

  private void checkDepth(int depth) {
    if (depth > Json.MAX_DEPTH) {
      throw malformed("is nested too deeply");
    }
  }

  /** Skips a number, refusing one no double can hold ({@code 1e1000000}). */
  private void skipNumber() {
    int start = pos;
    boolean integer = scanNumber();
    // At most 32 characters without an exponent is below 1e32: only an exponent can overflow.
    if (!integer && !fitsDouble(start, pos)) {
      throw Rejection.malformed("a number is too large to represent");
    }
  }

  /**
   * The first digits of the smallest decimal that rounds to infinity, (2^1024 − 2^970) =
   * 1.797...e308 (IEEE 754 round-half-even): a number of at most 31 significant digits is finite as
   * a double exactly when its digits, padded, do not exceed these at exponent 308.
   */
  private static final byte[] OVERFLOW_DIGITS =
      "17976931348623158079372897140530".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * Returns whether the scanned number {@code [start, end)} is finite as a double, by its syntax
   * alone: skipped values cost no conversion, so a document of numbers costs what its bytes cost.
   */
  private boolean fitsDouble(int start, int end) {
    int i = json[start] == '-' ? start + 1 : start;
    int firstSignificant = -1; // index of the first non-zero mantissa digit
    int intDigitsAfterIt = 0; // integer-part digits from firstSignificant on
    int fractionZeros = 0; // fraction zeros before firstSignificant, when it is in the fraction
    boolean inFraction = false;
    for (; i < end && json[i] != 'e' && json[i] != 'E'; i++) {
      byte c = json[i];
      if (c == '.') {
        inFraction = true;
      } else if (firstSignificant < 0 && c == '0') {
        if (inFraction) {
          fractionZeros++;
        }
      } else {
        if (firstSignificant < 0) {
          firstSignificant = i;
        }
        if (!inFraction) {
          intDigitsAfterIt++;
        }
      }
    }
    if (firstSignificant < 0) {
      return true; // zero, whatever its exponent
    }
    long exponent = 0;
    if (i < end) {
      i++; // 'e'
      boolean negative = json[i] == '-';
      if (json[i] == '-' || json[i] == '+') {
        i++;
      }
      for (; i < end; i++) {
        exponent = Math.min(exponent * 10 + (json[i] - '0'), 1_000_000L);
      }
      if (negative) {
        exponent = -exponent;
      }
    }
    // The value is d.ddd × 10^scientific, d the first significant digit.
    long scientific =
        exponent + (intDigitsAfterIt > 0 ? intDigitsAfterIt - 1 : -(fractionZeros + 1));
    if (scientific != 308) {
      return scientific < 308;
    }
    int k = 0;
    for (int j = firstSignificant; j < end && json[j] != 'e' && json[j] != 'E'; j++) {
      if (json[j] == '.') {
        continue;
      }
      if (k == OVERFLOW_DIGITS.length) {
        return json[j] == '0' || allZeros(j + 1, end);
      }
      if (json[j] != OVERFLOW_DIGITS[k]) {
        return json[j] < OVERFLOW_DIGITS[k];
      }
      k++;
    }
    return true; // a prefix of the boundary's digits: below it
  }

  private boolean allZeros(int from, int end) {
    for (int j = from; j < end && json[j] != 'e' && json[j] != 'E'; j++) {
      if (json[j] != '0' && json[j] != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Scans an RFC 8259 §6 number ({@code -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?}) of at
   * most {@link Json#MAX_NUMBER_LENGTH} characters; returns whether it has neither fraction nor
   * exponent. A leading zero followed by a digit ends the number at the zero, so the digit then
   * fails as a missing separator.
   */
  private boolean scanNumber() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    byte first = peek();
    if (first == '0') {
      pos++;
    } else if (first >= '1' && first <= '9') {
      skipDigits();
    } else {
      throw malformed("has a malformed number");
    }
    boolean integer = true;
    if (peek() == '.') {
      integer = false;
      pos++;
      if (skipDigits() == 0) {
        throw malformed("has a malformed number");
      }
    }
    byte e = peek();
    if (e == 'e' || e == 'E') {
      integer = false;
      pos++;
      byte sign = peek();
      if (sign == '+' || sign == '-') {
        pos++;
      }
      if (skipDigits() == 0) {
        throw malformed("has a malformed number");
      }
    }
    if (pos - start > Json.MAX_NUMBER_LENGTH) {
      throw malformed("has a number that is too long");
    }
    return integer;
  }

  private int skipDigits() {
    int start = pos;
    while (pos < json.length && json[pos] >= '0' && json[pos] <= '9') {
      pos++;
    }
    return pos - start;
  }

  private double parseDouble(int start, int end) {
    return Double.parseDouble(new String(json, start, end - start, StandardCharsets.ISO_8859_1));
  }

  private void expectLiteral(byte[] literal) {
    if (pos + literal.length > json.length
        || !Arrays.equals(json, pos, pos + literal.length, literal, 0, literal.length)) {
      throw malformed("has a value that is not JSON");
    }
    pos += literal.length;
  }

  /**
   * Reads {@code "name" :}, and adds it to {@code names} (unless null), refusing a name the object
   * already has.
   */
  private void readName(Names names) {
    if (peek() != '"') {
      throw malformed("has a member without a quoted name");
    }
    scanString();
    if (stringEnd - stringStart > MAX_NAME_BYTES) {
      throw malformed("has a member name that is too long");
    }
    if (names != null) {
      names.add(this, stringStart, stringEnd, stringEscaped);
    }
    skipWhitespace();
    if (peek() != ':') {
      throw malformed("lacks a ':' after a member name");
    }
    pos++;
    skipWhitespace();
  }

  /**
   * Scans a string at {@code pos} (its opening quote) and moves past its closing quote, checking
   * escapes (RFC 8259 §7) and UTF-8 (RFC 3629 §4) on the way.
   */
  private void scanString() {
    byte[] b = json;
    int i = pos + 1;
    boolean escaped = false;
    boolean nonAscii = false;
    while (true) {
      if (i >= b.length) {
        throw malformed("has an unterminated string");
      }
      byte c = b[i];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        escaped = true;
        i = escapeEnd(i);
      } else if (c >= 0x20) {
        i++;
      } else if (c < 0) {
        nonAscii = true;
        i = utf8SequenceEnd(i);
      } else {
        throw malformed("has a control character in a string");
      }
    }
    stringStart = pos + 1;
    stringEnd = i;
    stringEscaped = escaped;
    stringNonAscii = nonAscii;
    pos = i + 1;
  }

  private int escapeEnd(int backslash) {
    if (backslash + 1 >= json.length) {
      throw malformed("has an unterminated string");
    }
    switch (json[backslash + 1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return backslash + 2;
      case 'u':
        int unit = hexUnit(backslash);
        // RFC 8259 §8.2: an escaped surrogate must be half of a pair, high then low; a lone one
        // is no Unicode text, and readers disagree on it (replace, keep, refuse): refused.
        if (Character.isLowSurrogate((char) unit)) {
          throw malformed("has an unpaired surrogate escape");
        }
        if (Character.isHighSurrogate((char) unit)) {
          if (backslash + 7 >= json.length
              || json[backslash + 6] != '\\'
              || json[backslash + 7] != 'u'
              || !Character.isLowSurrogate((char) hexUnit(backslash + 6))) {
            throw malformed("has an unpaired surrogate escape");
          }
          return backslash + 12;
        }
        return backslash + 6;
      default:
        throw malformed("has an invalid escape");
    }
  }

  /** Reads the four hex digits of the {@code \\u} escape at {@code backslash}. */
  private int hexUnit(int backslash) {
    if (backslash + 6 > json.length) {
      throw malformed("has an unterminated string");
    }
    int unit = 0;
    for (int i = backslash + 2; i < backslash + 6; i++) {
      int digit = Character.digit(json[i], 16);
      if (digit < 0) {
        throw malformed("has an invalid \\u escape");
      }
      unit = unit << 4 | digit;
    }
    return unit;
  }

  /** RFC 3629 §4: the shortest form only, no surrogates, nothing above U+10FFFF. */
  private int utf8SequenceEnd(int i) {
    int lead = json[i] & 0xFF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return continuation(i + 1, 0x80, 0xBF);
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF;
      return continuation(continuation(i + 1, low, high), 0x80, 0xBF);
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      int low = lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xF4 ? 0x8F : 0xBF;
      return continuation(continuation(continuation(i + 1, low, high), 0x80, 0xBF), 0x80, 0xBF);
    }
    throw malformed("is not valid UTF-8");
  }

  private int continuation(int i, int low, int high) {
    if (i >= json.length || (json[i] & 0xFF) < low || (json[i] & 0xFF) > high) {
      throw malformed("is not valid UTF-8");
    }
    return i + 1;
  }

  /** Decodes a scanned string; its escapes and UTF-8 were checked by {@link #scanString}. */
  private String decode(int start, int end, boolean escaped, boolean nonAscii) {
    if (!escaped) {
      return new String(
          json,
          start,
          end - start,
          nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
    StringBuilder out = new StringBuilder(end - start);
    int run = start;
    int i = start;
    while (i < end) {
      if (json[i] != '\\') {
        i++;
        continue;
      }
      // Escapes are ASCII, so the run before one is whole UTF-8 sequences.
      out.append(new String(json, run, i - run, StandardCharsets.UTF_8));
      byte kind = json[i + 1];
      if (kind == 'u') {
        int unit = 0;
        for (int h = i + 2; h < i + 6; h++) {
          unit = unit << 4 | Character.digit(json[h], 16);
        }
        out.append((char) unit);
        i += 6;
      } else {
        out.append(unescape(kind));
        i += 2;
      }
      run = i;
    }
    out.append(new String(json, run, end - run, StandardCharsets.UTF_8));
    return out.toString();
  }

  private static char unescape(byte kind) {
    switch (kind) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return (char) kind; // '"', '\\' and '/' stand for themselves
    }
  }

  private void skipWhitespace() {
    while (pos < json.length) {
      byte c = json[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** The byte at {@code pos}, or 0 (never valid JSON here) at the end. */
  private byte peek() {
    return pos < json.length ? json[pos] : 0;
  }

  private void expectEndOfDocument() {
    skipWhitespace();
    if (pos != json.length) {
      throw Rejection.malformed("the " + what + " has content after the JSON object");
    }
  }

  // Names are short: a plain loop beats Arrays.equals' range checks and call here.
  private static boolean sameBytes(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
    for (int i = 0; i < length; i++) {
      if (a[aFrom + i] != b[bFrom + i]) {
        return false;
      }
    }
    return true;
  }

  private JwtVerificationException malformed(String problem) {
    return Rejection.malformed("the " + what + " is not valid JSON: it " + problem);
  }

  /** Member names known in advance, matched on their bytes (after Moshi's JsonReader.Options). */
  static final class Options {
    private static final int[] NONE = new int[0];

    private final List<String> names;
    private final byte[][] bytes;
    private final int[][] byFirstByte = new int[256][];

    private Options(List<String> names) {
      this.names = names;
      this.bytes = new byte[names.size()][];
      Arrays.fill(byFirstByte, NONE);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        if (bytes[i].length > 0) {
          int first = bytes[i][0] & 0xFF;
          byFirstByte[first] = Arrays.copyOf(byFirstByte[first], byFirstByte[first].length + 1);
          byFirstByte[first][byFirstByte[first].length - 1] = i;
        }
      }
    }

    /** Returns options whose indices are the positions of {@code names} (at most 64). */
    static Options of(String... names) {
      if (names.length > 64) {
        throw new IllegalArgumentException("at most 64 known names");
      }
      return new Options(List.of(names));
    }
  }

  /**
   * Returns the code point of the scanned string at {@code i} and the index after it, packed as
   * {@code codePoint << 32 | next}: escapes decoded (a surrogate pair as one code point, which
   * {@link #escapeEnd} guarantees), UTF-8 decoded. Allocates nothing.
   */
  private long codePointAt(int i) {
    byte b = json[i];
    if (b >= 0 && b != '\\') {
      return (long) b << 32 | (i + 1);
    }
    if (b == '\\') {
      byte kind = json[i + 1];
      if (kind != 'u') {
        return (long) unescape(kind) << 32 | (i + 2);
      }
      char unit = (char) hexUnit(i);
      if (Character.isHighSurrogate(unit)) {
        int codePoint = Character.toCodePoint(unit, (char) hexUnit(i + 6));
        return (long) codePoint << 32 | (i + 12);
      }
      return (long) unit << 32 | (i + 6);
    }
    int lead = b & 0xFF;
    if (lead < 0xE0) {
      return (long) ((lead & 0x1F) << 6 | (json[i + 1] & 0x3F)) << 32 | (i + 2);
    }
    if (lead < 0xF0) {
      int codePoint = (lead & 0x0F) << 12 | (json[i + 1] & 0x3F) << 6 | (json[i + 2] & 0x3F);
      return (long) codePoint << 32 | (i + 3);
    }
    int codePoint =
        (lead & 0x07) << 18
            | (json[i + 1] & 0x3F) << 12
            | (json[i + 2] & 0x3F) << 6
            | (json[i + 3] & 0x3F);
    return (long) codePoint << 32 | (i + 4);
  }

  /** A hash of the decoded name in [start, end): equal for every spelling of the same name. */
  private int decodedHash(int start, int end) {
    int hash = 0;
    for (int i = start; i < end; ) {
      long next = codePointAt(i);
      hash = 31 * hash + (int) (next >>> 32);
      i = (int) next;
    }
    return hash;
  }

  /** Whether two scanned strings decode to the same text, compared without decoding either. */
  private boolean sameDecoded(int aStart, int aEnd, int bStart, int bEnd) {
    int a = aStart;
    int b = bStart;
    while (a < aEnd && b < bEnd) {
      long x = codePointAt(a);
      long y = codePointAt(b);
      if ((x >>> 32) != (y >>> 32)) {
        return false;
      }
      a = (int) x;
      b = (int) y;
    }
    return a == aEnd && b == bEnd;
  }

  /**
   * The names one object has had so far. While there are few, each is hashed on its decoded code
   * points into a one-word Bloom filter and compared (code point by code point, without decoding
   * into a String) only when its bit is already set; so {@code "a"} and {@code "\\u0061"} are one
   * name, and an object of distinct names, escaped or not, costs no allocation per name. A large
   * object switches to a set of decoded names, so it costs no quadratic scan.
   */
  private static final class Names {
    private static final int LINEAR_LIMIT = 16;
    private int[] bounds = new int[8];
    private int count;
    private long seen;
    private Set<String> decoded;

    void add(JsonObjectReader reader, int start, int end, boolean escaped) {
      if (decoded == null && count < LINEAR_LIMIT) {
        int hash = reader.decodedHash(start, end);
        long bit = 1L << ((hash * 0x9E3779B9) >>> 26);
        if ((seen & bit) != 0) {
          for (int i = 0; i < count; i++) {
            if (reader.sameDecoded(bounds[2 * i], bounds[2 * i + 1], start, end)) {
              throw reader.malformed("has a duplicate member name");
            }
          }
        }
        seen |= bit;
        if (2 * count + 2 > bounds.length) {
          bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * count] = start;
        bounds[2 * count + 1] = end;
        count++;
        return;
      }
      if (decoded == null) {
        decoded = new HashSet<>();
        for (int i = 0; i < count; i++) {
          // decode() with escapes on reads an unescaped string unchanged.
          decoded.add(reader.decode(bounds[2 * i], bounds[2 * i + 1], true, true));
        }
      }
      if (!decoded.add(reader.decode(start, end, escaped, true))) {
        throw reader.malformed("has a duplicate member name");
      }
    }
  }
}
