package io.marketlab.dashboard;

import java.time.Duration;
import java.time.Instant;

/** A candle resolution, spelled as in the {@code resolution} column of {@code market.candles}. */
public enum Resolution {
  SECOND("1s", Duration.ofSeconds(1)),
  MINUTE("1m", Duration.ofMinutes(1)),
  HOUR("1h", Duration.ofHours(1));

  private final String label;
  private final Duration width;

  Resolution(String label, Duration width) {
    this.label = label;
    this.width = width;
  }

  /** The text stored in Cassandra and used in URLs: {@code 1s}, {@code 1m} or {@code 1h}. */
  public String label() {
    return label;
  }

  public Duration width() {
    return width;
  }

  public long widthMillis() {
    return width.toMillis();
  }

  /** The start of the window that contains {@code time} (UTC, floored). */
  public Instant floor(Instant time) {
    long millis = time.toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(millis, widthMillis()) * widthMillis());
  }

  /** Parses {@code 1s|1m|1h}; anything else is an {@link IllegalArgumentException} naming the value. */
  public static Resolution parse(String text) {
    for (Resolution resolution : values()) {
      if (resolution.label.equals(text)) {
        return resolution;
      }
    }
    throw new IllegalArgumentException("resolution must be 1s, 1m or 1h, got '" + text + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
