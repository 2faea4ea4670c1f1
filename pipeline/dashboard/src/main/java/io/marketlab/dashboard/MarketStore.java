package io.marketlab.dashboard;

import io.marketlab.layout.Resolution;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard reads from the pipeline's store. The Cassandra implementation answers each
 * call with single-partition range scans; implementations must be safe for concurrent callers.
 */
interface MarketStore extends AutoCloseable {

  /**
   * Returns only when the store can answer reads now; a store whose symbols are configured answers
   * {@link #symbols()} without asking anyone, so that proves nothing.
   *
   * @throws StoreUnavailableException when it cannot
   */
  void ping();

  /** The symbols the dashboard offers, sorted. */
  List<String> symbols();

  /** Candles with {@code from <= windowStart < to}, oldest first. */
  List<Candle> candles(String symbol, Resolution resolution, Instant from, Instant to);

  /**
   * The newest candles of a symbol, at most {@code limit}, oldest first; empty when there are none.
   * An implementation may stop at a partition boundary and return fewer (never zero when any
   * exist).
   */
  List<Candle> newestCandles(String symbol, Resolution resolution, int limit);

  /** The newest {@code limit} trades of a symbol (by trade time, then arrival), newest first. */
  List<StoredTrade> latestTrades(String symbol, int limit);

  /**
   * End-to-end latency over the {@code lastTrades} most recently stored trades of all symbols
   * (stored_at − received_at).
   */
  LatencySummary latency(int lastTrades);

  /**
   * The gaps of a symbol whose span (in trade time) meets {@code [from, to)}, oldest first, at most
   * {@code limit} (the newest ones when there are more); empty for a store that keeps no gaps.
   */
  default List<GapRow> gaps(String symbol, Instant from, Instant to, int limit) {
    return List.of();
  }

  /**
   * The hourly rows of a symbol with {@code from <= hour start < to}, oldest first (one partition);
   * empty for a store that keeps none.
   */
  default List<io.marketlab.layout.HourlyComparison.Hour> hourly(
      String symbol, Instant from, Instant to) {
    return List.of();
  }

  /**
   * The anomalies of a symbol with {@code from <= ts < to}, oldest first, at most {@code limit}
   * (the newest when there are more); empty for a store that keeps none.
   */
  default List<AnomalyRow> anomalies(String symbol, Instant from, Instant to, int limit) {
    return List.of();
  }

  /** Releases what the store owns (a session it opened); the default owns nothing. */
  @Override
  default void close() {}
}
