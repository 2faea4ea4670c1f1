package io.marketlab.dashboard;

import io.marketlab.layout.Resolution;
import java.time.Instant;
import java.util.List;

/** Builders for candles and trades with plausible values. */
final class TestData {

  private TestData() {}

  /** A candle whose prices derive from its index, so neighbours differ. */
  static Candle candle(
      String symbol, Resolution resolution, Instant windowStart, int index, Instant updatedAt) {
    double open = 100 + (index % 17);
    double close = open + ((index % 3) - 1) * 0.5;
    return new Candle(
        symbol,
        resolution,
        windowStart,
        open,
        Math.max(open, close) + 1,
        Math.min(open, close) - 1,
        close,
        10 + index,
        (open + close) / 2,
        3 + index % 5,
        windowStart,
        windowStart.plusMillis(resolution.widthMillis() - 1),
        false,
        updatedAt);
  }

  /** A trade stored {@code latencyMicros} after it was received. */
  static StoredTrade trade(
      String symbol, Instant tradeTs, long frameSeq, double price, long latencyMicros) {
    long receivedAt = tradeTs.toEpochMilli() * 1000 + 250;
    return new StoredTrade(
        symbol,
        tradeTs,
        "ing-test",
        frameSeq,
        0,
        price,
        1.5,
        false,
        List.of("1"),
        receivedAt,
        receivedAt + latencyMicros,
        tradeTs.plusMillis(2));
  }
}
