package io.marketlab.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** A calendar span (UTC) that groups windows into one Cassandra partition. */
enum BucketSize {
  HOUR,
  DAY,
  MONTH,
  YEAR;

  /** The start of the bucket that contains {@code time}. */
  public Instant floor(Instant time) {
    ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
      case MONTH -> utc.toLocalDate().withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case YEAR -> LocalDate.of(utc.getYear(), 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }

  /** The start of the bucket after the one starting at {@code bucketStart}. */
  public Instant next(Instant bucketStart) {
    return plus(bucketStart, 1);
  }

  /** The start of the bucket before the one starting at {@code bucketStart}. */
  public Instant previous(Instant bucketStart) {
    return plus(bucketStart, -1);
  }

  private Instant plus(Instant bucketStart, int count) {
    ZonedDateTime utc = bucketStart.atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> utc.plusHours(count).toInstant();
      case DAY -> utc.plusDays(count).toInstant();
      case MONTH -> utc.plusMonths(count).toInstant();
      case YEAR -> utc.plusYears(count).toInstant();
    };
  }
}
