package io.marketlab.harness;

import io.marketlab.ingest.IngestMetrics;
import io.marketlab.layout.Resolution;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay left in the store and in its dead-letter topic, read back once it was complete.
 *
 * @param lateTrades the rows of {@code late_trades}
 * @param deadLetters the records of the run's dead-letter topic, read from Kafka
 * @param processorDeadLetters records of the run's topic the processor could not decode
 * @param replayTook from the start of the replay server until the ingest had received every trade
 */
public record StoredRun(
    List<StoredTrade> trades,
    List<StoredCandle> candles,
    List<StoredLateTrade> lateTrades,
    List<StoredDeadLetter> deadLetters,
    IngestMetrics.Snapshot ingest,
    long processorDeadLetters,
    Duration replayTook) {

  /**
   * End-to-end latency per stored trade: stored_at − received_at at the ingest, in ms (never < 0).
   */
  public long[] latencyMillis() {
    long[] latency = new long[trades.size()];
    for (int i = 0; i < trades.size(); i++) {
      latency[i] =
          Math.max(0, (trades.get(i).storedAtMicros() - trades.get(i).receivedAtMicros()) / 1000);
    }
    return latency;
  }

  /** {@link #candleLatencyMillis(List, List)} of this run. */
  public long[] candleLatencyMillis() {
    return candleLatencyMillis(trades, candles);
  }

  /**
   * Latency per stored candle, in ms (never < 0): its {@code updated_at} − the ingest's receipt of
   * the latest received trade it contains (the stored trade rows of its symbol and window that
   * count: not late, volume > 0): how long the trade took to show in its candle. Making a candle
   * final later sets only its {@code is_final}, not {@code updated_at}. Candles with no such trade,
   * or never stamped, have none.
   */
  public static long[] candleLatencyMillis(List<StoredTrade> trades, List<StoredCandle> candles) {
    Map<String, Long> lastReceipt = new HashMap<>();
    for (StoredTrade trade : trades) {
      if (trade.late() || trade.volume() <= 0) {
        continue;
      }
      for (Resolution resolution : Resolution.values()) {
        lastReceipt.merge(
            window(trade.symbol(), resolution.label(), resolution.windowStart(trade.timeMs())),
            trade.receivedAtMicros(),
            Math::max);
      }
    }
    long[] latency = new long[candles.size()];
    int count = 0;
    for (StoredCandle candle : candles) {
      Long receipt =
          lastReceipt.get(window(candle.symbol(), candle.resolution(), candle.windowStartMs()));
      if (receipt == null || candle.updatedAtMs() < 0) {
        continue;
      }
      latency[count++] = Math.max(0, candle.updatedAtMs() - receipt / 1000);
    }
    return java.util.Arrays.copyOf(latency, count);
  }

  private static String window(String symbol, String resolution, long startMs) {
    return symbol + " " + resolution + " " + startMs;
  }
}
