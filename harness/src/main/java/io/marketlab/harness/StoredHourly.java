package io.marketlab.harness;

/** One row of {@code hourly} (docs/ANALYTICS.md). */
public record StoredHourly(
    String symbol,
    long hourStartMs,
    double open,
    double high,
    double low,
    double close,
    double volume,
    double vwap,
    long tradeCount,
    double range,
    double realizedVol,
    int returns,
    boolean isFinal) {}
