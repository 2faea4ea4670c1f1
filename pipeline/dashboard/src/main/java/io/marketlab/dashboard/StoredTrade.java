package io.marketlab.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code market.trades}. Identity is ({@code ingestId}, {@code frameSeq}, {@code
 * indexInFrame}), never the values: two equal trades in one millisecond are two rows.
 *
 * @param receivedAtMicros ingest receipt of the frame, µs since epoch
 * @param storedAtMicros when the processor wrote the row, µs since epoch
 * @param kafkaTs the Kafka append time, or null when the processor did not keep it
 */
public record StoredTrade(
    String symbol,
    Instant tradeTs,
    String ingestId,
    long frameSeq,
    int indexInFrame,
    double price,
    double volume,
    boolean isPriceUpdate,
    List<String> conditions,
    long receivedAtMicros,
    long storedAtMicros,
    Instant kafkaTs) {

  public StoredTrade {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** The pipeline's identity of this trade, as one string. */
  public String identity() {
    return ingestId + "/" + frameSeq + "/" + indexInFrame;
  }

  /** End-to-end latency: visible in Cassandra minus receipt at the ingest. */
  public double latencyMillis() {
    return (storedAtMicros - receivedAtMicros) / 1000.0;
  }
}
