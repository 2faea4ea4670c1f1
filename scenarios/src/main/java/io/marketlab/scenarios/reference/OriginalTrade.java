package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.util.List;

/**
 * One trade as the reference reads it from an original public file, mapped to what the pipeline
 * must store (Finnhub symbol, price, volume, trade time in ms, conditions).
 *
 * @param exactPrice the price as the file writes it (e.g. {@code 61837.63000000}, or LEAN's {@code
 *     1674100} × 10⁻⁴), before any rounding to double
 * @param exactVolume the quantity as the file writes it
 * @param receiptMicros when the replayed session delivers it, µs since epoch: the capture time for
 *     websocket captures, the trade time otherwise (this orders the replay)
 * @param where file and line, for messages
 */
public record OriginalTrade(
    String symbol,
    double price,
    double volume,
    long timeMs,
    List<String> conditions,
    BigDecimal exactPrice,
    BigDecimal exactVolume,
    long receiptMicros,
    String where) {

  /** What a frame of the replayed session carries for it, before its arrival number is known. */
  ReferenceTrade toReferenceTrade() {
    return new ReferenceTrade(
        symbol, price, volume, timeMs, conditions, -1, exactPrice, exactVolume);
  }

  public String describe() {
    return symbol
        + " "
        + exactPrice.toPlainString()
        + " x "
        + exactVolume.toPlainString()
        + " at "
        + java.time.Instant.ofEpochMilli(timeMs)
        + " ("
        + where
        + ")";
  }
}
