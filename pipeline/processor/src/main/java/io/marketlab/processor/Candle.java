package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One OHLCV candle. Volume and notional (Σ p·v) are kept as exact decimals of the stored doubles
 * (stored too, so coarser candles merge from finer ones without rounding twice); {@link #volume()}
 * and {@link #vwap()} round once to double, as the independent reference does.
 *
 * @param windowStartMs trade time floored to the resolution (UTC)
 * @param isFinal true once the symbol's watermark passed the window end: no trade can change it
 */
record Candle(
    String symbol,
    Resolution resolution,
    long windowStartMs,
    double open,
    double high,
    double low,
    double close,
    BigDecimal volumeExact,
    BigDecimal notionalExact,
    long tradeCount,
    long firstTradeMs,
    long lastTradeMs,
    boolean isFinal) {

  public double volume() {
    return volumeExact.doubleValue();
  }

  /** Σp·v / Σv, divided in 34 significant digits and rounded once to double. */
  public double vwap() {
    return notionalExact.divide(volumeExact, MathContext.DECIMAL128).doubleValue();
  }

  public long windowEndMs() {
    return windowStartMs + resolution.widthMillis();
  }

  public Candle withFinal(boolean value) {
    return new Candle(
        symbol,
        resolution,
        windowStartMs,
        open,
        high,
        low,
        close,
        volumeExact,
        notionalExact,
        tradeCount,
        firstTradeMs,
        lastTradeMs,
        value);
  }
}
