package io.marketlab.harness;

import io.marketlab.ingest.IngestMetrics;
import java.time.Duration;
import java.util.List;

/**
 * What a replay left in the store, read back once it was complete.
 *
 * @param processorDeadLetters records of the run's topic the processor could not decode
 * @param replayTook from the start of the replay server until the ingest had received every trade
 */
public record StoredRun(
    List<StoredTrade> trades,
    List<StoredCandle> candles,
    IngestMetrics.Snapshot ingest,
    long processorDeadLetters,
    long lateTrades,
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
}
