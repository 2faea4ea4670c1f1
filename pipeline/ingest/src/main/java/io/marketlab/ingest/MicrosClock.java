package io.marketlab.ingest;

import java.time.Instant;

/** Wall-clock time in microseconds since the epoch; a seam so tests can control receipt times. */
@FunctionalInterface
public interface MicrosClock {

  long nowMicros();

  /** The system clock; on Linux with JDK 17 {@link Instant#now()} has microsecond resolution. */
  static MicrosClock system() {
    return () -> {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    };
  }
}
