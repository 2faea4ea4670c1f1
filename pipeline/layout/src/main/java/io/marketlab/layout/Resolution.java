package io.marketlab.layout;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A candle resolution, spelled as in the {@code resolution} column of {@code candles}, and the
 * calendar bucket (UTC) that bounds its partition: 1s and 1m candles are partitioned by day (86,400
 * and 1,440 rows at most), 1h candles by month (744 at most).
 */
public enum Resolution {
  SECOND("1s", 1_000L, BucketSpan.DAY),
  MINUTE("1m", 60_000L, BucketSpan.DAY),
  HOUR("1h", 3_600_000L, BucketSpan.MONTH);

  private final String label;
  private final long widthMillis;
  private final BucketSpan bucketSpan;

  Resolution(String label, long widthMillis, BucketSpan bucketSpan) {
    this.label = label;
    this.widthMillis = widthMillis;
    this.bucketSpan = bucketSpan;
  }

  /** The text stored in the {@code resolution} column and used in URLs: 1s, 1m or 1h. */
  public String label() {
    return label;
  }

  public Duration width() {
    return Duration.ofMillis(widthMillis);
  }

  public long widthMillis() {
    return widthMillis;
  }

  /** Start of the window holding {@code timeMs}: the time floored to the resolution, in UTC. */
  public long windowStart(long timeMs) {
    return Math.floorDiv(timeMs, widthMillis) * widthMillis;
  }

  /** The start of the window that contains {@code time} (UTC, floored). */
  public Instant floor(Instant time) {
    return Instant.ofEpochMilli(windowStart(time.toEpochMilli()));
  }

  /** The span of one partition of this resolution's candles. */
  public BucketSpan bucketSpan() {
    return bucketSpan;
  }

  /** The partition bucket of a window: its UTC day, or for 1h its UTC month (first day). */
  public LocalDate bucket(long windowStartMs) {
    return bucketSpan.of(windowStartMs);
  }

  /** The next bucket after {@code bucket}. */
  public LocalDate nextBucket(LocalDate bucket) {
    return bucketSpan.next(bucket);
  }

  /** The finer resolution whose candles make up this one, or null for 1s (built from trades). */
  public Resolution finer() {
    return switch (this) {
      case SECOND -> null;
      case MINUTE -> SECOND;
      case HOUR -> MINUTE;
    };
  }

  /**
   * Parses {@code 1s|1m|1h}; anything else is an {@link IllegalArgumentException} naming the value.
   */
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
