package io.marketlab.processor;

import java.util.List;

/** Test trades: one per Kafka offset, in one partition, of ingest run "ing-test". */
final class Trades {

  private Trades() {}

  static TradeRow trade(String symbol, double price, double volume, long timeMs, long offset) {
    return new TradeRow(
        symbol,
        price,
        volume,
        timeMs,
        List.of(),
        timeMs * 1000 + 500,
        "ing-test",
        offset,
        0,
        0,
        offset,
        timeMs + 2,
        false);
  }

  /** A trade that is the {@code index}-th of frame {@code frame}. */
  static TradeRow inFrame(
      String symbol, double price, double volume, long timeMs, long frame, int index, long offset) {
    return new TradeRow(
        symbol,
        price,
        volume,
        timeMs,
        List.of(),
        timeMs * 1000,
        "ing-test",
        frame,
        index,
        0,
        offset,
        timeMs,
        false);
  }
}
