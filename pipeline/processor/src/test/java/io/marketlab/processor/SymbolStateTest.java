package io.marketlab.processor;

import static io.marketlab.processor.Trades.inFrame;
import static io.marketlab.processor.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.layout.Resolution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The state function on constructed batches, its candles compared with {@link CandleMath} over the
 * same trades: same millisecond, v = 0, out of order, late, window closing, a restart from the
 * saved state.
 */
class SymbolStateTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z, a whole minute
  private static final long DELAY = 10_000;

  /** What one batch produced. */
  private static final class Recorded implements SymbolState.Output {
    final List<TradeRow> trades = new ArrayList<>();
    final List<Long> watermarks = new ArrayList<>();
    final List<TradeRow> duplicates = new ArrayList<>();
    final Map<String, Candle> changed = new TreeMap<>();
    final Map<String, Candle> finalized = new TreeMap<>();

    @Override
    public void trade(TradeRow trade, long watermarkMs) {
      trades.add(trade);
      watermarks.add(watermarkMs);
    }

    @Override
    public void duplicate(TradeRow trade) {
      duplicates.add(trade);
    }

    @Override
    public void candle(Candle candle, boolean isChanged) {
      String key =
          InMemoryStore.candleKey(candle.symbol(), candle.resolution(), candle.windowStartMs());
      assertThat(changed).doesNotContainKey(key);
      assertThat(finalized).doesNotContainKey(key);
      (isChanged ? changed : finalized).put(key, candle);
    }

    Candle candle(Resolution resolution, long startMs) {
      String key = InMemoryStore.candleKey("S", resolution, startMs);
      return changed.containsKey(key) ? changed.get(key) : finalized.get(key);
    }
  }

  private static Recorded apply(SymbolState state, TradeRow... trades) {
    Recorded recorded = new Recorded();
    state.apply(List.of(trades), DELAY, recorded);
    return recorded;
  }

  private static Candle reference(
      Resolution resolution, long startMs, List<TradeRow> trades, boolean isFinal) {
    return CandleMath.fromTrades("S", resolution, resolution.windowStart(startMs), trades)
        .orElseThrow()
        .withFinal(isFinal);
  }

  @Test
  void should_keep_two_trades_in_the_same_millisecond_and_order_them_by_arrival() {
    SymbolState state = SymbolState.empty("S");
    // Same millisecond, listed against arrival order: frame 3 arrived before frame 5.
    List<TradeRow> trades =
        List.of(
            inFrame("S", 2.0, 1.0, T0 + 7, 5, 0, 9),
            inFrame("S", 1.0, 1.0, T0 + 7, 3, 1, 8),
            inFrame("S", 3.0, 1.0, T0 + 7, 3, 0, 7));

    Recorded out = apply(state, trades.toArray(TradeRow[]::new));

    Candle second = out.candle(Resolution.SECOND, T0);
    assertThat(second.tradeCount()).isEqualTo(3);
    assertThat(second.open()).isEqualTo(3.0);
    assertThat(second.close()).isEqualTo(2.0);
    for (Resolution resolution : Resolution.values()) {
      assertThat(out.candle(resolution, resolution.windowStart(T0)))
          .isEqualTo(reference(resolution, T0, trades, false));
    }
    assertThat(out.trades).extracting(TradeRow::kafkaOffset).containsExactly(7L, 8L, 9L);
  }

  @Test
  void should_store_price_updates_but_leave_them_out_of_candles() {
    SymbolState state = SymbolState.empty("S");

    Recorded out =
        apply(
            state,
            trade("S", 99, 0, T0 + 1_000, 0),
            trade("S", 10, 2, T0 + 1_200, 1),
            trade("S", 1, 0, T0 + 1_300, 2));

    assertThat(out.trades).hasSize(3).allMatch(t -> !t.late());
    Candle second = out.candle(Resolution.SECOND, T0 + 1_000);
    assertThat(second.high()).isEqualTo(10);
    assertThat(second.low()).isEqualTo(10);
    assertThat(second.tradeCount()).isEqualTo(1);
    // a batch of price updates only moves the watermark and writes no candle
    Recorded updates = apply(state, trade("S", 5, 0, T0 + 2_500, 3));
    assertThat(updates.changed).isEmpty();
    assertThat(state.latestTradeMs()).isEqualTo(T0 + 2_500);
  }

  @Test
  void should_count_an_out_of_order_trade_within_the_watermark_in_its_window() {
    SymbolState state = SymbolState.empty("S");
    TradeRow a = trade("S", 10, 1, T0 + 10_000, 0);
    TradeRow b = trade("S", 11, 1, T0 + 12_000, 1);
    TradeRow c = trade("S", 9, 1, T0 + 5_000, 2); // 7 s behind: within 10 s
    apply(state, a, b);

    Recorded out = apply(state, c);

    assertThat(out.trades).singleElement().matches(t -> !t.late());
    assertThat(out.candle(Resolution.MINUTE, T0))
        .isEqualTo(reference(Resolution.MINUTE, T0, List.of(a, b, c), false));
    assertThat(out.candle(Resolution.MINUTE, T0).open()).isEqualTo(9);
    assertThat(out.candle(Resolution.SECOND, T0 + 5_000))
        .isEqualTo(reference(Resolution.SECOND, T0 + 5_000, List.of(c), false));
  }

  @Test
  void should_flag_a_late_trade_with_its_watermark_and_leave_it_out_of_candles() {
    SymbolState state = SymbolState.empty("S");
    TradeRow first = trade("S", 10, 1, T0 + 30_000, 0);
    apply(state, first);

    Recorded out =
        apply(
            state,
            trade("S", 99, 5, T0 + 15_000, 1),
            trade("S", 98, 5, T0 + 20_000, 2)); // exactly at the watermark: not late

    assertThat(out.trades.get(0).late()).isTrue();
    assertThat(out.watermarks.get(0)).isEqualTo(T0 + 20_000);
    assertThat(out.trades.get(1).late()).isFalse();
    assertThat(out.candle(Resolution.SECOND, T0 + 15_000)).isNull();
    assertThat(out.candle(Resolution.MINUTE, T0).tradeCount()).isEqualTo(2);
  }

  @Test
  void should_judge_lateness_by_arrival_order_inside_one_batch() {
    SymbolState state = SymbolState.empty("S");
    // Offsets give the arrival order; the batch lists them reversed.
    TradeRow early = trade("S", 10, 1, T0 + 1_000, 5);
    TradeRow jump = trade("S", 10, 1, T0 + 30_000, 3);

    Recorded out = apply(state, early, jump);

    assertThat(out.trades).extracting(TradeRow::kafkaOffset).containsExactly(3L, 5L);
    assertThat(out.trades.get(1).late()).isTrue();
    assertThat(out.watermarks.get(1)).isEqualTo(T0 + 20_000);
  }

  @Test
  void should_finalize_windows_once_when_the_watermark_passes_and_forget_them() {
    SymbolState state = SymbolState.empty("S");
    TradeRow t1 = trade("S", 10, 1, T0 + 1_500, 0);
    Recorded first = apply(state, t1);
    assertThat(first.candle(Resolution.SECOND, T0 + 1_000).isFinal()).isFalse();
    assertThat(state.openWindows()).isEqualTo(3);

    TradeRow t2 =
        trade("S", 12, 2, T0 + 12_000, 1); // watermark T0 + 2_000: 1s window [1_000, 2_000) ends
    Recorded second = apply(state, t2);

    assertThat(second.finalized)
        .containsOnlyKeys(InMemoryStore.candleKey("S", Resolution.SECOND, T0 + 1_000));
    assertThat(second.candle(Resolution.SECOND, T0 + 1_000))
        .isEqualTo(reference(Resolution.SECOND, T0 + 1_000, List.of(t1), true));
    assertThat(second.candle(Resolution.MINUTE, T0))
        .isEqualTo(reference(Resolution.MINUTE, T0, List.of(t1, t2), false));
    assertThat(state.openWindows()).isEqualTo(3); // 1s of t2, 1m, 1h

    Recorded third = apply(state, trade("S", 13, 1, T0 + 12_500, 2));
    assertThat(third.finalized).isEmpty();

    // A jump to the next minute + delay closes t2's second and the minute, not the hour.
    TradeRow t4 = trade("S", 14, 1, T0 + 70_000, 3);
    Recorded fourth = apply(state, t4);
    assertThat(fourth.finalized.keySet())
        .containsExactlyInAnyOrder(
            InMemoryStore.candleKey("S", Resolution.SECOND, T0 + 12_000),
            InMemoryStore.candleKey("S", Resolution.MINUTE, T0));
    assertThat(fourth.candle(Resolution.MINUTE, T0).isFinal()).isTrue();
    assertThat(fourth.candle(Resolution.HOUR, Resolution.HOUR.windowStart(T0)).isFinal()).isFalse();
  }

  @Test
  void should_write_a_touched_window_final_at_once_when_the_same_batch_passes_its_end() {
    SymbolState state = SymbolState.empty("S");
    TradeRow early = trade("S", 10, 1, T0 + 1_000, 0);
    TradeRow jump = trade("S", 11, 1, T0 + 12_000, 1); // watermark T0 + 2_000; early came first

    Recorded out = apply(state, early, jump);

    assertThat(out.finalized).isEmpty();
    assertThat(out.candle(Resolution.SECOND, T0 + 1_000))
        .isEqualTo(reference(Resolution.SECOND, T0 + 1_000, List.of(early), true));
    assertThat(out.candle(Resolution.SECOND, T0 + 12_000).isFinal()).isFalse();
  }

  @Test
  void should_keep_a_duplicate_identity_of_one_batch_once() {
    SymbolState state = SymbolState.empty("S");
    TradeRow trade = trade("S", 10, 1, T0, 4);
    TradeRow copy = new TradeRow("S", 10, 1, T0, List.of(), 0, "ing-test", 4, 0, 0, 9, T0, false);

    Recorded out = apply(state, copy, trade);

    assertThat(out.trades).extracting(TradeRow::kafkaOffset).containsExactly(4L);
    assertThat(out.duplicates).extracting(TradeRow::kafkaOffset).containsExactly(9L);
    assertThat(out.candle(Resolution.SECOND, T0).tradeCount()).isEqualTo(1);
  }

  @Test
  void should_refuse_a_trade_of_another_symbol() {
    assertThatThrownBy(() -> apply(SymbolState.empty("S"), trade("X", 1, 1, T0, 0)))
        .hasMessageContaining("a trade of X in the state of S");
  }

  @Test
  void should_continue_from_its_saved_bytes_exactly_as_without_a_restart() {
    List<TradeRow> arrival = new ArrayList<>(StatefulBatchTest.randomSession(new Random(21), 800));
    arrival.removeIf(t -> !t.symbol().equals("A"));
    SymbolState uninterrupted = SymbolState.empty("A");
    SymbolState restarted = SymbolState.empty("A");
    for (int from = 0; from < arrival.size(); from += 37) {
      List<TradeRow> batch = arrival.subList(from, Math.min(arrival.size(), from + 37));
      Recorded expected = new Recorded();
      uninterrupted.apply(batch, DELAY, expected);
      restarted = SymbolState.fromBytes("A", restarted.toBytes()); // what Spark stored, read back
      Recorded actual = new Recorded();
      restarted.apply(batch, DELAY, actual);

      assertThat(actual.trades).isEqualTo(expected.trades);
      assertThat(actual.watermarks).isEqualTo(expected.watermarks);
      assertThat(actual.changed).isEqualTo(expected.changed);
      assertThat(actual.finalized).isEqualTo(expected.finalized);
      assertThat(restarted.toBytes()).isEqualTo(uninterrupted.toBytes());
    }
    assertThat(uninterrupted.openWindows()).isPositive();
  }

  @Test
  void should_refuse_bytes_of_another_format() {
    byte[] bytes = SymbolState.empty("S").toBytes();
    bytes[0] = 9;

    assertThatThrownBy(() -> SymbolState.fromBytes("S", bytes)).hasMessageContaining("format 9");
  }

  /**
   * Every candle a batch emits equals CandleMath over all counted trades of its window so far, with
   * lateness decided by an independent trade-by-trade model; final exactly when the window's end is
   * at most the watermark, and a window is emitted final only once.
   */
  @Test
  void should_emit_the_candles_candle_math_computes_from_the_same_trades() {
    Random random = new Random(5);
    List<TradeRow> arrival = new ArrayList<>(StatefulBatchTest.randomSession(random, 2_000));
    arrival.removeIf(t -> !t.symbol().equals("B"));
    SymbolState state = SymbolState.empty("B");
    List<TradeRow> counted = new ArrayList<>();
    Long latest = null;
    List<String> finals = new ArrayList<>();
    int from = 0;
    while (from < arrival.size()) {
      int size = 1 + random.nextInt(60);
      List<TradeRow> batch =
          new ArrayList<>(arrival.subList(from, Math.min(arrival.size(), from + size)));
      from += size;
      for (TradeRow t : batch) { // the model, in arrival order
        boolean late = latest != null && t.tradeTsMs() < latest - DELAY;
        if (!late && t.volume() > 0) {
          counted.add(t);
        }
        latest = latest == null ? t.tradeTsMs() : Math.max(latest, t.tradeTsMs());
      }
      Collections.shuffle(batch, random); // a group's rows come in any order
      Recorded out = new Recorded();
      state.apply(batch, DELAY, out);

      long watermark = latest - DELAY;
      List<Candle> emitted = new ArrayList<>(out.changed.values());
      emitted.addAll(out.finalized.values());
      for (Candle candle : emitted) {
        Optional<Candle> expected =
            CandleMath.fromTrades("B", candle.resolution(), candle.windowStartMs(), counted);
        assertThat(candle)
            .isEqualTo(expected.orElseThrow().withFinal(candle.windowEndMs() <= watermark));
        if (candle.isFinal()) {
          assertThat(finals).doesNotContain(candle.resolution() + "@" + candle.windowStartMs());
          finals.add(candle.resolution() + "@" + candle.windowStartMs());
        }
      }
    }
    assertThat(finals).hasSizeGreaterThan(10);
    assertThat(state.latestTradeMs()).isEqualTo(latest);
  }

  @Test
  void should_order_two_ingest_runs_in_one_millisecond_by_run_as_candle_math_does() {
    // The later run arrives first and has the lower frame number; the earlier run's trade still
    // opens the window (ingest ids begin with their start time).
    TradeRow laterRun =
        new TradeRow(
            "S", 2.0, 1.0, T0 + 5, List.of(), 0, "20240808T235410Z-b", 0, 0, 0, 1, 0, false);
    TradeRow earlierRun =
        new TradeRow(
            "S", 1.0, 1.0, T0 + 5, List.of(), 0, "20240808T235400Z-a", 9, 3, 0, 2, 0, false);
    SymbolState state = SymbolState.empty("S");

    Recorded out = apply(state, laterRun, earlierRun);

    Candle second = out.candle(Resolution.SECOND, T0);
    assertThat(second.open()).isEqualTo(1.0);
    assertThat(second.close()).isEqualTo(2.0);
    assertThat(second)
        .isEqualTo(reference(Resolution.SECOND, T0, List.of(laterRun, earlierRun), false));
    // Read back from its bytes, the window keeps both ends' keys: a third trade of the same
    // millisecond from the earlier run's later frame lands between them.
    SymbolState restarted = SymbolState.fromBytes("S", state.toBytes());
    TradeRow between =
        new TradeRow(
            "S", 3.0, 1.0, T0 + 5, List.of(), 0, "20240808T235400Z-a", 10, 0, 0, 3, 0, false);
    Candle after = apply(restarted, between).candle(Resolution.SECOND, T0);
    assertThat(after.open()).isEqualTo(1.0);
    assertThat(after.close()).isEqualTo(2.0);
    assertThat(after.tradeCount()).isEqualTo(3);
  }

  @Test
  void should_order_trades_of_one_millisecond_and_frame_by_index_in_frame() {
    TradeRow second = inFrame("S", 2.0, 1.0, T0 + 5, 4, 1, 0);
    TradeRow first = inFrame("S", 1.0, 1.0, T0 + 5, 4, 0, 1);
    TradeRow earlierFrame = inFrame("S", 7.0, 1.0, T0 + 5, 3, 5, 2);

    Recorded out = apply(SymbolState.empty("S"), second, first, earlierFrame);

    Candle candle = out.candle(Resolution.SECOND, T0);
    assertThat(candle.open()).isEqualTo(7.0);
    assertThat(candle.close()).isEqualTo(2.0);
  }

  @Test
  void should_close_a_window_exactly_when_the_watermark_reaches_its_end() {
    SymbolState state = SymbolState.empty("S");
    apply(state, trade("S", 10, 1, T0 + 500, 0));

    // latest T0 + 10_999: watermark T0 + 999, one ms before the end of [T0, T0 + 1_000).
    Recorded before = apply(state, trade("S", 11, 1, T0 + 10_999, 1));
    // latest T0 + 11_000: watermark T0 + 1_000 = the window's end: final now.
    Recorded at = apply(state, trade("S", 12, 1, T0 + 11_000, 2));

    assertThat(before.finalized).isEmpty();
    assertThat(at.finalized).containsOnlyKeys(InMemoryStore.candleKey("S", Resolution.SECOND, T0));
    assertThat(at.candle(Resolution.SECOND, T0).isFinal()).isTrue();
  }

  @Test
  void should_keep_the_latest_trade_time_when_an_older_trade_arrives() {
    SymbolState state = SymbolState.empty("S");

    apply(state, trade("S", 10, 1, T0 + 9_000, 0), trade("S", 10, 1, T0 + 4_000, 1));
    // latest is still T0 + 9_000: a trade at T0 − 1_001 is 10_001 ms behind it, late.
    Recorded out = apply(state, trade("S", 10, 1, T0 - 1_001, 2));

    assertThat(state.latestTradeMs()).isEqualTo(T0 + 9_000);
    assertThat(out.trades.get(0).late()).isTrue();
    assertThat(out.watermarks.get(0)).isEqualTo(T0 - 1_000);
  }
}
