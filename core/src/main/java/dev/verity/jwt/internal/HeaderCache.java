package dev.verity.jwt.internal;

import java.util.Arrays;

/**
 * Remembers the parsed form of the last few protected-header segments a verifier has seen. Tokens
 * from one issuer share their header byte for byte ({@code {"alg":"RS256","kid":"..."}}), and
 * parsing it again is the largest cost of verifying an HMAC token after the MAC itself.
 *
 * <p>A hit requires the whole segment to be equal, so the answer is exactly what parsing would
 * give; only headers that parsed without error are kept. A small fixed table with one entry per
 * slot: a flood of distinct headers only evicts entries, it never grows memory. Entries are
 * immutable, so the unsynchronised table is safe to share between threads (a racing write at worst
 * loses an entry).
 */
public final class HeaderCache {
  private static final int SLOTS = 16;
  private static final int MAX_CACHED_SEGMENT = 1024;

  private final Entry[] slots = new Entry[SLOTS];

  /** Returns the parsed header of a token, from the table when the segment is known. */
  public JoseHeader parse(CompactJws jws) {
    JoseHeader known = jws.parsedHeader();
    if (known != null) {
      return known; // a router's cache has already answered for this token
    }
    JoseHeader header = lookUpOrParse(jws);
    jws.parsedHeader(header);
    return header;
  }

  private JoseHeader lookUpOrParse(CompactJws jws) {
    byte[] token = jws.signingInput();
    int end = jws.headerSegmentEnd();
    // The length and the last 16 characters pick the slot: headers of one issuer differ in their
    // kid, which is at the end of the usual {"alg":...,"kid":...}; a collision only costs a parse.
    int hash = end;
    for (int i = Math.max(0, end - 16); i < end; i++) {
      hash = 31 * hash + token[i];
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    Entry entry = slots[slot];
    if (entry != null && Arrays.equals(entry.segment, 0, entry.segment.length, token, 0, end)) {
      return entry.header;
    }
    JoseHeader header = JwtParser.parseHeader(jws.header());
    // Real headers are under 200 bytes; a large one is kept out, so a flood of large distinct
    // headers costs no copy of each (and cannot pin 16 large segments in memory).
    if (end <= MAX_CACHED_SEGMENT) {
      slots[slot] = new Entry(Arrays.copyOf(token, end), header);
    }
    return header;
  }

  private record Entry(byte[] segment, JoseHeader header) {}
}
