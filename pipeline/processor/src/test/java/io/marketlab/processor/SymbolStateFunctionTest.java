package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.layout.Resolution;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.TestGroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The function Spark calls per symbol and micro-batch, called here as Spark calls it, without a
 * SparkSession: decoded rows as {@link Transforms#decode} emits them (same columns) and the state
 * through Spark's own {@link TestGroupState}. Expected values are worked out by hand from the
 * stated trades, or by {@link CandleMath} over them.
 */
class SymbolStateFunctionTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z, a whole minute
  private static final long DELAY = 10_000;

  /** The columns of {@link Transforms#decode}, in its order (TransformsTest checks them). */
  private static final StructType DECODED =
      new StructType()
          .add("symbol", DataTypes.StringType)
          .add("price", DataTypes.DoubleType)
          .add("volume", DataTypes.DoubleType)
          .add("trade_ts_ms", DataTypes.LongType)
          .add("conditions", DataTypes.createArrayType(DataTypes.StringType))
          .add("received_at_us", DataTypes.LongType)
          .add("ingest_id", DataTypes.StringType)
          .add("frame_seq", DataTypes.LongType)
          .add("index_in_frame", DataTypes.IntegerType)
          .add("topic", DataTypes.StringType)
          .add("kafka_partition", DataTypes.IntegerType)
          .add("kafka_offset", DataTypes.LongType)
          .add("kafka_ts_ms", DataTypes.LongType)
          .add("raw", DataTypes.BinaryType)
          .add(Transforms.REASON, DataTypes.StringType);

  private static Row decoded(
      double price, double volume, long timeMs, long offset, List<String> conditions) {
    return new GenericRowWithSchema(
        new Object[] {
          "S",
          price,
          volume,
          timeMs,
          conditions == null ? null : CollectionConverters.asScala(conditions).toSeq(),
          timeMs * 1000 + 7,
          "ing-test",
          offset,
          0,
          "trades",
          1,
          offset,
          offset == 0 ? null : timeMs + 3,
          new byte[] {1},
          null
        },
        DECODED);
  }

  private static Row deadLetter(long offset, String reason) {
    return new GenericRowWithSchema(
        new Object[] {
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          "trades",
          0,
          offset,
          null,
          new byte[] {9, (byte) offset},
          reason
        },
        DECODED);
  }

  private static TestGroupState<byte[]> noState() {
    return TestGroupState.create(
        Optional.empty(), GroupStateTimeout.NoTimeout(), 0L, Optional.empty(), false);
  }

  private static TestGroupState<byte[]> stateOf(byte[] bytes) {
    return TestGroupState.create(
        Optional.of(bytes), GroupStateTimeout.NoTimeout(), 0L, Optional.empty(), false);
  }

  private static List<OutputRow> call(String key, TestGroupState<byte[]> state, Row... rows) {
    Iterator<OutputRow> out =
        new SymbolStateFunction(DELAY).call(key, List.of(rows).iterator(), state);
    List<OutputRow> list = new ArrayList<>();
    out.forEachRemaining(list::add);
    return list;
  }

  private static List<OutputRow> ofKind(List<OutputRow> rows, int kind) {
    return rows.stream().filter(r -> r.getKind() == kind).toList();
  }

  @Test
  void should_accept_a_zero_delay_and_refuse_a_negative_one() {
    assertThat(new SymbolStateFunction(0)).isNotNull();
    assertThatThrownBy(() -> new SymbolStateFunction(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
  }

  @Test
  void should_group_dead_letters_under_their_own_key_and_trades_under_their_symbol() {
    assertThat(SymbolStateFunction.keyOf(deadLetter(4, "symbol is empty")))
        .isEqualTo(SymbolStateFunction.DEAD_LETTER_KEY);
    assertThat(SymbolStateFunction.keyOf(decoded(10, 1, T0, 1, List.of()))).isEqualTo("S");
  }

  @Test
  void should_pass_dead_letters_through_without_state() {
    TestGroupState<byte[]> state = noState();

    List<OutputRow> out =
        call(
            SymbolStateFunction.DEAD_LETTER_KEY,
            state,
            deadLetter(4, "symbol is empty"),
            deadLetter(5, "record value is null"));

    assertThat(out).extracting(OutputRow::getKind).containsOnly(OutputRow.DEAD_LETTER);
    assertThat(out)
        .extracting(r -> r.toDeadLetter().reason())
        .containsExactly("symbol is empty", "record value is null");
    assertThat(out.get(1).toDeadLetter().kafkaOffset()).isEqualTo(5);
    assertThat(out.get(1).toDeadLetter().value()).containsExactly(9, 5);
    assertThat(state.exists()).isFalse();
    assertThat(state.isUpdated()).isFalse();
  }

  @Test
  void should_start_a_symbol_from_no_state_and_keep_what_it_saw() {
    TestGroupState<byte[]> state = noState();
    Row first = decoded(10, 2, T0 + 1_100, 0, null); // no conditions, no Kafka time
    Row second = decoded(12, 1, T0 + 1_900, 1, List.of("1", "12"));

    List<OutputRow> out = call("S", state, second, first);

    List<OutputRow> trades = ofKind(out, OutputRow.TRADE);
    assertThat(trades).extracting(OutputRow::getKafkaOffset).containsExactly(0L, 1L);
    assertThat(trades).extracting(OutputRow::getTopic).containsOnly("trades");
    assertThat(trades).noneMatch(OutputRow::isLate);
    TradeRow a = trades.get(0).toTrade();
    TradeRow b = trades.get(1).toTrade();
    assertThat(a.conditions()).isEmpty();
    assertThat(a.kafkaTsMs()).isZero();
    assertThat(a.receivedAtUs()).isEqualTo((T0 + 1_100) * 1000 + 7);
    assertThat(b.conditions()).containsExactly("1", "12");
    assertThat(b.kafkaTsMs()).isEqualTo(T0 + 1_903);
    assertThat(b.kafkaPartition()).isEqualTo(1);

    // One open window per resolution, none final (watermark T0 + 1_900 − 10 s).
    List<OutputRow> candles = ofKind(out, OutputRow.CANDLE);
    assertThat(candles)
        .hasSize(3)
        .allMatch(OutputRow::isChanged)
        .noneMatch(OutputRow::isFinalCandle);
    Candle second1s = candles.get(0).toCandle();
    assertThat(second1s.resolution()).isEqualTo(Resolution.SECOND);
    assertThat(second1s.windowStartMs()).isEqualTo(T0 + 1_000);
    assertThat(second1s.open()).isEqualTo(10);
    assertThat(second1s.close()).isEqualTo(12);
    assertThat(second1s.volume()).isEqualTo(3);
    assertThat(second1s.vwap()).isEqualTo((10 * 2 + 12 * 1) / 3.0);

    // The symbol's latest trade time comes last, and the state is what Spark stores.
    assertThat(out.get(out.size() - 1).getKind()).isEqualTo(OutputRow.SYMBOL);
    assertThat(out.get(out.size() - 1).getSymbol()).isEqualTo("S");
    assertThat(out.get(out.size() - 1).getLatestTradeMs()).isEqualTo(T0 + 1_900);
    assertThat(state.isUpdated()).isTrue();
    SymbolState kept = SymbolState.fromBytes("S", state.get());
    assertThat(kept.latestTradeMs()).isEqualTo(T0 + 1_900);
    assertThat(kept.openWindows()).isEqualTo(3);
  }

  @Test
  void should_continue_from_the_state_spark_kept_after_a_restart() {
    TestGroupState<byte[]> before = noState();
    Row early = decoded(10, 1, T0 + 1_500, 1, List.of());
    call("S", before, early);

    // A new process: Spark hands the saved bytes to a new function instance.
    TestGroupState<byte[]> after = stateOf(before.get());
    Row jump = decoded(20, 1, T0 + 12_000, 2, List.of()); // watermark T0 + 2_000
    Row late = decoded(30, 5, T0 + 1_900, 3, List.of()); // before T0 + 2_000: late
    List<OutputRow> out = call("S", after, late, jump);

    List<OutputRow> trades = ofKind(out, OutputRow.TRADE);
    assertThat(trades).extracting(OutputRow::getKafkaOffset).containsExactly(2L, 3L);
    assertThat(trades.get(0).isLate()).isFalse();
    assertThat(trades.get(1).isLate()).isTrue();
    assertThat(trades.get(1).getWatermarkMs()).isEqualTo(T0 + 2_000);

    // The first second closed: emitted once more, final, unchanged by the late trade.
    List<Candle> finals =
        ofKind(out, OutputRow.CANDLE).stream()
            .filter(r -> !r.isChanged())
            .map(OutputRow::toCandle)
            .toList();
    assertThat(finals).hasSize(1);
    assertThat(finals.get(0))
        .isEqualTo(
            CandleMath.fromTrades(
                    "S",
                    Resolution.SECOND,
                    T0 + 1_000,
                    List.of(Trades.trade("S", 10, 1, T0 + 1_500, 1)))
                .orElseThrow()
                .withFinal(true));
    Candle minute =
        ofKind(out, OutputRow.CANDLE).stream()
            .map(OutputRow::toCandle)
            .filter(c -> c.resolution() == Resolution.MINUTE)
            .findFirst()
            .orElseThrow();
    assertThat(minute.tradeCount()).isEqualTo(2);
    assertThat(minute.open()).isEqualTo(10);
    assertThat(minute.close()).isEqualTo(20);
    assertThat(minute.high()).isEqualTo(20);
    assertThat(SymbolState.fromBytes("S", after.get()).openWindows())
        .isEqualTo(3); // 1s of the jump, the minute, the hour
  }

  @Test
  void should_write_no_symbol_row_for_a_symbol_without_trades() {
    List<OutputRow> out = new ArrayList<>();

    SymbolStateFunction.step(SymbolState.empty("S"), List.of(), "trades", DELAY, out);

    assertThat(out).isEmpty();
  }

  // Survived mutation (the call to the full step removed): with no trades both give nothing.
  @Test
  void the_short_step_should_write_every_trade_as_a_trade_row() {
    List<OutputRow> out = new ArrayList<>();

    SymbolStateFunction.step(
        SymbolState.empty("S"),
        List.of(Trades.trade("S", 10, 2, T0 + 1_500, 7)),
        "trades",
        DELAY,
        out);

    // the trade, its 1s/1m/1h candles, the hour's row, then the symbol's (latest trade time)
    assertThat(out)
        .extracting(OutputRow::getKind)
        .containsExactly(
            OutputRow.TRADE,
            OutputRow.CANDLE,
            OutputRow.CANDLE,
            OutputRow.CANDLE,
            OutputRow.HOURLY,
            OutputRow.SYMBOL);
    assertThat(out.get(0).getTradeTsMs()).isEqualTo(T0 + 1_500);
    assertThat(out.get(4).toHourly().returns()).isZero();
    assertThat(out.get(5).getLatestTradeMs()).isEqualTo(T0 + 1_500);
  }
}
