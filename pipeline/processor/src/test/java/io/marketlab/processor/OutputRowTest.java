package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.layout.Resolution;
import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stateful query's output travels between Spark operators through the bean encoder, which reads
 * and writes an {@link OutputRow} property by property. Each row is copied here the same way (every
 * bean property, read then written into a new bean) and must come back whole: a getter or setter
 * that drops a field would lose a late flag or a candle's value between the state function and the
 * writers.
 */
class OutputRowTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z

  private static OutputRow throughBeanProperties(OutputRow row) throws Exception {
    BeanInfo bean = Introspector.getBeanInfo(OutputRow.class, Object.class);
    OutputRow copy = new OutputRow();
    int properties = 0;
    for (PropertyDescriptor property : bean.getPropertyDescriptors()) {
      assertThat(property.getReadMethod()).as(property.getName()).isNotNull();
      assertThat(property.getWriteMethod()).as(property.getName()).isNotNull();
      property.getWriteMethod().invoke(copy, property.getReadMethod().invoke(row));
      properties++;
    }
    long fields =
        Arrays.stream(OutputRow.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .count();
    assertThat(properties).as("one bean property per field").isEqualTo(fields);
    return copy;
  }

  @Test
  void should_carry_a_late_trade_and_its_watermark() throws Exception {
    TradeRow trade =
        new TradeRow(
            "S", 10.5, 2.25, T0 + 7, List.of("1", "12"), 99, "run-1", 4, 2, 3, 41, T0 + 9, true);

    OutputRow copy = throughBeanProperties(OutputRow.trade(trade, "trades", T0 - 3));

    assertThat(copy.getKind()).isEqualTo(OutputRow.TRADE);
    assertThat(copy.toTrade()).isEqualTo(trade);
    assertThat(copy.getTopic()).isEqualTo("trades");
    assertThat(copy.getWatermarkMs()).isEqualTo(T0 - 3);
  }

  @Test
  void should_carry_a_candle_exactly_with_its_final_and_changed_flags() throws Exception {
    Candle candle =
        new Candle(
            "S",
            Resolution.MINUTE,
            T0,
            10.0,
            12.5,
            9.75,
            11.0,
            new BigDecimal("3.30017"),
            new BigDecimal("10517.3981000"),
            4,
            T0 + 1,
            T0 + 59_999,
            true);

    OutputRow changed = throughBeanProperties(OutputRow.candle(candle, true));
    OutputRow finalOnly = throughBeanProperties(OutputRow.candle(candle.withFinal(false), false));

    assertThat(changed.getKind()).isEqualTo(OutputRow.CANDLE);
    assertThat(changed.toCandle()).isEqualTo(candle);
    assertThat(changed.toCandle().notionalExact().scale()).isEqualTo(7);
    assertThat(changed.isChanged()).isTrue();
    assertThat(finalOnly.toCandle()).isEqualTo(candle.withFinal(false));
    assertThat(finalOnly.isChanged()).isFalse();
  }

  @Test
  void should_carry_a_dead_letter_a_duplicate_and_a_symbol() throws Exception {
    DeadLetter letter =
        new DeadLetter("trades", 1, 77, T0, new byte[] {1, 2, 3}, "symbol is empty");
    TradeRow duplicate =
        new TradeRow("S", 10, 1, T0, List.of(), 0, "run-1", 4, 0, 2, 42, T0, false);

    DeadLetter dead = throughBeanProperties(OutputRow.deadLetter(letter)).toDeadLetter();
    OutputRow dropped = throughBeanProperties(OutputRow.duplicate(duplicate));
    OutputRow symbol = throughBeanProperties(OutputRow.symbol("S", T0 + 5));

    assertThat(dead.topic()).isEqualTo("trades");
    assertThat(dead.kafkaPartition()).isEqualTo(1);
    assertThat(dead.kafkaOffset()).isEqualTo(77);
    assertThat(dead.kafkaTsMs()).isEqualTo(T0);
    assertThat(dead.value()).containsExactly(1, 2, 3);
    assertThat(dead.reason()).isEqualTo("symbol is empty");
    assertThat(dropped.getKind()).isEqualTo(OutputRow.DUPLICATE);
    assertThat(dropped.getSymbol()).isEqualTo("S");
    assertThat(dropped.getKafkaPartition()).isEqualTo(2);
    assertThat(dropped.getKafkaOffset()).isEqualTo(42);
    assertThat(symbol.getKind()).isEqualTo(OutputRow.SYMBOL);
    assertThat(symbol.getSymbol()).isEqualTo("S");
    assertThat(symbol.getLatestTradeMs()).isEqualTo(T0 + 5);
  }

  // Survived mutation (records, price updates and offset ranges returned as 0 / ""): the bean's
  // getters are what Spark's encoder reads, so a tally row must give back its counts through them.
  @Test
  void a_tally_row_should_carry_its_counts_and_offset_ranges_through_the_getters() {
    BatchTally tally = new BatchTally();
    tally.records = 5; // 3 trades (one a price update) and 2 duplicates
    tally.trades = 3;
    tally.priceUpdates = 1;
    tally.offset(1, 40);
    tally.offset(0, 7);
    tally.offset(1, 44);
    tally.offset(0, 9);
    tally.offset(1, 42);

    OutputRow row = OutputRow.tally("S", tally);

    assertThat(row.getKind()).isEqualTo(OutputRow.TALLY);
    assertThat(row.getSymbol()).isEqualTo("S");
    assertThat(row.getRecords()).isEqualTo(5);
    assertThat(row.getTradeCount()).isEqualTo(3);
    assertThat(row.getPriceUpdates()).isEqualTo(1);
    assertThat(row.getOffsetRanges()).isEqualTo("0:7:9,1:40:44");
  }
}
