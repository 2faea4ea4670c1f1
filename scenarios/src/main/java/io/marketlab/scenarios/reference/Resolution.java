package io.marketlab.scenarios.reference;

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

  public static Resolution of(String label) {
    for (Resolution resolution : values()) {
      if (resolution.label.equals(label)) {
        return resolution;
      }
    }
    throw new IllegalArgumentException("unknown resolution '" + label + "' (1s, 1m, 1h)");
  }
}
