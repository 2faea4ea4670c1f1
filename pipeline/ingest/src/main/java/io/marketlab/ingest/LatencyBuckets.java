package io.marketlab.ingest;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receipt→Kafka-ack latency as a Prometheus classic histogram, fed with a count at a time (a
 * frame's trades are acknowledged together): lock-free adders, read when scraped. The library's
 * {@code Histogram} observes one value at a time only.
 */
final class LatencyBuckets {

  /** Upper bounds in seconds, {@code +Inf} last; ms matter here (a healthy broker acks in ms). */
  static final double[] UPPER_BOUNDS_SECONDS = {
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
    60,
    300,
    Double.POSITIVE_INFINITY
  };

  private static final long[] UPPER_BOUNDS_MICROS = new long[UPPER_BOUNDS_SECONDS.length - 1];

  static {
    for (int i = 0; i < UPPER_BOUNDS_MICROS.length; i++) {
      UPPER_BOUNDS_MICROS[i] = Math.round(UPPER_BOUNDS_SECONDS[i] * 1e6);
    }
  }

  private final LongAdder[] counts = new LongAdder[UPPER_BOUNDS_SECONDS.length];
  private final LongAdder sumMicros = new LongAdder();

  LatencyBuckets() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** {@code count} observations of {@code micros} (≥ 0). */
  void record(long micros, int count) {
    int bucket = 0;
    while (bucket < UPPER_BOUNDS_MICROS.length && micros > UPPER_BOUNDS_MICROS[bucket]) {
      bucket++;
    }
    counts[bucket].add(count);
    sumMicros.add(micros * count);
  }

  /** The buckets (counts per bucket, not cumulative: the exposition format adds them up). */
  ClassicHistogramBuckets buckets() {
    long[] each = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      each[i] = counts[i].sum();
    }
    return ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, each);
  }

  double sumSeconds() {
    return sumMicros.sum() / 1e6;
  }
}
