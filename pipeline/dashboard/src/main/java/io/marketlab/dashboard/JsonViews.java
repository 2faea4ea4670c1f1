package io.marketlab.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.marketlab.layout.HourlyComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The API's JSON shapes: plain numbers and ISO strings, so the page needs no date parsing. */
final class JsonViews {

  private JsonViews() {}

  /** {@code time} is the window start in epoch seconds, as the chart library wants it. */
  record CandleView(
      long time,
      String windowStart,
      double open,
      double high,
      double low,
      double close,
      double volume,
      double vwap,
      long tradeCount,
      boolean isFinal,
      String updatedAt,
      boolean incomplete) {}

  record TradeView(
      String id,
      String time,
      long timeMs,
      double price,
      double volume,
      boolean priceUpdate,
      List<String> conditions,
      double latencyMs) {}

  record CandlesResponse(
      String symbol, String resolution, String from, String to, List<CandleView> candles) {}

  record TradesResponse(String symbol, List<TradeView> trades) {}

  /**
   * A gap; {@code startTime}/{@code endTime} are its span in epoch seconds (floor of the low end,
   * ceiling of the high end) for shading the chart.
   */
  record GapView(
      String symbol,
      String reason,
      String category,
      String ingestId,
      String from,
      String to,
      String start,
      String end,
      long startTime,
      long endTime,
      String fromReceivedAt,
      String toReceivedAt) {}

  record GapsResponse(String symbol, String from, String to, boolean limited, List<GapView> gaps) {}

  record HourView(
      String hourStart,
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
      boolean isFinal,
      List<HourlyComparison.Against> comparisons) {}

  record HourlyResponse(String symbol, String from, String to, List<HourView> hours) {}

  record CompareResponse(
      String from,
      String to,
      String start,
      List<CrossSymbol.Line> lines,
      List<CrossSymbol.Pair> correlations) {}

  record AnomaliesResponse(
      String symbol, String from, String to, boolean limited, List<AnomalyRow> anomalies) {}

  static HourView hour(HourlyComparison.Hour h, List<HourlyComparison.Against> comparisons) {
    return new HourView(
        Instant.ofEpochMilli(h.hourStartMs()).toString(),
        h.open(),
        h.high(),
        h.low(),
        h.close(),
        h.volume(),
        h.vwap(),
        h.tradeCount(),
        h.range(),
        h.realizedVol(),
        h.returns(),
        h.isFinal(),
        comparisons);
  }

  record LatencyView(int sampleCount, double p50Ms, double p99Ms, double maxMs) {}

  /** {@code errorId} only when the detail of the failure went to the log under that id. */
  record ErrorView(
      String error, String parameter, @JsonInclude(JsonInclude.Include.NON_NULL) String errorId) {

    ErrorView(String error, String parameter) {
      this(error, parameter, null);
    }
  }

  static CandleView candle(Candle candle) {
    return new CandleView(
        Math.floorDiv(candle.windowStart().toEpochMilli(), 1000),
        candle.windowStart().toString(),
        candle.open(),
        candle.high(),
        candle.low(),
        candle.close(),
        candle.volume(),
        candle.vwap(),
        candle.tradeCount(),
        candle.isFinal(),
        iso(candle.updatedAt()),
        candle.incomplete());
  }

  static List<CandleView> candles(List<Candle> candles) {
    List<CandleView> views = new ArrayList<>(candles.size());
    for (Candle candle : candles) {
      views.add(candle(candle));
    }
    return views;
  }

  static TradeView trade(StoredTrade trade) {
    return new TradeView(
        trade.identity(),
        iso(trade.tradeTs()),
        trade.tradeTs().toEpochMilli(),
        trade.price(),
        trade.volume(),
        trade.isPriceUpdate(),
        trade.conditions(),
        trade.latencyMillis());
  }

  static List<TradeView> trades(List<StoredTrade> trades) {
    List<TradeView> views = new ArrayList<>(trades.size());
    for (StoredTrade trade : trades) {
      views.add(trade(trade));
    }
    return views;
  }

  static GapView gap(GapRow gap) {
    Instant low = gap.low();
    Instant high = gap.high();
    return new GapView(
        gap.symbol(),
        gap.reason(),
        gap.category(),
        gap.ingestId(),
        iso(gap.from()),
        iso(gap.to()),
        iso(low),
        iso(high),
        Math.floorDiv(low.toEpochMilli(), 1000),
        Math.floorDiv(high.toEpochMilli() + 999, 1000),
        micros(gap.fromReceivedAtMicros()),
        micros(gap.toReceivedAtMicros()));
  }

  static List<GapView> gaps(List<GapRow> gaps) {
    List<GapView> views = new ArrayList<>(gaps.size());
    for (GapRow gap : gaps) {
      if (gap.low() != null) {
        views.add(gap(gap));
      }
    }
    return views;
  }

  static String micros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
        .toString();
  }

  static LatencyView latency(LatencySummary summary) {
    return new LatencyView(
        summary.sampleCount(), summary.p50Millis(), summary.p99Millis(), summary.maxMillis());
  }

  static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
