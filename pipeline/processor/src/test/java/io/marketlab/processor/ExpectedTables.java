package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A test-side model of what the tables must hold, written trade by trade in arrival order (no
 * batches, no read-back): lateness per symbol, candles as running accumulators in exact decimals.
 */
final class ExpectedTables {

  /** One expected candle's values. */
  record Expected(
      double open,
      double high,
      double low,
      double close,
      double volume,
      double vwap,
      long count,
      long firstMs,
      long lastMs) {}

  final Map<String, Expected> candles = new TreeMap<>();
  final Set<String> lateTrades = new TreeSet<>();

  static ExpectedTables of(List<TradeRow> arrivalOrder, long delayMs) {
    ExpectedTables tables = new ExpectedTables();
    Map<String, Long> latest = new HashMap<>();
    Map<String, Object[]> acc = new TreeMap<>();
    for (TradeRow t : arrivalOrder) {
      Long max = latest.get(t.symbol());
      if (max != null && t.tradeTsMs() < max - delayMs) {
        tables.lateTrades.add(InMemoryStore.tradeKey(t));
        continue;
      }
      latest.put(t.symbol(), max == null ? t.tradeTsMs() : Math.max(max, t.tradeTsMs()));
      if (t.volume() == 0) {
        continue;
      }
      for (Resolution r : Resolution.values()) {
        long start = t.tradeTsMs() - Math.floorMod(t.tradeTsMs(), r.widthMillis());
        String key = InMemoryStore.candleKey(t.symbol(), r, start);
        // first, last, high, low, volume, notional, count
        Object[] a =
            acc.computeIfAbsent(
                key,
                k ->
                    new Object[] {
                      t, t, t.price(), t.price(), BigDecimal.ZERO, BigDecimal.ZERO, 0L
                    });
        if (earlier(t, (TradeRow) a[0])) {
          a[0] = t;
        }
        if (earlier((TradeRow) a[1], t)) {
          a[1] = t;
        }
        a[2] = Math.max((double) a[2], t.price());
        a[3] = Math.min((double) a[3], t.price());
        a[4] = ((BigDecimal) a[4]).add(new BigDecimal(Double.toString(t.volume())));
        a[5] =
            ((BigDecimal) a[5])
                .add(
                    new BigDecimal(Double.toString(t.price()))
                        .multiply(new BigDecimal(Double.toString(t.volume()))));
        a[6] = (long) a[6] + 1;
      }
    }
    for (Map.Entry<String, Object[]> e : acc.entrySet()) {
      Object[] a = e.getValue();
      TradeRow first = (TradeRow) a[0];
      TradeRow last = (TradeRow) a[1];
      BigDecimal volume = (BigDecimal) a[4];
      tables.candles.put(
          e.getKey(),
          new Expected(
              first.price(),
              (double) a[2],
              (double) a[3],
              last.price(),
              volume.doubleValue(),
              ((BigDecimal) a[5]).divide(volume, MathContext.DECIMAL128).doubleValue(),
              (long) a[6],
              first.tradeTsMs(),
              last.tradeTsMs()));
    }
    return tables;
  }

  /** Time first; a tie goes to the trade that arrived first (single ingest run: frame, index). */
  private static boolean earlier(TradeRow a, TradeRow b) {
    if (a.tradeTsMs() != b.tradeTsMs()) {
      return a.tradeTsMs() < b.tradeTsMs();
    }
    return a.frameSeq() < b.frameSeq()
        || (a.frameSeq() == b.frameSeq() && a.indexInFrame() < b.indexInFrame());
  }

  /** The stored candles in the same shape, for comparison. */
  static Map<String, Expected> actual(InMemoryStore store) {
    Map<String, Expected> actual = new TreeMap<>();
    for (Map.Entry<String, Candle> e : store.candles.entrySet()) {
      Candle c = e.getValue();
      actual.put(
          e.getKey(),
          new Expected(
              c.open(),
              c.high(),
              c.low(),
              c.close(),
              c.volume(),
              c.vwap(),
              c.tradeCount(),
              c.firstTradeMs(),
              c.lastTradeMs()));
    }
    return actual;
  }
}
