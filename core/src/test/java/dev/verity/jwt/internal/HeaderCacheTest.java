package dev.verity.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The header cache: one parse per distinct segment, and one lookup per token across verifiers. */
class HeaderCacheTest {
  private static String segment(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static CompactJws token(String kid) {
    String header = segment("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}");
    return CompactJws.parse(header + "." + segment("{\"sub\":\"s\"}") + ".AAAA", 8192);
  }

  @Test
  void parse_sameSegmentInAnotherToken_answeredFromTheTable() {
    HeaderCache cache = new HeaderCache();

    JoseHeader first = cache.parse(token("k1"));

    assertThat(cache.parse(token("k1"))).isSameAs(first);
    assertThat(cache.parse(token("k2"))).isNotSameAs(first);
    assertThat(cache.parse(token("k2")).kid()).isEqualTo("k2");
  }

  @Test
  void parse_tokenARouterAlreadyParsed_sameHeaderWithoutAnotherLookup() {
    CompactJws jws = token("k1");
    JoseHeader routed = new HeaderCache().parse(jws);

    // A second cache that has never seen the segment answers with the router's header.
    assertThat(new HeaderCache().parse(jws)).isSameAs(routed);
    assertThat(new HeaderCache().parse(token("k1"))).isNotSameAs(routed);
  }
}
