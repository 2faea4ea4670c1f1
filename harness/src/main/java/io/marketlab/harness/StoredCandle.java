package io.marketlab.harness;

/** A candle as read back from Cassandra (resolution as its label: 1s, 1m, 1h). */
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
    long lastTradeMs) {}
