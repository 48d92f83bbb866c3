package dev.verity.jwt.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.spi.JwksCache;
import org.junit.jupiter.api.Test;

/** Core's built-in cache, through the shared {@link JwksCache} contract. */
class InMemoryJwksCacheTest extends JwksCacheContractTest {
  @Override
  protected JwksCache newCache() {
    return JwksCache.inMemory();
  }

  @Test
  void inMemory_eachCallANewInstance() {
    assertThat(JwksCache.inMemory())
        .satisfies(
            c ->
                assertThat(c.getClass().getName())
                    .isEqualTo("dev.verity.jwt.spi.InMemoryJwksCache"))
        .isNotSameAs(JwksCache.inMemory());
  }
}
