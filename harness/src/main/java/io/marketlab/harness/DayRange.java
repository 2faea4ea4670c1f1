package io.marketlab.harness;

import io.marketlab.layout.BucketSpan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The UTC days, both included, that a run's trades fall on (trades and late trades are partitioned
 * by day; candles by the bucket holding each day): where a bounded count looks, and what a caller
 * shows. The read-back itself scans every partition.
 */
public record DayRange(LocalDate firstDay, LocalDate lastDay) {

  public DayRange {
    Objects.requireNonNull(firstDay, "firstDay");
    Objects.requireNonNull(lastDay, "lastDay");
  }

  /** The days of the times {@code firstMs} to {@code lastMs} (ms since epoch). */
  public static DayRange between(long firstMs, long lastMs) {
    return new DayRange(BucketSpan.DAY.of(firstMs), BucketSpan.DAY.of(lastMs));
  }

  /**
   * The days a replay of a session stores trades on: from its start to its last frame, a day wider
   * on either side (trade times sit near the receipt offsets; a day covers clock skew).
   */
  static DayRange ofSession(Instant start, long lastOffsetMicros) {
    return new DayRange(
        BucketSpan.DAY.of(start).minusDays(1),
        BucketSpan.DAY.of(start.plusNanos(lastOffsetMicros * 1000)).plusDays(1));
  }

  /** Every day of the range, oldest first. */
  List<LocalDate> days() {
    return BucketSpan.DAY.covering(firstDay, lastDay);
  }
}
