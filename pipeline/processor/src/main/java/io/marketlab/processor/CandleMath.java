package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The candle rules of DESIGN.md, as pure functions: window = trade time floored to the resolution
 * (UTC); open/close = first/last trade by (trade time, arrival order); high, low, volume, VWAP and
 * count over the window; v = 0 and late trades excluded. Sums are exact decimals of the doubles
 * ({@link BigDecimal#valueOf(double)}), so the result does not depend on grouping or order.
 */
final class CandleMath {

  /**
   * Trade order inside a window. Arrival order within an ingest run is (frame_seq, index_in_frame);
   * ingest ids start with their UTC start time, so runs sort in the order they ran. This is also
   * the clustering order of {@code market.trades}.
   */
  public static final Comparator<TradeRow> TRADE_ORDER =
      Comparator.comparingLong(TradeRow::tradeTsMs)
          .thenComparing(TradeRow::ingestId)
          .thenComparingLong(TradeRow::frameSeq)
          .thenComparingInt(TradeRow::indexInFrame);

  private CandleMath() {}

  /** Whether a trade enters candles at all. */
  public static boolean countsInCandles(TradeRow trade) {
    return !trade.late() && !trade.isPriceUpdate();
  }

  /**
   * The candle of one window from its trades (any order; trades outside the window, v = 0 and late
   * trades are ignored), or empty when no trade counts.
   */
  public static Optional<Candle> fromTrades(
      String symbol, Resolution resolution, long windowStartMs, List<TradeRow> trades) {
    List<TradeRow> counted = new ArrayList<>();
    for (TradeRow trade : trades) {
      if (trade.symbol().equals(symbol)
          && resolution.windowStart(trade.tradeTsMs()) == windowStartMs
          && countsInCandles(trade)) {
        counted.add(trade);
      }
    }
    if (counted.isEmpty()) {
      return Optional.empty();
    }
    counted.sort(TRADE_ORDER);
    double high = Double.NEGATIVE_INFINITY;
    double low = Double.POSITIVE_INFINITY;
    BigDecimal volume = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;
    for (TradeRow trade : counted) {
      high = Math.max(high, trade.price());
      low = Math.min(low, trade.price());
      BigDecimal v = BigDecimal.valueOf(trade.volume());
      volume = volume.add(v);
      notional = notional.add(BigDecimal.valueOf(trade.price()).multiply(v));
    }
    TradeRow first = counted.get(0);
    TradeRow last = counted.get(counted.size() - 1);
    return Optional.of(
        new Candle(
            symbol,
            resolution,
            windowStartMs,
            first.price(),
            high,
            low,
            last.price(),
            volume,
            notional,
            counted.size(),
            first.tradeTsMs(),
            last.tradeTsMs(),
            false));
  }

  /**
   * A coarser candle from the finer candles inside its window. Finer windows do not overlap, so the
   * open is the open of the earliest one and the close the close of the latest one.
   */
  public static Optional<Candle> merge(
      String symbol, Resolution resolution, long windowStartMs, List<Candle> finer) {
    List<Candle> parts = new ArrayList<>();
    for (Candle candle : finer) {
      if (candle.symbol().equals(symbol)
          && candle.resolution() == resolution.finer()
          && resolution.windowStart(candle.windowStartMs()) == windowStartMs) {
        parts.add(candle);
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    parts.sort(Comparator.comparingLong(Candle::windowStartMs));
    double high = Double.NEGATIVE_INFINITY;
    double low = Double.POSITIVE_INFINITY;
    BigDecimal volume = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;
    long count = 0;
    for (Candle part : parts) {
      high = Math.max(high, part.high());
      low = Math.min(low, part.low());
      volume = volume.add(part.volumeExact());
      notional = notional.add(part.notionalExact());
      count += part.tradeCount();
    }
    Candle first = parts.get(0);
    Candle last = parts.get(parts.size() - 1);
    return Optional.of(
        new Candle(
            symbol,
            resolution,
            windowStartMs,
            first.open(),
            high,
            low,
            last.close(),
            volume,
            notional,
            count,
            first.firstTradeMs(),
            last.lastTradeMs(),
            false));
  }
}
