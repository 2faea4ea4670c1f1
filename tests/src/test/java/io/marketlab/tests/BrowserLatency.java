package io.marketlab.tests;

import io.marketlab.harness.LatencyStats;
import io.marketlab.harness.StoredTrade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dashboard latency as the browser sees it: for each trade, from its receipt at the ingest (the
 * stored {@code received_at}, wall clock, µs) to the moment the page had applied it (the hook's
 * wall-clock time, ms). Browser and ingest run on one machine and read the same wall clock.
 *
 * <p><b>On the chart</b> a trade shows through its 1s candle: a candle of window W with trade count
 * n holds the first n trades of W in arrival order (the processor adds a symbol's trades in Kafka
 * order, which is the ingest's), so trade number r of W is on the chart from the first applied
 * update of W with a count of r or more. Late trades and price updates ({@code volume = 0}) are in
 * no candle and are left out. <b>In the trades table</b> a trade shows from the first applied
 * {@code trades} event with its identity (the table keeps the newest 50, so a burst may skip some:
 * reported, not required).
 *
 * <p>The chart draws a trade either through a <b>forming</b> candle (the page adds the live trades
 * of the stream to their window before the candles query stores it) or through the <b>stored</b>
 * candle; {@code chart} is the first of the two, {@code storedCandle} the stored one alone (how far
 * the stateful candles query is behind).
 *
 * <p>Only trades received after the page had loaded its snapshot count: the earlier ones reach the
 * page through the snapshot, which measures the page's opening, not the pipeline.
 */
final class BrowserLatency {

  /** One call of the page's hook: when, and what it applied. */
  record Applied(String kind, double atMillis, List<long[]> candles, Set<String> tradeIds) {}

  /** What one page recorded. */
  record Page(String symbol, List<Applied> events) {}

  /** One way of seeing a trade: how many were expected, seen, and how late. */
  record Seen(long expected, long seen, LatencyStats latency, List<String> unseen) {}

  /** The figures of one symbol's page. */
  record Result(
      String symbol,
      long trades,
      long beforeOpen,
      long notCharted,
      Seen chart,
      LatencyStats chartSteady,
      Seen table,
      Seen storedCandle) {}

  private BrowserLatency() {}

  /**
   * @param warmUpMicros only trades received this long after the first measured one count for
   *     {@code chartSteady} (the processor's first micro-batches carry Spark's planning)
   */
  static Result measure(Page page, List<StoredTrade> stored, long warmUpMicros) {
    List<StoredTrade> trades = new ArrayList<>();
    for (StoredTrade trade : stored) {
      if (trade.symbol().equals(page.symbol())) {
        trades.add(trade);
      }
    }
    trades.sort(
        Comparator.comparingLong(StoredTrade::receivedAtMicros)
            .thenComparing(StoredTrade::ingestId)
            .thenComparingLong(StoredTrade::frameSeq)
            .thenComparingInt(StoredTrade::indexInFrame));
    List<Applied> events = new ArrayList<>(page.events());
    events.sort(Comparator.comparingDouble(Applied::atMillis));
    double openedAt = Double.NaN;
    for (Applied event : events) {
      if (event.kind().equals("snapshot")) {
        openedAt = event.atMillis();
        break;
      }
    }
    // window start (s) -> how many of its trades came so far, in arrival order
    Map<Long, Integer> rankInWindow = new HashMap<>();
    List<Long> chart = new ArrayList<>();
    List<Long> steady = new ArrayList<>();
    List<Long> table = new ArrayList<>();
    List<Long> storedChart = new ArrayList<>();
    List<String> unseenStored = new ArrayList<>();
    List<Applied> storedEvents = new ArrayList<>();
    for (Applied event : events) {
      if (!event.kind().equals("forming")) {
        storedEvents.add(event);
      }
    }
    List<String> unseenChart = new ArrayList<>();
    List<String> unseenTable = new ArrayList<>();
    long beforeOpen = 0;
    long notCharted = 0;
    long measured = 0;
    long firstMeasured = Long.MIN_VALUE;
    for (StoredTrade trade : trades) {
      boolean charted = !trade.late() && trade.volume() > 0;
      long window = Math.floorDiv(trade.timeMs(), 1000L);
      int rank = charted ? rankInWindow.merge(window, 1, Integer::sum) : 0;
      double receivedMillis = trade.receivedAtMicros() / 1000.0;
      if (Double.isNaN(openedAt) || receivedMillis < openedAt) {
        beforeOpen++;
        continue;
      }
      measured++;
      if (firstMeasured == Long.MIN_VALUE) {
        firstMeasured = trade.receivedAtMicros();
      }
      Double shownAt = firstTableEvent(events, trade.identity());
      if (shownAt == null) {
        unseenTable.add(trade.identity());
      } else {
        table.add(Math.round(shownAt - receivedMillis));
      }
      if (!charted) {
        notCharted++;
        continue;
      }
      Double drawnAt = firstCandleCovering(events, window, rank);
      if (drawnAt == null) {
        unseenChart.add(
            trade.identity() + " (" + trade.describe() + ", number " + rank + " of its second)");
        continue;
      }
      Double storedAt = firstCandleCovering(storedEvents, window, rank);
      if (storedAt == null) {
        unseenStored.add(trade.identity());
      } else {
        storedChart.add(Math.round(storedAt - receivedMillis));
      }
      long latency = Math.round(drawnAt - receivedMillis);
      chart.add(latency);
      if (trade.receivedAtMicros() - firstMeasured >= warmUpMicros) {
        steady.add(latency);
      }
    }
    long chartExpected = measured - notCharted;
    return new Result(
        page.symbol(),
        trades.size(),
        beforeOpen,
        notCharted,
        seen(chartExpected, chart, unseenChart),
        seen(steady.size(), steady, List.of()).latency(),
        seen(measured, table, unseenTable),
        seen(chartExpected, storedChart, unseenStored));
  }

  private static Seen seen(long expected, List<Long> latencies, List<String> unseen) {
    long[] values = new long[latencies.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = latencies.get(i);
    }
    return new Seen(expected, values.length, LatencyStats.of(values), List.copyOf(unseen));
  }

  private static Double firstCandleCovering(List<Applied> events, long window, int rank) {
    for (Applied event : events) {
      for (long[] candle : event.candles()) {
        if (candle[0] == window && candle[1] >= rank) {
          return event.atMillis();
        }
      }
    }
    return null;
  }

  private static Double firstTableEvent(List<Applied> events, String identity) {
    for (Applied event : events) {
      if (event.tradeIds().contains(identity)) {
        return event.atMillis();
      }
    }
    return null;
  }
}
