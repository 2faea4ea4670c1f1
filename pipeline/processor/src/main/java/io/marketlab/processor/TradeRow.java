package io.marketlab.processor;

import io.marketlab.layout.Tables;
import java.time.LocalDate;
import java.util.List;

/**
 * One decoded trade with its Kafka coordinates, as stored in {@code market.trades}. Identity (the
 * row key besides the partition) is (trade time, ingest id, frame sequence, index in frame), so two
 * trades in one millisecond are two rows and a replay of the same offsets rewrites the same rows.
 *
 * @param late true when the trade arrived more than the watermark delay behind the latest trade
 *     time of its symbol; stored, recorded in {@code late_trades}, never in candles
 */
record TradeRow(
    String symbol,
    double price,
    double volume,
    long tradeTsMs,
    List<String> conditions,
    long receivedAtUs,
    String ingestId,
    long frameSeq,
    int indexInFrame,
    int kafkaPartition,
    long kafkaOffset,
    long kafkaTsMs,
    boolean late) {

  public TradeRow {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** v = 0: a price update, kept in trades (flagged) but never in candles. */
  public boolean isPriceUpdate() {
    return volume == 0;
  }

  /** The UTC day of the trade time: the second part of the trades partition key. */
  public LocalDate day() {
    return Tables.Trades.day(tradeTsMs);
  }

  public TradeIdentity identity() {
    return new TradeIdentity(symbol, tradeTsMs, ingestId, frameSeq, indexInFrame);
  }

  public TradeRow withLate(boolean isLate) {
    return new TradeRow(
        symbol,
        price,
        volume,
        tradeTsMs,
        conditions,
        receivedAtUs,
        ingestId,
        frameSeq,
        indexInFrame,
        kafkaPartition,
        kafkaOffset,
        kafkaTsMs,
        isLate);
  }

  /** The row key of a trade: what makes a replayed trade overwrite itself instead of doubling. */
  public record TradeIdentity(
      String symbol, long tradeTsMs, String ingestId, long frameSeq, int indexInFrame) {}
}
