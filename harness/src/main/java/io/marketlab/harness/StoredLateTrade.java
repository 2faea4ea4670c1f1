package io.marketlab.harness;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A row of {@code late_trades} as read back: a trade that arrived behind its symbol's watermark,
 * the partition it was found in, and the watermark it was behind.
 */
public record StoredLateTrade(
    String symbol,
    LocalDate day,
    long timeMs,
    String ingestId,
    long frameSeq,
    int indexInFrame,
    double price,
    double volume,
    long watermarkMs,
    long receivedAtMicros) {

  public String describe() {
    return symbol
        + " "
        + price
        + " x "
        + volume
        + " at "
        + Instant.ofEpochMilli(timeMs)
        + " (watermark "
        + Instant.ofEpochMilli(watermarkMs)
        + ")";
  }

  /** {@code ingest_id/frame_seq/index_in_frame}, as {@link StoredTrade#identity()}. */
  public String identity() {
    return ingestId + "/" + frameSeq + "/" + indexInFrame;
  }
}
