package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.dashboard.Candle;
import io.marketlab.dashboard.CassandraMarketStore;
import io.marketlab.dashboard.LatencySummary;
import io.marketlab.dashboard.StoredTrade;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.layout.Resolution;
import io.marketlab.scenarios.pipeline.HarnessReference;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceAnalytics;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.run.ScenarioRunner;
import io.marketlab.testinfra.LabEngines;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's queries on what the real pipeline stored (a harness stack, its store session
 * shared with the dashboard's store as in lab demo): the candles and latest trades it serves are
 * the reference's, read with single-partition range scans.
 */
@LabEngines
class DashboardStoreIT {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardStoreIT.class);
  private static final String ETH = "BINANCE:ETHUSDT";

  @Test
  void the_dashboard_should_serve_the_stored_candles_and_trades(EngineSet engines) {
    Path session = engines.settings().projectRoot().resolve("replay-data/btc-eth-demo.session.gz");
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    RunNames names = RunNames.unique("it-dashboard", engines.settings().workDir());

    try (PipelineStack stack =
            PipelineStack.builder(engines, names, Feed.replay(session, Double.POSITIVE_INFINITY))
                .progress(line -> LOG.info("it-dashboard: {}", line))
                .start();
        CassandraMarketStore store =
            new CassandraMarketStore(stack.session(), names.keyspace(), List.of())) {
      stack.finishReplay(HarnessReference.expectation(reference));
      List<ReferenceCandle> expected =
          reference.candles().stream()
              .filter(
                  c ->
                      c.symbol().equals(ETH)
                          && c.resolution() == io.marketlab.scenarios.reference.Resolution.M1)
              .toList();
      Instant from = Instant.ofEpochMilli(expected.get(0).windowStartMs());
      Instant to =
          Instant.ofEpochMilli(expected.get(expected.size() - 1).windowStartMs()).plusSeconds(60);

      List<Candle> candles = store.candles(ETH, Resolution.MINUTE, from, to);

      // The analytics as /api/hourly and /api/anomalies read them: the reference's own, field by
      // field.
      ReferenceAnalytics.Result analytics =
          ReferenceAnalytics.compute(reference, ScenarioRunner.anomalyParams(engines.settings()));
      Instant all = Instant.EPOCH;
      Instant end = Instant.parse("+10000-01-01T00:00:00Z");
      for (String symbol : reference.tradesPerSymbol().keySet()) {
        assertThat(
                store.hourly(symbol, all, end).stream()
                    .map(
                        h ->
                            hourFields(
                                h.hourStartMs(),
                                h.open(),
                                h.high(),
                                h.low(),
                                h.close(),
                                h.tradeCount(),
                                h.range(),
                                h.realizedVol(),
                                h.returns()))
                    .toList())
            .as("hours of %s", symbol)
            .containsExactlyElementsOf(
                analytics.hours().stream()
                    .filter(h -> h.symbol().equals(symbol))
                    .map(
                        h ->
                            hourFields(
                                h.hourStartMs(),
                                h.open(),
                                h.high(),
                                h.low(),
                                h.close(),
                                h.tradeCount(),
                                h.range(),
                                h.realizedVol(),
                                h.returns()))
                    .toList())
            .isNotEmpty();
        assertThat(
                store.anomalies(symbol, all, end, 1000).stream()
                    .map(
                        a -> List.<Object>of(Instant.parse(a.ts()), a.kind(), a.score(), a.value()))
                    .toList())
            .as("anomalies of %s", symbol)
            .containsExactlyElementsOf(
                analytics.anomalies().stream()
                    .filter(a -> a.symbol().equals(symbol))
                    .sorted(Comparator.comparingLong(ReferenceAnalytics.Anomaly::tsMs))
                    .map(
                        a ->
                            List.<Object>of(
                                Instant.ofEpochMilli(a.tsMs()), a.kind(), a.score(), a.value()))
                    .toList());
      }
      List<StoredTrade> latest = store.latestTrades(ETH, 10);
      LatencySummary latency = store.latency(1000);

      assertThat(store.symbols())
          .containsExactlyInAnyOrderElementsOf(reference.tradesPerSymbol().keySet());
      List<String> served = new ArrayList<>();
      for (Candle candle : candles) {
        served.add(
            candle.windowStart()
                + " "
                + candle.open()
                + " "
                + candle.high()
                + " "
                + candle.low()
                + " "
                + candle.close()
                + " "
                + candle.volume()
                + " "
                + candle.vwap()
                + " "
                + candle.tradeCount());
      }
      List<String> wanted = new ArrayList<>();
      for (ReferenceCandle candle : expected) {
        wanted.add(
            Instant.ofEpochMilli(candle.windowStartMs())
                + " "
                + candle.open()
                + " "
                + candle.high()
                + " "
                + candle.low()
                + " "
                + candle.close()
                + " "
                + candle.volume()
                + " "
                + candle.vwap()
                + " "
                + candle.tradeCount());
      }
      assertThat(served).containsExactlyElementsOf(wanted);

      List<ReferenceTrade> eth =
          new ArrayList<>(reference.trades().stream().filter(t -> t.symbol().equals(ETH)).toList());
      eth.sort(
          Comparator.comparingLong(ReferenceTrade::timeMs)
              .thenComparingLong(ReferenceTrade::arrival)
              .reversed());
      // Newest first by (trade time, arrival): the store's clustering order (trade_ts, then the
      // ingest's frame_seq and index_in_frame, one ingest id) read backwards.
      List<String> latestServed = new ArrayList<>();
      for (StoredTrade trade : latest) {
        latestServed.add(
            trade.tradeTs()
                + " "
                + trade.price()
                + " "
                + trade.volume()
                + " "
                + trade.isPriceUpdate());
      }
      List<String> latestWanted = new ArrayList<>();
      for (ReferenceTrade trade : eth.subList(0, Math.min(10, eth.size()))) {
        latestWanted.add(
            Instant.ofEpochMilli(trade.timeMs())
                + " "
                + trade.price()
                + " "
                + trade.volume()
                + " "
                + trade.isPriceUpdate());
      }
      assertThat(eth).hasSizeGreaterThanOrEqualTo(10);
      assertThat(latestServed).containsExactlyElementsOf(latestWanted);

      // The latency sample: the newest 1000 trades of each symbol, then the 1000 stored last.
      long perSymbolNewest = 0;
      for (long count : reference.tradesPerSymbol().values()) {
        perSymbolNewest += Math.min(1000, count);
      }
      assertThat(latency.sampleCount()).isEqualTo((int) Math.min(1000, perSymbolNewest));
      assertThat(latency.p50Millis()).isPositive();
      assertThat(latency.p50Millis()).isLessThanOrEqualTo(latency.p99Millis());
      assertThat(latency.p99Millis()).isLessThanOrEqualTo(latency.maxMillis());
    }
  }

  /** The compared fields of an hour, from either side. */
  private static List<Object> hourFields(
      long startMs,
      double open,
      double high,
      double low,
      double close,
      long tradeCount,
      double range,
      double realizedVol,
      int returns) {
    return List.of(
        Instant.ofEpochMilli(startMs),
        open,
        high,
        low,
        close,
        tradeCount,
        range,
        realizedVol,
        returns);
  }
}
