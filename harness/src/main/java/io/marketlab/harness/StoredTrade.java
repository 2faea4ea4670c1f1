package io.marketlab.harness;

import io.marketlab.layout.Tables.Trades;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A trade row as read back from Cassandra, with its latency stamps (µs since epoch), the partition
 * it was found in ({@code day}), its late flag and its identity.
 */
public record StoredTrade(
    String symbol,
    double price,
    double volume,
    long timeMs,
    List<String> conditions,
    long receivedAtMicros,
    long storedAtMicros,
    LocalDate day,
    boolean late,
    String ingestId,
    long frameSeq,
    int indexInFrame) {

  /**
   * A row with values and stamps only: in the partition of its trade time, not late, no identity
   * (for callers that have no more).
   */
  public StoredTrade(
      String symbol,
      double price,
      double volume,
      long timeMs,
      List<String> conditions,
      long receivedAtMicros,
      long storedAtMicros) {
    this(
        symbol,
        price,
        volume,
        timeMs,
        conditions,
        receivedAtMicros,
        storedAtMicros,
        Trades.day(timeMs),
        false,
        "",
        -1,
        -1);
  }

  /** The same row flagged late (or not). */
  public StoredTrade withLate(boolean value) {
    return new StoredTrade(
        symbol,
        price,
        volume,
        timeMs,
        conditions,
        receivedAtMicros,
        storedAtMicros,
        day,
        value,
        ingestId,
        frameSeq,
        indexInFrame);
  }

  /** The same row found in another partition. */
  public StoredTrade inDay(LocalDate value) {
    return new StoredTrade(
        symbol,
        price,
        volume,
        timeMs,
        conditions,
        receivedAtMicros,
        storedAtMicros,
        value,
        late,
        ingestId,
        frameSeq,
        indexInFrame);
  }

  public String describe() {
    return symbol
        + " "
        + price
        + " x "
        + volume
        + " at "
        + Instant.ofEpochMilli(timeMs)
        + " "
        + conditions;
  }

  /** {@code ingest_id/frame_seq/index_in_frame}, the row's identity. */
  public String identity() {
    return ingestId + "/" + frameSeq + "/" + indexInFrame;
  }
}
