package dev.verity.jwt.jwks;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.spi.VerityListener;
import dev.verity.jwt.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records every listener event, with the fake-clock time it happened at. Thread-safe. */
final class RecordingListener implements VerityListener {
  /** One event: its kind, the fake-clock offset from the start, and its details. */
  record Event(String kind, Duration at, URI uri, Object detail) {}

  /** A rotation: the kids that appeared and left. */
  record Rotation(Set<String> added, Set<String> removed) {}

  /** A successful fetch: its latency and the number of keys. */
  record Success(Duration latency, int keyCount) {}

  private final InstantSource clock;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  RecordingListener(InstantSource clock) {
    this.clock = clock;
  }

  private void add(String kind, URI uri, Object detail) {
    events.add(new Event(kind, Duration.between(MutableClock.START, clock.instant()), uri, detail));
  }

  @Override
  public void fetchStarted(URI uri) {
    add("fetchStarted", uri, null);
  }

  @Override
  public void fetchSucceeded(URI uri, Duration latency, int keyCount) {
    add("fetchSucceeded", uri, new Success(latency, keyCount));
  }

  @Override
  public void fetchFailed(URI uri, Duration latency, String reason) {
    add("fetchFailed", uri, reason);
  }

  @Override
  public void keysRotated(URI uri, Set<String> added, Set<String> removed) {
    add("keysRotated", uri, new Rotation(added, removed));
  }

  @Override
  public void servedStale(URI uri, Duration age) {
    add("servedStale", uri, age);
  }

  @Override
  public void unknownKidThrottled(URI uri) {
    add("unknownKidThrottled", uri, null);
  }

  @Override
  public void keyLookup(URI uri, boolean hit) {
    add("keyLookup", uri, hit);
  }

  @Override
  public void rejected(ErrorCode code) {
    add("rejected", null, code);
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  List<Event> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).collect(Collectors.toList());
  }

  long count(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).count();
  }

  /** Fetches started and not yet finished (succeeded or failed). */
  long fetchesInFlight() {
    return count("fetchStarted") - count("fetchSucceeded") - count("fetchFailed");
  }

  /** The failure reasons, in order. */
  List<String> failureReasons() {
    return events("fetchFailed").stream().map(e -> (String) e.detail()).toList();
  }

  /** The fake-clock offsets at which fetches started. */
  List<Duration> fetchStartTimes() {
    return events("fetchStarted").stream().map(Event::at).toList();
  }
}
