package dev.verity.jwt.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test advances or sets it. Thread-safe. */
public final class MutableClock implements InstantSource {
  /** Where a clock made with {@link #MutableClock()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant start;
  private final AtomicReference<Instant> now;

  /** Makes a clock standing at {@link #START}. */
  public MutableClock() {
    this(START);
  }

  /** Makes a clock standing at {@code start}. */
  public MutableClock(Instant start) {
    this.start = start;
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves the clock forward by {@code step}. */
  public void advance(Duration step) {
    now.updateAndGet(t -> t.plus(step));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Sets the clock to its start plus {@code offset}. */
  public void setToStartPlus(Duration offset) {
    now.set(start.plus(offset));
  }

  /** Returns how far the clock is past its start. */
  public Duration elapsed() {
    return Duration.between(start, now.get());
  }
}
