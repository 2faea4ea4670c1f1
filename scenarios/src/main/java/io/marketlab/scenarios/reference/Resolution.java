package io.marketlab.scenarios.reference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Candle resolutions; a window starts at the trade time floored to the resolution, in UTC. */
public enum Resolution {
  S1("1s", 1_000L),
  M1("1m", 60_000L),
  H1("1h", 3_600_000L);

  private final String label;
  private final long millis;

  Resolution(String label, long millis) {
    this.label = label;
    this.millis = millis;
  }

  public String label() {
    return label;
  }

  public long millis() {
    return millis;
  }

  public long windowStart(long timeMs) {
    return Math.floorDiv(timeMs, millis) * millis;
  }

  /**
   * The partition bucket a window's candle belongs in, from the contract (docs/CONTRACTS.md), not
   * from the processor's code: the window's UTC day for 1s and 1m, the first day of its UTC month
   * for 1h.
   */
  public LocalDate bucket(long windowStartMs) {
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(windowStartMs), ZoneOffset.UTC);
    return this == H1 ? day.withDayOfMonth(1) : day;
  }

  public static Resolution of(String label) {
    for (Resolution resolution : values()) {
      if (resolution.label.equals(label)) {
        return resolution;
      }
    }
    throw new IllegalArgumentException("unknown resolution '" + label + "' (1s, 1m, 1h)");
  }
}
