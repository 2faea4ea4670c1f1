package io.marketlab.dashboard;

import io.marketlab.layout.Resolution;
import java.time.Instant;

/**
 * One row of {@code market.candles}: the aggregate of a symbol's trades in one window.
 *
 * @param windowStart trade time floored to the resolution, UTC
 * @param vwap Σ price·volume / Σ volume over the window
 * @param isFinal true once the processor will not update the window again
 * @param updatedAt when the processor last wrote the row; the live stream compares it
 * @param incomplete true when the window meets a gap of the feed: trades may be missing
 */
public record Candle(
    String symbol,
    Resolution resolution,
    Instant windowStart,
    double open,
    double high,
    double low,
    double close,
    double volume,
    double vwap,
    long tradeCount,
    Instant firstTradeTs,
    Instant lastTradeTs,
    boolean isFinal,
    Instant updatedAt,
    boolean incomplete) {

  /** A candle that meets no gap. */
  public Candle(
      String symbol,
      Resolution resolution,
      Instant windowStart,
      double open,
      double high,
      double low,
      double close,
      double volume,
      double vwap,
      long tradeCount,
      Instant firstTradeTs,
      Instant lastTradeTs,
      boolean isFinal,
      Instant updatedAt) {
    this(
        symbol,
        resolution,
        windowStart,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        firstTradeTs,
        lastTradeTs,
        isFinal,
        updatedAt,
        false);
  }
}
