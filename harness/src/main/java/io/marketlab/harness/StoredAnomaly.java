package io.marketlab.harness;

/**
 * One row of {@code anomalies} (docs/ANALYTICS.md).
 *
 * @param prevTsMs for a price jump, the previous 1 s candle's start; null for a volume spike
 * @param prevClose for a price jump, that candle's close; null for a volume spike
 */
public record StoredAnomaly(
    String symbol,
    long tsMs,
    String kind,
    double score,
    double value,
    double baseline,
    double threshold,
    double close,
    double volume,
    Long prevTsMs,
    Double prevClose) {}
