package io.marketlab.processor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A candle resolution and the calendar bucket (UTC) that bounds its Cassandra partition: 1s and 1m
 * candles are partitioned by day (86,400 and 1,440 rows at most), 1h candles by month (744 at most).
 * The dashboard's {@code Partitions.DEFAULT} uses the same scheme.
 */
public enum Resolution {
  SECOND("1s", 1_000L),
  MINUTE("1m", 60_000L),
  HOUR("1h", 3_600_000L);

  private final String label;
  private final long widthMillis;

  Resolution(String label, long widthMillis) {
    this.label = label;
    this.widthMillis = widthMillis;
  }

  /** The text stored in the {@code resolution} column. */
  public String label() {
    return label;
  }

  public long widthMillis() {
    return widthMillis;
  }

  /** Start of the window holding {@code timeMs}: the time floored to the resolution, in UTC. */
  public long windowStart(long timeMs) {
    return Math.floorDiv(timeMs, widthMillis) * widthMillis;
  }

  /** The partition bucket of a window: its UTC day, or for 1h its UTC month (first day). */
  public LocalDate bucket(long windowStartMs) {
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(windowStartMs), ZoneOffset.UTC);
    return this == HOUR ? day.withDayOfMonth(1) : day;
  }

  /** The next bucket after {@code bucket}. */
  public LocalDate nextBucket(LocalDate bucket) {
    return this == HOUR ? bucket.plusMonths(1) : bucket.plusDays(1);
  }

  /** The finer resolution whose candles make up this one, or null for 1s (built from trades). */
  public Resolution finer() {
    return switch (this) {
      case SECOND -> null;
      case MINUTE -> SECOND;
      case HOUR -> MINUTE;
    };
  }

  @Override
  public String toString() {
    return label;
  }
}
