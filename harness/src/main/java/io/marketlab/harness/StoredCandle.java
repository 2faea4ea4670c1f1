package io.marketlab.harness;

import io.marketlab.layout.Resolution;
import java.time.LocalDate;

/**
 * A candle row as read back from Cassandra (resolution as its label: 1s, 1m, 1h), with the
 * partition bucket it was found in, its final flag and when it was last written.
 *
 * @param updatedAtMs the row's {@code updated_at} (ms since epoch), stamped when it was written; -1
 *     when it has none
 */
public record StoredCandle(
    String symbol,
    String resolution,
    long windowStartMs,
    double open,
    double high,
    double low,
    double close,
    double volume,
    double vwap,
    long tradeCount,
    long firstTradeMs,
    long lastTradeMs,
    LocalDate bucket,
    boolean isFinal,
    long updatedAtMs) {

  /**
   * A row with values only: in the bucket the layout gives its window, not final, never written
   * (for callers that have no more).
   */
  public StoredCandle(
      String symbol,
      String resolution,
      long windowStartMs,
      double open,
      double high,
      double low,
      double close,
      double volume,
      double vwap,
      long tradeCount,
      long firstTradeMs,
      long lastTradeMs) {
    this(
        symbol,
        resolution,
        windowStartMs,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        firstTradeMs,
        lastTradeMs,
        Resolution.parse(resolution).bucket(windowStartMs),
        false,
        -1);
  }

  /** The same row with another final flag and write time. */
  public StoredCandle withFinal(boolean value, long updatedAt) {
    return new StoredCandle(
        symbol,
        resolution,
        windowStartMs,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        firstTradeMs,
        lastTradeMs,
        bucket,
        value,
        updatedAt);
  }

  /** The same row found in another partition bucket. */
  public StoredCandle inBucket(LocalDate value) {
    return new StoredCandle(
        symbol,
        resolution,
        windowStartMs,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        firstTradeMs,
        lastTradeMs,
        value,
        isFinal,
        updatedAtMs);
  }

  /** This candle with {@code updated_at} 0: for comparing two runs, whose write times differ. */
  public StoredCandle withoutUpdatedAt() {
    return new StoredCandle(
        symbol,
        resolution,
        windowStartMs,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        firstTradeMs,
        lastTradeMs,
        bucket,
        isFinal,
        0);
  }
}
