package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.ScenarioResult;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a run gets, on a "stored" state made from the reference and then damaged on purpose.
 */
class ScenarioRunnerChecksTest {

  @TempDir Path dir;
  private Reference reference;

  @BeforeEach
  void session() {
    Path file = dir.resolve("s.session.gz");
    SyntheticSession.write(
        new SyntheticSession.Spec(
            5,
            List.of("SYN:A", "SYN:B"),
            Instant.parse("2024-01-02T14:30:00Z"),
            30,
            20,
            true,
            true,
            120_000),
        file);
    reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());
  }

  @Test
  void a_faithful_run_should_pass_every_check() {
    List<Check> checks =
        ScenarioRunner.checks(
            "",
            expectations(),
            result(trades(), candles(), reference.deadLetters(), reference.lateTrades()));

    assertThat(checks).allSatisfy(check -> assertThat(check.passed()).as(check.oneLine()).isTrue());
    assertThat(checks)
        .extracting(Check::name)
        .contains(
            "stored trades = session trades",
            "candles 1s = reference",
            "candles 1m = reference",
            "candles 1h = reference",
            "ingest dead letters",
            "processor dead letters",
            "late trades kept in late_trades",
            "latency p99 ≤ 30s");
  }

  @Test
  void a_lost_trade_should_fail_naming_the_trade_and_the_candle_field() {
    List<StoredTrade> trades = trades();
    StoredTrade lost = trades.remove(0);
    List<StoredCandle> candles = candles();
    StoredCandle first = candles.get(0);
    candles.set(
        0,
        new StoredCandle(
            first.symbol(),
            first.resolution(),
            first.windowStartMs(),
            first.open(),
            first.high(),
            first.low(),
            first.close(),
            first.volume(),
            first.vwap(),
            first.tradeCount() - 1,
            first.firstTradeMs(),
            first.lastTradeMs()));

    List<Check> checks =
        ScenarioRunner.checks(
            "",
            expectations(),
            result(trades, candles, reference.deadLetters(), reference.lateTrades()));
    ScenarioResult result =
        new ScenarioResult(
            "demo", "", "s", Instant.EPOCH, Duration.ZERO, checks, new long[0], Map.of());

    assertThat(result.failureLines()).hasSize(2);
    assertThat(result.failureLines().get(0))
        .startsWith("FAIL demo: stored trades = session trades: missing 1 (1× " + lost.describe());
    assertThat(result.failureLines().get(1))
        .contains(
            "FAIL demo: candles " + first.resolution() + " = reference",
            first.symbol()
                + " "
                + first.resolution()
                + " "
                + Instant.ofEpochMilli(first.windowStartMs())
                + " trade_count");
  }

  @Test
  void wrong_dead_letter_and_late_counts_and_slow_trades_should_fail() {
    PipelineRun.Result run =
        result(trades(), candles(), reference.deadLetters() - 1, reference.lateTrades() + 1);
    Arrays.fill(run.latencyMillis(), 45_000);

    List<Check> checks = ScenarioRunner.checks("run 2: ", expectations(), run);

    assertThat(checks.stream().filter(check -> !check.passed()).map(Check::oneLine))
        .containsExactly(
            "FAIL run 2: ingest dead letters: expected "
                + reference.deadLetters()
                + " (reference: "
                + reference.malformedFrames()
                + " malformed frames, "
                + reference.unknownFrames()
                + " unknown frames, "
                + reference.rejectedTrades()
                + " rejected trades), got "
                + (reference.deadLetters() - 1),
            "FAIL run 2: late trades kept in late_trades: expected "
                + reference.lateTrades()
                + ", got "
                + (reference.lateTrades() + 1),
            "FAIL run 2: latency p99 ≤ 30s: 45000 ms is above the bound of 30000 ms");
  }

  private static Scenario.Expectations expectations() {
    Scenario.Expectations defaults = Scenario.Expectations.defaults();
    return new Scenario.Expectations(
        defaults.storedTrades(),
        defaults.candles(),
        defaults.deadLetters(),
        defaults.processorDeadLetters(),
        defaults.lateTrades(),
        new Scenario.LatencyBounds(null, null, Duration.ofSeconds(30), null));
  }

  private List<StoredTrade> trades() {
    List<StoredTrade> trades = new ArrayList<>();
    for (ReferenceTrade trade : reference.trades()) {
      trades.add(
          new StoredTrade(
              trade.symbol(),
              trade.price(),
              trade.volume(),
              trade.timeMs(),
              trade.conditions(),
              1_000_000,
              1_050_000));
    }
    return trades;
  }

  private List<StoredCandle> candles() {
    List<StoredCandle> candles = new ArrayList<>();
    for (ReferenceCandle c : reference.candles()) {
      candles.add(
          new StoredCandle(
              c.symbol(),
              c.resolution().label(),
              c.windowStartMs(),
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
    return candles;
  }

  private PipelineRun.Result result(
      List<StoredTrade> trades,
      List<StoredCandle> candles,
      long ingestDeadLetters,
      long lateTrades) {
    long[] latency = new long[trades.size()];
    Arrays.fill(latency, 50);
    IngestMetrics.Snapshot ingest =
        new IngestMetrics.Snapshot(0, trades.size(), 0, 0, 0, 0, trades.size(), 0, Map.of(), null);
    return new PipelineRun.Result(
        reference,
        trades,
        candles,
        ingestDeadLetters,
        0,
        lateTrades,
        latency,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        "ks",
        "topic",
        ingest);
  }
}
