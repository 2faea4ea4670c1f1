package io.marketlab.processor;

import static io.marketlab.processor.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.layout.Resolution;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a micro-batch does, through the state function and the partition writer (ported from the
 * driver-side BatchProcessor's tests: same cases, same expected values).
 */
class StatefulBatchTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z, a whole minute
  private static final long DELAY = 10_000;
  private static final String QUERY = "q1";

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final InMemoryStore store = new InMemoryStore();
  private final StatefulBatches processor = new StatefulBatches(store, DELAY, CLOCK);

  @Test
  void should_count_an_out_of_order_trade_within_the_watermark() {
    processor.process(
        QUERY,
        0,
        List.of(trade("S", 10, 1, T0 + 10_000, 0), trade("S", 11, 1, T0 + 12_000, 1)),
        List.of());
    processor.process(QUERY, 1, List.of(trade("S", 9, 1, T0 + 5_000, 2)), List.of());

    assertThat(store.lateTrades).isEmpty();
    Candle minute = store.candles.get(InMemoryStore.candleKey("S", Resolution.MINUTE, T0));
    assertThat(minute.open()).isEqualTo(9);
    assertThat(minute.close()).isEqualTo(11);
    assertThat(minute.tradeCount()).isEqualTo(3);
  }

  @Test
  void should_store_and_record_a_late_trade_but_leave_it_out_of_candles() {
    processor.process(QUERY, 0, List.of(trade("S", 10, 1, T0 + 30_000, 0)), List.of());
    TradeRow late = trade("S", 99, 5, T0 + 15_000, 1);
    BatchSummary summary = processor.process(QUERY, 1, List.of(late), List.of());

    assertThat(summary.lateTrades()).isEqualTo(1);
    assertThat(store.trades.get(InMemoryStore.tradeKey(late)).late()).isTrue();
    assertThat(store.lateTrades.get(InMemoryStore.tradeKey(late)).watermarkMs())
        .isEqualTo(T0 + 20_000);
    assertThat(store.candles)
        .doesNotContainKey(InMemoryStore.candleKey("S", Resolution.SECOND, T0 + 15_000));
    assertThat(store.candles.get(InMemoryStore.candleKey("S", Resolution.MINUTE, T0)).tradeCount())
        .isEqualTo(1);
  }

  @Test
  void should_judge_lateness_per_symbol() {
    processor.process(
        QUERY,
        0,
        List.of(trade("A", 10, 1, T0 + 50_000, 0), trade("B", 10, 1, T0 + 1_000, 1)),
        List.of());

    assertThat(store.lateTrades).isEmpty();
  }

  @Test
  void should_mark_a_candle_final_once_the_watermark_passes_its_end() {
    processor.process(QUERY, 0, List.of(trade("S", 10, 1, T0 + 1_500, 0)), List.of());
    String second = InMemoryStore.candleKey("S", Resolution.SECOND, T0 + 1_000);
    assertThat(store.candles.get(second).isFinal()).isFalse();

    processor.process(QUERY, 1, List.of(trade("S", 10, 1, T0 + 12_000, 1)), List.of());

    assertThat(store.candles.get(second).isFinal()).isTrue();
    assertThat(store.candles.get(InMemoryStore.candleKey("S", Resolution.MINUTE, T0)).isFinal())
        .isFalse();
  }

  @Test
  void should_store_price_updates_flagged_but_not_in_candles() {
    TradeRow update = trade("S", 10, 0, T0 + 1_000, 0);
    processor.process(QUERY, 0, List.of(update), List.of());

    assertThat(store.trades.get(InMemoryStore.tradeKey(update)).isPriceUpdate()).isTrue();
    assertThat(store.candles).isEmpty();
  }

  @Test
  void should_pass_dead_letters_through_with_their_reason() {
    DeadLetter letter =
        new DeadLetter(
            "trades", 0, 42, T0, new byte[] {1, 2}, "value is not an Avro Trade (2 bytes)");
    BatchSummary summary = processor.process(QUERY, 0, List.of(), List.of(letter));

    assertThat(summary.deadLetters()).isEqualTo(1);
    assertThat(store.deadLetters.get("trades|0|42").value()).containsExactly(1, 2);
  }

  @Test
  void should_end_with_the_same_tables_whatever_the_batching() {
    List<TradeRow> arrival = randomSession(new Random(11), 3_000);
    ExpectedTables expected = ExpectedTables.of(arrival, DELAY);

    InMemoryStore oneBatch = run(arrival, arrival.size(), -1, 0);
    InMemoryStore smallBatches = run(arrival, 7, -1, 0);
    InMemoryStore single = run(arrival, 1, -1, 0);

    assertThat(expected.lateTrades).isNotEmpty();
    assertThat(ExpectedTables.actual(oneBatch)).isEqualTo(expected.candles);
    assertThat(oneBatch.lateTrades.keySet()).isEqualTo(expected.lateTrades);
    for (InMemoryStore other : List.of(smallBatches, single)) {
      assertThat(other.trades).isEqualTo(oneBatch.trades);
      assertThat(other.candles).isEqualTo(oneBatch.candles);
      assertThat(other.lateTrades).isEqualTo(oneBatch.lateTrades);
    }
  }

  @Test
  void should_keep_the_same_candles_late_trades_and_counts_when_a_real_time_query_writes_rows() {
    List<TradeRow> arrival = randomSession(new Random(23), 2_000);
    InMemoryStore everything = new InMemoryStore();
    InMemoryStore stateOnly = new InMemoryStore();
    StatefulBatches all = new StatefulBatches(everything, DELAY, CLOCK, true);
    StatefulBatches tallied = new StatefulBatches(stateOnly, DELAY, CLOCK, false);
    List<BatchSummary> allSummaries = new ArrayList<>();
    List<BatchSummary> talliedSummaries = new ArrayList<>();
    for (int from = 0, batch = 0; from < arrival.size(); from += 97, batch++) {
      List<TradeRow> slice = arrival.subList(from, Math.min(arrival.size(), from + 97));
      allSummaries.add(all.process(QUERY, batch, slice, List.of()));
      talliedSummaries.add(tallied.process(QUERY, batch, slice, List.of()));
    }

    assertThat(everything.lateTrades).isNotEmpty();
    assertThat(stateOnly.candles).isEqualTo(everything.candles);
    assertThat(stateOnly.lateTrades).isEqualTo(everything.lateTrades);
    // only the late trades' flags are written as rows; the rest is the real-time query's
    assertThat(stateOnly.lateFlags).isEqualTo(everything.lateTrades.keySet());
    assertThat(stateOnly.trades).isEmpty();
    for (int i = 0; i < allSummaries.size(); i++) {
      BatchSummary a = allSummaries.get(i);
      BatchSummary t = talliedSummaries.get(i);
      assertThat(t.records()).isEqualTo(a.records());
      assertThat(t.trades()).isEqualTo(a.trades());
      assertThat(t.priceUpdates()).isEqualTo(a.priceUpdates());
      assertThat(t.lateTrades()).isEqualTo(a.lateTrades());
      assertThat(t.candlesWritten()).isEqualTo(a.candlesWritten());
      assertThat(t.offsets()).isEqualTo(a.offsets());
    }
  }

  @Test
  void should_end_with_the_same_tables_after_a_crash_in_the_middle_of_a_batch() {
    List<TradeRow> arrival = randomSession(new Random(5), 1_500);
    InMemoryStore clean = run(arrival, 50, -1, 0);
    int writes = writesOfBatch(arrival, 50, 9);
    assertThat(writes).isGreaterThan(50);
    for (int crashAfter : new int[] {0, 1, writes / 4, writes / 2, writes * 3 / 4, writes - 1}) {
      InMemoryStore crashed = run(arrival, 50, 9, crashAfter);

      assertThat(crashed.trades)
          .as("trades, crash after %d writes", crashAfter)
          .isEqualTo(clean.trades);
      assertThat(crashed.candles)
          .as("candles, crash after %d writes", crashAfter)
          .isEqualTo(clean.candles);
      assertThat(crashed.lateTrades).isEqualTo(clean.lateTrades);
    }
  }

  @Test
  void should_rewrite_the_same_rows_when_the_last_batch_runs_again() {
    List<TradeRow> arrival = randomSession(new Random(3), 600);
    InMemoryStore once = run(arrival, 100, -1, 0);
    InMemoryStore twice = new InMemoryStore();
    StatefulBatches again = run(twice, arrival, 100, -1, 0); // its checkpoint: every state version
    // Spark re-runs only the last batch (the one not yet committed); bursts make the session 714
    // trades long, so that is batch 7, not batch 5.
    int last = (arrival.size() - 1) / 100;
    again.process(QUERY, last, arrival.subList(last * 100, arrival.size()), List.of());

    assertThat(twice.trades).isEqualTo(once.trades);
    assertThat(twice.candles).isEqualTo(once.candles);
  }

  private static int writesOfBatch(List<TradeRow> arrival, int batchSize, int batchId) {
    InMemoryStore target = new InMemoryStore();
    StatefulBatches batches = new StatefulBatches(target, DELAY, Clock.systemUTC());
    for (int id = 0; id <= batchId; id++) {
      int before = target.writeCount;
      batches.process(QUERY, id, arrival.subList(id * batchSize, (id + 1) * batchSize), List.of());
      if (id == batchId) {
        return target.writeCount - before;
      }
    }
    throw new IllegalArgumentException("no batch " + batchId);
  }

  /**
   * Runs the arrival sequence in batches; batch {@code crashBatch} dies after some writes first.
   */
  private static InMemoryStore run(
      List<TradeRow> arrival, int batchSize, int crashBatch, int crashAfter) {
    InMemoryStore target = new InMemoryStore();
    run(target, arrival, batchSize, crashBatch, crashAfter);
    return target;
  }

  private static StatefulBatches run(
      InMemoryStore target, List<TradeRow> arrival, int batchSize, int crashBatch, int crashAfter) {
    StatefulBatches batches = new StatefulBatches(target, DELAY, Clock.systemUTC());
    long batchId = 0;
    for (int from = 0; from < arrival.size(); from += batchSize, batchId++) {
      List<TradeRow> batch = arrival.subList(from, Math.min(arrival.size(), from + batchSize));
      if (batchId == crashBatch) {
        target.failAfterWrites(crashAfter);
        long id = batchId;
        assertThatThrownBy(() -> batches.process(QUERY, id, batch, List.of()))
            .hasMessageContaining("simulated crash");
        target.heal();
      }
      batches.process(QUERY, batchId, batch, List.of());
    }
    return batches;
  }

  /**
   * Two symbols in two partitions, arrival mostly in time order with jitter up to 3 s, some trades
   * 12-40 s behind (late), v = 0 updates, bursts in one millisecond, repeated prices.
   */
  static List<TradeRow> randomSession(Random random, int count) {
    List<TradeRow> trades = new ArrayList<>();
    Map<String, Long> clock = new TreeMap<>(Map.of("A", T0, "B", T0 + 500));
    long offset = 0;
    for (int i = 0; i < count; i++) {
      String symbol = random.nextBoolean() ? "A" : "B";
      long now = clock.get(symbol) + random.nextInt(120);
      clock.put(symbol, now);
      long time =
          switch (random.nextInt(20)) {
            case 0 -> now - 12_000 - random.nextInt(28_000);
            case 1, 2 -> now - random.nextInt(3_000);
            default -> now;
          };
      double price = 100 + random.nextInt(50) / 10.0;
      double volume = random.nextInt(12) == 0 ? 0 : random.nextInt(1000) / 1000.0 + 0.001;
      int burst = random.nextInt(10) == 0 ? 3 : 1;
      for (int b = 0; b < burst; b++) {
        trades.add(
            new TradeRow(
                symbol,
                price,
                volume,
                time,
                List.of(),
                time * 1000,
                "ing-test",
                i,
                b,
                symbol.equals("A") ? 0 : 1,
                offset++,
                time,
                false));
      }
    }
    return trades;
  }
}
