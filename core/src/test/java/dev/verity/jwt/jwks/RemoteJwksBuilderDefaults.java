package dev.verity.jwt.jwks;

import dev.verity.jwt.RemoteJwksBuilder;
import java.time.Duration;

/** The documented defaults, named once for the tests. */
final class RemoteJwksBuilderDefaults {
  static final Duration UNKNOWN_KID_COOLDOWN = RemoteJwksBuilder.DEFAULT_UNKNOWN_KID_COOLDOWN;
  static final Duration TTL = RemoteJwksBuilder.DEFAULT_TTL;
  static final Duration MAX_STALENESS = RemoteJwksBuilder.DEFAULT_MAX_STALENESS;

  private RemoteJwksBuilderDefaults() {}
}
