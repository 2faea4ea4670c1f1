package io.marketlab.harness;

/**
 * A candle row with {@code incomplete = true}.
 *
 * @param hasCandle false for a window without trades, whose row holds only the mark
 */
public record StoredMark(String symbol, String resolution, long windowStartMs, boolean hasCandle) {}
