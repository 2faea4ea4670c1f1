package io.marketlab.dashboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * End-to-end latency (stored_at − received_at) over a sample of recently stored trades, in ms.
 *
 * @param sampleCount how many trades the figures cover; 0 means no trades yet (figures are 0)
 */
public record LatencySummary(
    int sampleCount, double p50Millis, double p99Millis, double maxMillis) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

  /**
   * Nearest-rank percentiles of the trades' latencies. The sample is a few thousand values at most,
   * so sorting is cheaper than keeping a histogram.
   */
  public static LatencySummary of(Collection<StoredTrade> trades) {
    if (trades.isEmpty()) {
      return EMPTY;
    }
    List<Double> latencies = new ArrayList<>(trades.size());
    for (StoredTrade trade : trades) {
      latencies.add(trade.latencyMillis());
    }
    latencies.sort(null);
    return new LatencySummary(
        latencies.size(),
        nearestRank(latencies, 50),
        nearestRank(latencies, 99),
        latencies.get(latencies.size() - 1));
  }

  /**
   * The summary of the {@code lastTrades} most recently stored ({@code stored_at}) of {@code
   * trades}.
   */
  public static LatencySummary ofNewestStored(List<StoredTrade> trades, int lastTrades) {
    List<StoredTrade> recent = new ArrayList<>(trades);
    recent.sort(java.util.Comparator.comparingLong(StoredTrade::storedAtMicros).reversed());
    return of(recent.subList(0, Math.min(lastTrades, recent.size())));
  }

  static double nearestRank(List<Double> sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
