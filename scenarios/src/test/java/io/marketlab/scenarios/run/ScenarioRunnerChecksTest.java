package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredDeadLetter;
import io.marketlab.harness.StoredLateTrade;
import io.marketlab.harness.StoredTrade;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceDeadLetter;
import io.marketlab.scenarios.reference.ReferenceLateTrade;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.ScenarioResult;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a run gets, on a "stored" state made from the reference (as a faithful pipeline would
 * store it) and then damaged on purpose.
 */
class ScenarioRunnerChecksTest {

  /** The ingest keeps the head of a larger frame (its dead letters stay below Kafka's limit). */
  private static final int KEPT_BYTES = 256 * 1024;

  @TempDir Path dir;
  private Reference reference;

  @BeforeEach
  void session() {
    Path file = dir.resolve("s.session.gz");
    SyntheticSession.write(
        new SyntheticSession.Spec(
            7,
            List.of("SYN:A", "SYN:B"),
            Instant.parse("2024-01-02T14:30:00Z"),
            60,
            20,
            true,
            true,
            120_000),
        file);
    reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());
    // what the damage below needs the session to have
    assertThat(reference.late()).isNotEmpty();
    assertThat(reference.expectedDeadLetters())
        .extracting(ReferenceDeadLetter::category)
        .contains(
            ReferenceDeadLetter.MALFORMED,
            ReferenceDeadLetter.REJECTED,
            ReferenceDeadLetter.UNKNOWN_TYPE);
    assertThat(reference.candles()).anyMatch(reference::isFinal);
  }

  @Test
  void a_faithful_run_should_pass_every_check() {
    List<Check> checks = ScenarioRunner.checks("", expectations(), result(faithful()));

    assertThat(checks).allSatisfy(check -> assertThat(check.passed()).as(check.oneLine()).isTrue());
    assertThat(checks)
        .extracting(Check::name)
        .contains(
            "stored trades = session trades",
            "is_late of every trade row = reference",
            "candles 1s = reference",
            "candles 1m = reference",
            "candles 1h = reference",
            "candles is_final = reference (final when the window ends ≤ latest trade − 10000 ms)",
            "every row in the partition of its time (trades, late_trades by day; candles by bucket)",
            "ingest dead letters",
            "dead-letter topic = reference (each frame once, with its reason)",
            "processor dead letters",
            "late trades kept in late_trades",
            "late_trades = reference's late trades (values, watermark)",
            "latency p99 ≤ 30s");
  }

  @Test
  void a_lost_trade_should_fail_naming_the_trade_and_the_candle_field() {
    Stored stored = faithful();
    int lostAt = firstCountingTrade();
    StoredTrade lost = stored.trades.remove(lostAt);
    StoredCandle first = stored.candles.get(0);
    stored.candles.set(
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
            first.lastTradeMs(),
            first.bucket(),
            first.isFinal(),
            first.updatedAtMs()));

    List<Check> checks = ScenarioRunner.checks("", expectations(), result(stored));
    ScenarioResult result =
        new ScenarioResult(
            "demo", "", "s", Instant.EPOCH, Duration.ZERO, checks, new long[0], Map.of());

    assertThat(result.failureLines()).hasSize(2);
    assertThat(result.failureLines().get(0))
        .startsWith("FAIL demo: stored trades = session trades: missing 1 (1× " + lost.describe());
    assertThat(result.failureLines().get(1))
        .contains(
            "FAIL demo: candles " + first.resolution() + " = reference",
            where(first) + " trade_count");
  }

  @Test
  void a_candle_in_the_wrong_days_bucket_should_fail_naming_symbol_window_and_bucket() {
    Stored stored = faithful();
    int index = indexOf(stored.candles, "1s");
    StoredCandle candle = stored.candles.get(index);
    LocalDate wrong = candle.bucket().plusDays(1);
    stored.candles.set(index, candle.inBucket(wrong));

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .extracting(Check::oneLine)
        .containsExactly(
            "FAIL every row in the partition of its time (trades, late_trades by day; candles by"
                + " bucket): 1 misplaced: ("
                + where(candle)
                + ": in bucket "
                + wrong
                + ", belongs in "
                + candle.bucket()
                + ")");
  }

  @Test
  void a_candle_written_to_a_second_bucket_too_should_fail_as_stored_twice_and_misplaced() {
    Stored stored = faithful();
    StoredCandle candle = stored.candles.get(indexOf(stored.candles, "1m"));
    LocalDate wrong = candle.bucket().minusDays(1);
    stored.candles.add(candle.inBucket(wrong));

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .extracting(Check::name)
        .containsExactly(
            "candles 1m = reference",
            "every row in the partition of its time (trades, late_trades by day; candles by bucket)");
    assertThat(failed.get(0).detail())
        .isEqualTo(
            "1 difference(s): ("
                + where(candle)
                + ": stored 2 times, in buckets "
                + candle.bucket()
                + ", "
                + wrong
                + ")");
    assertThat(failed.get(1).detail()).contains(where(candle) + ": in bucket " + wrong);
  }

  @Test
  void a_trade_in_the_wrong_day_should_fail_naming_the_trade_and_its_day() {
    Stored stored = faithful();
    StoredTrade trade = stored.trades.get(0);
    stored.trades.set(0, trade.inDay(trade.day().minusDays(1)));

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .singleElement()
        .extracting(Check::detail)
        .asString()
        .contains(
            "trade "
                + trade.describe()
                + ": in day "
                + trade.day().minusDays(1)
                + ", belongs in "
                + trade.day());
  }

  @Test
  void candles_whose_is_final_is_never_set_should_fail_naming_each_window() {
    Stored stored = faithful();
    List<StoredCandle> open = new ArrayList<>();
    for (StoredCandle candle : stored.candles) {
      open.add(candle.withFinal(false, candle.updatedAtMs()));
    }
    long expectedFinal = reference.candles().stream().filter(reference::isFinal).count();
    ReferenceCandle firstFinal =
        reference.candles().stream().filter(reference::isFinal).findFirst().orElseThrow();

    List<Check> failed =
        failures(
            ScenarioRunner.checks(
                "",
                expectations(),
                result(new Stored(stored.trades, open, stored.late, stored.letters))));

    assertThat(failed)
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.name()).startsWith("candles is_final = reference");
              assertThat(check.expected()).isEqualTo(expectedFinal + " final");
              assertThat(check.actual()).isEqualTo("0 final of " + reference.candles().size());
              assertThat(check.detail())
                  .startsWith(
                      expectedFinal
                          + " difference(s): ("
                          + firstFinal.key()
                          + " is_final: expected true, got false");
            });
  }

  @Test
  void a_candle_final_too_early_should_fail() {
    Stored stored = faithful();
    ReferenceCandle stillOpen =
        reference.candles().stream().filter(c -> !reference.isFinal(c)).findFirst().orElseThrow();
    for (int i = 0; i < stored.candles.size(); i++) {
      StoredCandle candle = stored.candles.get(i);
      if (where(candle).equals(stillOpen.key().toString())) {
        stored.candles.set(i, candle.withFinal(true, candle.updatedAtMs()));
      }
    }

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .singleElement()
        .extracting(Check::detail)
        .asString()
        .isEqualTo("1 difference(s): (" + stillOpen.key() + " is_final: expected false, got true)");
  }

  @Test
  void a_late_trade_missing_from_late_trades_should_fail_naming_it() {
    Stored stored = faithful();
    StoredLateTrade missing = stored.late.remove(0);

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .extracting(Check::oneLine)
        .containsExactly(
            "FAIL late trades kept in late_trades: expected "
                + reference.late().size()
                + ", got "
                + (reference.late().size() - 1),
            "FAIL late_trades = reference's late trades (values, watermark): 1 difference(s):"
                + " (missing "
                + missing.symbol()
                + " "
                + missing.price()
                + " x "
                + missing.volume()
                + " at "
                + Instant.ofEpochMilli(missing.timeMs())
                + " (watermark "
                + Instant.ofEpochMilli(missing.watermarkMs())
                + "))");
  }

  @Test
  void a_late_trade_with_another_watermark_should_fail_naming_the_field() {
    Stored stored = faithful();
    StoredLateTrade late = stored.late.get(0);
    stored.late.set(
        0,
        new StoredLateTrade(
            late.symbol(),
            late.day(),
            late.timeMs(),
            late.ingestId(),
            late.frameSeq(),
            late.indexInFrame(),
            late.price(),
            late.volume(),
            late.watermarkMs() + 1,
            late.receivedAtMicros()));

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .singleElement()
        .extracting(Check::detail)
        .asString()
        .contains(
            "watermark: expected "
                + Instant.ofEpochMilli(late.watermarkMs())
                + ", got "
                + Instant.ofEpochMilli(late.watermarkMs() + 1));
  }

  @Test
  void a_late_trade_stored_unflagged_should_fail_the_flag_and_the_late_trades_identity() {
    Stored stored = faithful();
    int index = -1;
    for (int i = 0; i < stored.trades.size(); i++) {
      if (stored.trades.get(i).late()) {
        index = i;
        break;
      }
    }
    StoredTrade trade = stored.trades.get(index);
    stored.trades.set(index, trade.withLate(false));

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .extracting(Check::name)
        .containsExactly(
            "is_late of every trade row = reference",
            "late_trades = reference's late trades (values, watermark)");
    assertThat(failed.get(0).detail())
        .contains(trade.describe() + ": is_late expected true, got false");
    assertThat(failed.get(1).detail())
        .contains("[" + trade.identity() + "]: no trade row with its identity is late");
  }

  @Test
  void a_dead_letter_with_the_wrong_reason_should_fail_naming_the_frame_and_both_reasons() {
    Stored stored = faithful();
    int index = -1;
    for (int i = 0; i < stored.letters.size(); i++) {
      if (stored.letters.get(i).category().equals(ReferenceDeadLetter.REJECTED)) {
        index = i;
        break;
      }
    }
    StoredDeadLetter letter = stored.letters.get(index);
    stored.letters.set(
        index,
        new StoredDeadLetter(
            letter.partition(),
            letter.offset(),
            "malformed: not JSON",
            letter.frameSeq(),
            letter.indexInFrame(),
            letter.value(),
            letter.frameBytes()));
    ReferenceDeadLetter expected = reference.expectedDeadLetters().get(index);
    long offset = index;

    List<Check> failed = failures(ScenarioRunner.checks("", expectations(), result(stored)));

    assertThat(failed)
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.name())
                  .isEqualTo("dead-letter topic = reference (each frame once, with its reason)");
              assertThat(check.detail())
                  .startsWith(
                      "1 difference(s): (session frame #"
                          + expected.frame()
                          + " trade "
                          + expected.indexInFrame()
                          + " `")
                  .contains(
                      "reason expected 'rejected: ...', got 'malformed: not JSON' at p0:" + offset);
            });
  }

  @Test
  void a_dead_letter_lost_and_one_extra_should_both_be_named() {
    Stored stored = faithful();
    StoredDeadLetter lost = stored.letters.remove(stored.letters.size() - 1);
    byte[] other = "{\"type\":\"news\"}".getBytes(StandardCharsets.UTF_8);
    stored.letters.add(
        new StoredDeadLetter(1, 7, "unknown-type: news", 99, -1, other, other.length));

    Check check =
        ScenarioRunner.checks("", expectations(), result(stored)).stream()
            .filter(c -> c.name().startsWith("dead-letter topic"))
            .findFirst()
            .orElseThrow();

    assertThat(check.passed()).isFalse();
    assertThat(check.detail())
        .contains("missing session frame #")
        .contains("'" + lost.category() + "'")
        .contains("not in the reference: p1:7 reason 'unknown-type: news' `{\"type\":\"news\"}`");
  }

  @Test
  void wrong_dead_letter_and_late_counts_and_slow_trades_should_fail() {
    PipelineRun.Result run = result(faithful(), reference.deadLetters() - 1);
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
                + reference.rejectedFrames()
                + " frames with "
                + reference.rejectedTrades()
                + " rejected trades; one dead letter per frame), got "
                + (reference.deadLetters() - 1),
            "FAIL run 2: latency p99 ≤ 30s: 45000 ms is above the bound of 30000 ms");
  }

  @Test
  void a_fixed_dead_letter_count_should_be_checked_against_the_topic() {
    Scenario.Expectations defaults = expectations();
    Scenario.Expectations zero =
        new Scenario.Expectations(
            defaults.storedTrades(),
            defaults.candles(),
            Scenario.Count.of(0),
            defaults.processorDeadLetters(),
            defaults.lateTrades(),
            defaults.latency());

    Check check =
        ScenarioRunner.checks("", zero, result(faithful(), 0)).stream()
            .filter(c -> c.name().equals("dead-letter topic records"))
            .findFirst()
            .orElseThrow();

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).startsWith("expected 0, got " + reference.deadLetters() + " (p0:0");
  }

  // --- a faithful store, made from the reference --------------------------------------------

  /** What a run stored: mutable lists, so a test can damage them. */
  private record Stored(
      List<StoredTrade> trades,
      List<StoredCandle> candles,
      List<StoredLateTrade> late,
      List<StoredDeadLetter> letters) {}

  private Stored faithful() {
    Set<Long> lateArrivals = reference.lateArrivals();
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
              1_050_000,
              day(trade.timeMs()),
              lateArrivals.contains(trade.arrival()),
              "ing-test",
              trade.arrival(),
              0));
    }
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
              c.lastTradeMs(),
              c.resolution().bucket(c.windowStartMs()),
              reference.isFinal(c),
              1_100));
    }
    List<StoredLateTrade> late = new ArrayList<>();
    for (ReferenceLateTrade lateTrade : reference.late()) {
      ReferenceTrade trade = lateTrade.trade();
      late.add(
          new StoredLateTrade(
              trade.symbol(),
              day(trade.timeMs()),
              trade.timeMs(),
              "ing-test",
              trade.arrival(),
              0,
              trade.price(),
              trade.volume(),
              lateTrade.watermarkMs(),
              1_000_000));
    }
    List<StoredDeadLetter> letters = new ArrayList<>();
    for (ReferenceDeadLetter letter : reference.expectedDeadLetters()) {
      byte[] frame = letter.frameText().getBytes(StandardCharsets.UTF_8);
      byte[] value = frame.length > KEPT_BYTES ? Arrays.copyOf(frame, KEPT_BYTES) : frame;
      letters.add(
          new StoredDeadLetter(
              0,
              letters.size(),
              letter.category() + ": as the ingest words it",
              letter.frame(),
              letter.indexInFrame(),
              value,
              frame.length));
    }
    return new Stored(trades, candles, late, letters);
  }

  private static LocalDate day(long timeMs) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(timeMs), ZoneOffset.UTC);
  }

  private static String where(StoredCandle candle) {
    return candle.symbol()
        + " "
        + candle.resolution()
        + " "
        + Instant.ofEpochMilli(candle.windowStartMs());
  }

  private static int indexOf(List<StoredCandle> candles, String resolution) {
    for (int i = 0; i < candles.size(); i++) {
      if (candles.get(i).resolution().equals(resolution)) {
        return i;
      }
    }
    throw new AssertionError("no " + resolution + " candle");
  }

  /** The first trade that is in a candle of the first stored candle's window (its 1s window). */
  private int firstCountingTrade() {
    ReferenceCandle first = reference.candles().get(0);
    Set<Long> late = reference.lateArrivals();
    for (int i = 0; i < reference.trades().size(); i++) {
      ReferenceTrade trade = reference.trades().get(i);
      if (trade.symbol().equals(first.symbol())
          && !late.contains(trade.arrival())
          && !trade.isPriceUpdate()
          && first.resolution().windowStart(trade.timeMs()) == first.windowStartMs()) {
        return i;
      }
    }
    throw new AssertionError("no trade in " + first.key());
  }

  private static List<Check> failures(List<Check> checks) {
    return checks.stream().filter(check -> !check.passed()).toList();
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

  private PipelineRun.Result result(Stored stored) {
    return result(stored, reference.deadLetters());
  }

  private PipelineRun.Result result(Stored stored, long ingestDeadLetters) {
    long[] latency = new long[stored.trades.size()];
    Arrays.fill(latency, 50);
    IngestMetrics.Snapshot ingest =
        new IngestMetrics.Snapshot(
            0, stored.trades.size(), 0, 0, 0, 0, stored.trades.size(), 0, Map.of(), null);
    return new PipelineRun.Result(
        reference,
        stored.trades,
        stored.candles,
        stored.late,
        stored.letters,
        ingestDeadLetters,
        0,
        latency,
        new long[0],
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        "ks",
        "topic",
        ingest,
        List.of(),
        0,
        List.of(),
        GapChecksTest.storedAsExpected(reference),
        GapChecksTest.marksAsExpected(reference),
        null,
        null);
  }
}
