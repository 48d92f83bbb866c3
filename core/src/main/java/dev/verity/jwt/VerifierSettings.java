package dev.verity.jwt;

import dev.verity.jwt.spi.KeySource;
import dev.verity.jwt.spi.SignatureEngine;
import dev.verity.jwt.spi.VerityListener;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated, immutable configuration of one {@link DefaultJwtVerifier}; {@code signatureEngine}
 * is null for the JDK's.
 */
record VerifierSettings(
    Set<String> issuers,
    Set<String> audiences,
    Set<Algorithm> algorithms,
    KeySource keys,
    Duration leeway,
    Duration maxAge,
    String normalizedType,
    List<String> requiredClaims,
    Set<String> requiredScopes,
    List<Map.Entry<String, ClaimCheck>> checks,
    TokenUse tokenUse,
    Set<String> clientIds,
    boolean expirationRequired,
    int maxTokenBytes,
    InstantSource clock,
    VerityListener listener,
    SignatureEngine signatureEngine) {

  VerifierSettings {
    algorithms = Set.copyOf(algorithms);
    checks = List.copyOf(checks);
  }
}
