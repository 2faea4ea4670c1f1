package io.marketlab.processor;

import static io.marketlab.processor.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.layout.Resolution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One task's output rows, as the state function emits them, through the partition writer: what it
 * writes in each mode (trade rows here, or by the real-time query) and what it counts for {@code
 * processor_batches}. The counts are worked out by hand from the rows listed.
 */
class PartitionWriterTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z

  private final InMemoryStore store = new InMemoryStore();

  private static Candle candle(long startMs, boolean isFinal) {
    return new Candle(
        "S",
        Resolution.SECOND,
        startMs,
        10,
        10,
        10,
        10,
        BigDecimal.ONE,
        BigDecimal.TEN,
        1,
        startMs,
        startMs,
        isFinal);
  }

  /**
   * A batch of partition 0, offsets 2..10, with every kind of row (the dead letter first, the
   * duplicate last).
   */
  private static List<OutputRow> batch() {
    TradeRow counted = trade("S", 10, 1, T0 + 30_000, 3);
    TradeRow priceUpdate = trade("S", 11, 0, T0 + 30_100, 4);
    TradeRow late = trade("S", 9, 2, T0 + 1_000, 5).withLate(true);
    List<OutputRow> rows = new ArrayList<>();
    rows.add(OutputRow.trade(counted, "trades", 0));
    rows.add(OutputRow.trade(priceUpdate, "trades", 0));
    rows.add(OutputRow.trade(late, "trades", T0 + 20_100));
    rows.add(OutputRow.duplicate(trade("S", 10, 1, T0 + 30_000, 10)));
    rows.add(OutputRow.deadLetter(new DeadLetter("trades", 0, 2, T0, new byte[] {0}, "bad")));
    rows.add(OutputRow.candle(candle(T0 + 30_000, false), true));
    rows.add(OutputRow.candle(candle(T0 + 1_000, true), true));
    rows.add(OutputRow.candle(candle(T0 + 12_000, true), false));
    rows.add(OutputRow.symbol("S", T0 + 30_100));
    return rows;
  }

  private static void assertCounts(BatchTally tally) {
    assertThat(tally.records).isEqualTo(5); // 3 trades, 1 duplicate, 1 dead letter
    assertThat(tally.trades).isEqualTo(3);
    assertThat(tally.priceUpdates).isEqualTo(1);
    assertThat(tally.lateTrades).isEqualTo(1);
    assertThat(tally.deadLetters).isEqualTo(1);
    assertThat(tally.candlesWritten).isEqualTo(2);
    assertThat(tally.candlesFinalized).isEqualTo(1);
    assertThat(tally.offsetsText()).isEqualTo("p0:[2..10]");
  }

  @Test
  void should_write_every_row_and_count_it_when_it_writes_trade_rows() {
    BatchTally tally = PartitionWriter.write(batch().iterator(), store);

    assertCounts(tally);
    assertThat(store.trades).hasSize(3);
    assertThat(store.trades.values()).filteredOn(TradeRow::late).hasSize(1);
    assertThat(store.lateFlags).isEmpty();
    assertThat(store.lateTrades.values())
        .singleElement()
        .satisfies(l -> assertThat(l.watermarkMs()).isEqualTo(T0 + 20_100));
    assertThat(store.deadLetters).hasSize(1);
    assertThat(store.candles).hasSize(3);
    assertThat(store.symbols).containsEntry("S", T0 + 30_100);
  }

  @Test
  void should_write_only_late_flags_and_what_needs_the_state_when_real_time_writes_trade_rows() {
    BatchTally tally = PartitionWriter.write(batch().iterator(), store, false);

    assertCounts(tally);
    assertThat(store.trades).isEmpty();
    assertThat(store.deadLetters).isEmpty();
    assertThat(store.lateFlags)
        .containsExactly(InMemoryStore.tradeKey(trade("S", 9, 2, T0 + 1_000, 5)));
    assertThat(store.lateTrades).hasSize(1);
    assertThat(store.candles).hasSize(3);
    assertThat(store.symbols).containsEntry("S", T0 + 30_100);
  }

  @Test
  void should_sum_its_tasks_into_the_batch_accumulator() {
    BatchTally.Accumulator sum = new BatchTally.Accumulator();
    PartitionWriter task = new PartitionWriter(store.handle(), sum, true);
    List<OutputRow> other = List.of(OutputRow.trade(trade("S", 10, 1, T0 + 30_500, 1), "t", 0));

    task.call(batch().iterator());
    task.call(other.iterator());
    task.call(emptyIterator());

    assertThat(sum.value().records).isEqualTo(6);
    assertThat(sum.value().trades).isEqualTo(4);
    assertThat(sum.value().offsetsText()).isEqualTo("p0:[1..10]");
    assertThat(store.writeCount).isEqualTo(9 + 1);
  }

  @Test
  void should_count_the_rows_the_store_refused_as_dead_letters() {
    ProcessorStore.RowWriter refusingTwo =
        new ProcessorStore.RowWriter() {
          @Override
          public void trade(TradeRow trade, String topic) {}

          @Override
          public void realTimeTrade(TradeRow trade, String topic) {}

          @Override
          public void lateFlag(TradeRow trade) {}

          @Override
          public void lateTrade(LateTrade late) {}

          @Override
          public void deadLetter(DeadLetter letter) {}

          @Override
          public void candle(Candle candle) {}

          @Override
          public void symbol(String symbol, long latestTradeMs) {}

          @Override
          public void hourly(HourlyRow row) {}

          @Override
          public void anomaly(String symbol, Analytics.Anomaly anomaly) {}

          @Override
          public long finish() {
            return 2; // two rows refused by the store, written to dead_letters instead
          }
        };

    BatchTally tally = PartitionWriter.write(batch().iterator(), refusingTwo);

    assertThat(tally.deadLetters).isEqualTo(1 + 2);
  }

  private static Iterator<OutputRow> emptyIterator() {
    return List.<OutputRow>of().iterator();
  }
}
