package io.marketlab.dashboard;

/**
 * One row of {@code anomalies} as the API serves it (docs/ANALYTICS.md).
 *
 * @param prevTs for a price jump, the previous 1 s candle's start (ISO-8601); null for a spike
 * @param prevClose for a price jump, that candle's close; null for a spike
 */
public record AnomalyRow(
    String ts,
    String kind,
    double score,
    double value,
    double baseline,
    double threshold,
    double close,
    double volume,
    String prevTs,
    Double prevClose) {}
