package io.marketlab.dashboard;

import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The partition keys that cover a time range, so that every query is a single-partition range scan:
 * candles are partitioned by (symbol, resolution, bucket) and trades by (symbol, day), both in UTC.
 *
 * <p>The bucket sizes must match what the processor writes; {@link #DEFAULT} is its scheme, the
 * storage layout's ({@link Resolution#bucketSpan()}, {@link Tables.Trades#day}).
 */
final class Partitions {

  /** 1s candles by day, 1m candles by day, 1h candles by month; trades by day. */
  public static final Partitions DEFAULT = ofLayout();

  /** Refuses ranges that would touch more partitions than a page could ever need. */
  public static final int MAX_PARTITIONS = 400;

  private final Map<Resolution, BucketSize> bucketSizes;

  public Partitions(Map<Resolution, BucketSize> bucketSizes) {
    this.bucketSizes = new EnumMap<>(Resolution.class);
    for (Resolution resolution : Resolution.values()) {
      BucketSize size = bucketSizes.get(resolution);
      if (size == null) {
        throw new IllegalArgumentException("no bucket size for resolution " + resolution);
      }
      this.bucketSizes.put(resolution, size);
    }
  }

  private static Partitions ofLayout() {
    Map<Resolution, BucketSize> sizes = new EnumMap<>(Resolution.class);
    for (Resolution resolution : Resolution.values()) {
      sizes.put(
          resolution,
          switch (resolution.bucketSpan()) {
            case DAY -> BucketSize.DAY;
            case MONTH -> BucketSize.MONTH;
          });
    }
    return new Partitions(sizes);
  }

  public BucketSize bucketSize(Resolution resolution) {
    return bucketSizes.get(resolution);
  }

  /** The bucket (its start) that holds the window starting at {@code windowStart}. */
  public Instant candleBucket(Resolution resolution, Instant windowStart) {
    return bucketSize(resolution).floor(resolution.floor(windowStart));
  }

  /** The buckets, oldest first, holding the windows that start in [{@code from}, {@code to}). */
  public List<Instant> candleBuckets(Resolution resolution, Instant from, Instant to) {
    List<Instant> buckets = new ArrayList<>();
    if (!from.isBefore(to)) {
      return buckets;
    }
    BucketSize size = bucketSize(resolution);
    Instant last = to.minusMillis(1);
    for (Instant bucket = candleBucket(resolution, from);
        !bucket.isAfter(last);
        bucket = size.next(bucket)) {
      buckets.add(bucket);
      checkPartitionCount(buckets.size(), from, to);
    }
    return buckets;
  }

  /** The UTC day that holds a trade made at {@code tradeTs}. */
  public static LocalDate tradeDay(Instant tradeTs) {
    return Tables.Trades.day(tradeTs);
  }

  /** The days, oldest first, holding the trades made in [{@code from}, {@code to}). */
  public static List<LocalDate> tradeDays(Instant from, Instant to) {
    List<LocalDate> days = new ArrayList<>();
    if (!from.isBefore(to)) {
      return days;
    }
    LocalDate last = tradeDay(to.minusMillis(1));
    for (LocalDate day = tradeDay(from); !day.isAfter(last); day = day.plusDays(1)) {
      days.add(day);
      checkPartitionCount(days.size(), from, to);
    }
    return days;
  }

  private static void checkPartitionCount(int count, Instant from, Instant to) {
    if (count > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "range " + from + " .. " + to + " spans more than " + MAX_PARTITIONS + " partitions");
    }
  }
}
