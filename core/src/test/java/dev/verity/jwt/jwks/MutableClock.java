package dev.verity.jwt.jwks;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test advances it. Thread-safe. */
final class MutableClock implements InstantSource {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves the clock forward by {@code step}. */
  void advance(Duration step) {
    now.updateAndGet(t -> t.plus(step));
  }

  /** Sets the clock to {@code START + offset}. */
  void setToStartPlus(Duration offset) {
    now.set(START.plus(offset));
  }

  /** Returns how far the clock is past {@code START}. */
  Duration elapsed() {
    return Duration.between(START, now.get());
  }
}
