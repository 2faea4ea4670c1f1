package io.marketlab.processor;

/**
 * An hour's row of the {@code hourly} table (docs/ANALYTICS.md): its 1h candle and the realised
 * volatility of its final 1 s candles so far.
 *
 * @param candle the hour's 1h candle (its {@code isFinal} is the row's)
 * @param returns how many 1 s log returns {@code realizedVol} sums
 */
record HourlyRow(Candle candle, long returns, double realizedVol) {

  double range() {
    return candle.high() - candle.low();
  }
}
