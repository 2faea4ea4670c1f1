package io.marketlab.scenarios.reference;

/**
 * A trade the reference finds late: kept in {@code trades} (flagged) and in {@code late_trades},
 * never in a candle.
 *
 * @param watermarkMs the watermark it was behind: its symbol's latest trade time before it − the
 *     delay
 */
public record ReferenceLateTrade(ReferenceTrade trade, long watermarkMs) {}
