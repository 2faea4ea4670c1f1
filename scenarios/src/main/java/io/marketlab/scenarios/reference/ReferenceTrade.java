package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.util.List;

/**
 * One trade as the reference sees it: what a frame of the replayed session carries.
 *
 * @param arrival position among all trades the ingest receives (frame order, then order in frame)
 * @param exactPrice the price as a decimal, as its source writes it: the original file's text, or
 *     for a trade read from a session frame the decimal its double prints as; candle sums use it
 * @param exactVolume the volume as a decimal, likewise
 */
public record ReferenceTrade(
    String symbol,
    double price,
    double volume,
    long timeMs,
    List<String> conditions,
    long arrival,
    BigDecimal exactPrice,
    BigDecimal exactVolume) {

  public ReferenceTrade {
    // One spelling per value (61837.63000000 and 61837.63 are one price), so equal trades are
    // equal.
    exactPrice = exactPrice.stripTrailingZeros();
    exactVolume = exactVolume.stripTrailingZeros();
  }

  /** A trade whose decimals are the ones its doubles print as. */
  public ReferenceTrade(
      String symbol,
      double price,
      double volume,
      long timeMs,
      List<String> conditions,
      long arrival) {
    this(
        symbol,
        price,
        volume,
        timeMs,
        conditions,
        arrival,
        BigDecimal.valueOf(price),
        BigDecimal.valueOf(volume));
  }

  /** The same trade at another place in the arrival order. */
  public ReferenceTrade withArrival(long value) {
    return new ReferenceTrade(
        symbol, price, volume, timeMs, conditions, value, exactPrice, exactVolume);
  }

  public boolean isPriceUpdate() {
    return volume == 0;
  }
}
