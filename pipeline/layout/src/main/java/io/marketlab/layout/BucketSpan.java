package io.marketlab.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The calendar span (UTC) of one partition, keyed by its first day: trades, late trades and dead
 * letters are partitioned by day, candles by the span of their resolution ({@link
 * Resolution#bucketSpan()}).
 */
public enum BucketSpan {
  DAY,
  MONTH;

  /** The bucket (its first day) that holds {@code epochMillis}. */
  public LocalDate of(long epochMillis) {
    return of(Instant.ofEpochMilli(epochMillis));
  }

  /** The bucket (its first day) that holds {@code time}. */
  public LocalDate of(Instant time) {
    LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
    return this == MONTH ? day.withDayOfMonth(1) : day;
  }

  /** The bucket after {@code bucket}. */
  LocalDate next(LocalDate bucket) {
    return this == MONTH ? bucket.plusMonths(1) : bucket.plusDays(1);
  }

  /**
   * The buckets, oldest first, that hold the days {@code firstDay} to {@code lastDay} (both in).
   */
  public List<LocalDate> covering(LocalDate firstDay, LocalDate lastDay) {
    List<LocalDate> buckets = new ArrayList<>();
    LocalDate first = this == MONTH ? firstDay.withDayOfMonth(1) : firstDay;
    for (LocalDate bucket = first; !bucket.isAfter(lastDay); bucket = next(bucket)) {
      buckets.add(bucket);
    }
    return buckets;
  }
}
