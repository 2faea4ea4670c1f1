package io.marketlab.harness;

import java.util.Arrays;

/** Percentiles and a histogram of latencies in ms (nearest-rank percentiles over all samples). */
public record LatencyStats(
    long count,
    long p50,
    long p95,
    long p99,
    long max,
    long[] bucketUpperMillis,
    long[] bucketCounts) {

  private static final long[] BOUNDS = {
    10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, Long.MAX_VALUE
  };

  public static LatencyStats of(long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    long[] counts = new long[BOUNDS.length];
    for (long latency : sorted) {
      for (int i = 0; i < BOUNDS.length; i++) {
        if (latency <= BOUNDS[i]) {
          counts[i]++;
          break;
        }
      }
    }
    return new LatencyStats(
        sorted.length,
        rank(sorted, 0.50),
        rank(sorted, 0.95),
        rank(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1],
        BOUNDS.clone(),
        counts);
  }

  private static long rank(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  public static String bucketLabel(long upper) {
    return upper == Long.MAX_VALUE
        ? "> 30 s"
        : upper < 1_000 ? "≤ " + upper + " ms" : "≤ " + (upper / 1000.0) + " s";
  }
}
