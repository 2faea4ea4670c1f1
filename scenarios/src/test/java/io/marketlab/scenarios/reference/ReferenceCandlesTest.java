package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reference's candle and lateness rules on constructed frames, fed to its builder directly
 * (reading session files is {@link ReferenceCalculatorTest}'s part). Every expected value is worked
 * out by hand from the trades listed.
 */
class ReferenceCandlesTest {

  private static final long T0 = 1_723_161_600_000L; // 2024-08-09T00:00:00Z, a whole hour
  private static final long DELAY = 10_000;
  private static final Set<String> ALL = Set.of("A", "B");

  private static String trade(String symbol, double price, double volume, long time) {
    return "{\"s\":\"" + symbol + "\",\"p\":" + price + ",\"t\":" + time + ",\"v\":" + volume + "}";
  }

  private static String frame(String... trades) {
    return "{\"type\":\"trade\",\"data\":[" + String.join(",", trades) + "]}";
  }

  private static Reference reference(String... frames) {
    ReferenceCalculator.Builder builder =
        new ReferenceCalculator.Builder(DELAY, java.time.Duration.ofSeconds(5));
    for (String frame : frames) {
      builder.frame(frame, ALL, T0 + 86_400_000L * 365); // received late enough for any trade
    }
    return builder.build();
  }

  private static ReferenceCandle candle(
      Reference reference, String symbol, Resolution resolution, long startMs) {
    return reference.candles().stream()
        .filter(
            c ->
                c.symbol().equals(symbol)
                    && c.resolution() == resolution
                    && c.windowStartMs() == startMs)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + symbol + " " + resolution + " @" + startMs));
  }

  @Test
  void should_start_each_window_at_the_trade_time_floored_to_its_resolution() {
    long time = T0 + 3_723_456; // 01:02:03.456

    Reference reference = reference(frame(trade("A", 10, 1, time)));

    assertThat(reference.candles())
        .extracting(ReferenceCandle::resolution, ReferenceCandle::windowStartMs)
        .containsExactly(
            tuple(Resolution.S1, T0 + 3_723_000),
            tuple(Resolution.M1, T0 + 3_720_000),
            tuple(Resolution.H1, T0 + 3_600_000));
  }

  @Test
  void should_keep_the_candles_of_two_symbols_in_one_window_apart_and_in_key_order() {
    Reference reference =
        reference(
            frame(trade("B", 7, 1, T0 + 10), trade("A", 100, 2, T0 + 20)),
            frame(trade("B", 8, 3, T0 + 30)));

    ReferenceCandle a = candle(reference, "A", Resolution.S1, T0);
    ReferenceCandle b = candle(reference, "B", Resolution.S1, T0);
    assertThat(a.tradeCount()).isEqualTo(1);
    assertThat(a.volume()).isEqualTo(2);
    assertThat(b.tradeCount()).isEqualTo(2);
    assertThat(b.open()).isEqualTo(7);
    assertThat(b.close()).isEqualTo(8);
    assertThat(b.vwap()).isEqualTo((7 * 1 + 8 * 3) / 4.0);
    assertThat(reference.candles())
        .extracting(c -> c.key().toString())
        .containsExactly(
            "A 1s 2024-08-09T00:00:00Z",
            "A 1m 2024-08-09T00:00:00Z",
            "A 1h 2024-08-09T00:00:00Z",
            "B 1s 2024-08-09T00:00:00Z",
            "B 1m 2024-08-09T00:00:00Z",
            "B 1h 2024-08-09T00:00:00Z");
  }

  @Test
  void should_order_candles_of_one_symbol_by_resolution_then_window_start() {
    Reference reference =
        reference(frame(trade("A", 10, 1, T0 + 61_000)), frame(trade("A", 11, 1, T0 + 60_500)));

    assertThat(reference.candles())
        .extracting(ReferenceCandle::key)
        .containsExactly(
            new ReferenceCandle.Key("A", Resolution.S1, T0 + 60_000),
            new ReferenceCandle.Key("A", Resolution.S1, T0 + 61_000),
            new ReferenceCandle.Key("A", Resolution.M1, T0 + 60_000),
            new ReferenceCandle.Key("A", Resolution.H1, T0));
  }

  @Test
  void should_open_with_the_earliest_trade_time_and_close_with_the_latest_whatever_the_arrival() {
    // Arrival order 12, 10, 11; by time 10 (T0 + 100), 11 (T0 + 500), 12 (T0 + 900).
    Reference reference =
        reference(
            frame(trade("A", 12, 1, T0 + 900)),
            frame(trade("A", 10, 1, T0 + 100), trade("A", 11, 1, T0 + 500)));

    ReferenceCandle second = candle(reference, "A", Resolution.S1, T0);
    assertThat(second.open()).isEqualTo(10);
    assertThat(second.close()).isEqualTo(12);
    assertThat(second.high()).isEqualTo(12);
    assertThat(second.low()).isEqualTo(10);
    assertThat(second.firstTradeMs()).isEqualTo(T0 + 100);
    assertThat(second.lastTradeMs()).isEqualTo(T0 + 900);
  }

  @Test
  void should_close_a_millisecond_tie_with_the_trade_that_arrived_last() {
    Reference reference =
        reference(
            frame(trade("A", 5, 1, T0 + 7)),
            frame(trade("A", 6, 1, T0 + 7)),
            frame(trade("A", 4, 1, T0 + 7)));

    ReferenceCandle second = candle(reference, "A", Resolution.S1, T0);
    assertThat(second.open()).isEqualTo(5);
    assertThat(second.close()).isEqualTo(4);
    assertThat(reference.trades()).extracting(ReferenceTrade::arrival).containsExactly(0L, 1L, 2L);
  }

  @Test
  void should_judge_a_trade_exactly_at_the_watermark_on_time_and_one_ms_before_it_late() {
    Reference reference =
        reference(
            frame(trade("A", 10, 1, T0 + 30_000)),
            frame(trade("A", 20, 1, T0 + 20_000)), // latest − 10 s exactly: on time
            frame(trade("A", 30, 1, T0 + 19_999))); // 1 ms behind the watermark: late

    assertThat(reference.lateTrades()).isEqualTo(1);
    assertThat(reference.trades()).hasSize(3);
    ReferenceCandle minute = candle(reference, "A", Resolution.M1, T0);
    assertThat(minute.tradeCount()).isEqualTo(2);
    assertThat(minute.high()).isEqualTo(20);
    assertThat(reference.candles())
        .noneMatch(c -> c.resolution() == Resolution.S1 && c.windowStartMs() == T0 + 19_000);
  }

  @Test
  void should_keep_the_latest_trade_time_when_an_older_trade_arrives() {
    // After T0 + 60 s and T0 + 52 s (on time), the latest is still T0 + 60 s: T0 + 49 s is late.
    Reference reference =
        reference(
            frame(trade("A", 10, 1, T0 + 60_000)),
            frame(trade("A", 11, 1, T0 + 52_000)),
            frame(trade("A", 12, 1, T0 + 49_000)));

    assertThat(reference.lateTrades()).isEqualTo(1);
    assertThat(candle(reference, "A", Resolution.H1, T0).tradeCount()).isEqualTo(2);
  }

  @Test
  void should_move_the_watermark_with_a_price_update_but_leave_it_out_of_candles() {
    Reference reference =
        reference(
            frame(trade("A", 10, 1, T0 + 1_000)),
            frame(trade("A", 99, 0, T0 + 60_000)), // v = 0: latest is now T0 + 60 s
            frame(trade("A", 11, 1, T0 + 45_000))); // 15 s behind it: late

    assertThat(reference.lateTrades()).isEqualTo(1);
    ReferenceCandle hour = candle(reference, "A", Resolution.H1, T0);
    assertThat(hour.tradeCount()).isEqualTo(1);
    assertThat(hour.high()).isEqualTo(10);
    assertThat(reference.candles()).noneMatch(c -> c.windowStartMs() == T0 + 60_000);
  }

  @Test
  void should_judge_lateness_per_symbol() {
    Reference reference =
        reference(frame(trade("A", 10, 1, T0 + 60_000)), frame(trade("B", 7, 1, T0)));

    assertThat(reference.lateTrades()).isZero();
    assertThat(reference.tradesPerSymbol()).isEqualTo(Map.of("A", 1L, "B", 1L));
  }

  @Test
  void should_sum_volume_and_notional_in_exact_decimals() {
    Reference reference =
        reference(
            frame(
                trade("A", 61837.63, 0.00017, T0),
                trade("A", 0.1, 0.3, T0 + 1),
                trade("A", 0.7, 3.0, T0 + 2)));
    BigDecimal volume = new BigDecimal("3.30017");
    BigDecimal notional =
        new BigDecimal("61837.63")
            .multiply(new BigDecimal("0.00017"))
            .add(new BigDecimal("0.03"))
            .add(new BigDecimal("2.1"));

    ReferenceCandle second = candle(reference, "A", Resolution.S1, T0);

    assertThat(second.volume()).isEqualTo(volume.doubleValue());
    assertThat(second.vwap())
        .isEqualTo(notional.divide(volume, MathContext.DECIMAL128).doubleValue());
    assertThat(second.low()).isEqualTo(0.1);
  }

  @Test
  void should_count_dead_letters_of_every_kind() {
    Reference reference =
        reference(
            "{not json",
            "{\"type\":\"news\"}",
            "{\"type\":\"news\"}",
            frame(trade("A", -1, 1, T0)));

    // one malformed frame, two unknown frames, one frame with a rejected trade
    assertThat(reference.deadLetters()).isEqualTo(1 + 2 + 1);
  }

  @Test
  void should_name_resolutions_by_their_labels() {
    assertThat(Resolution.of("1s")).isEqualTo(Resolution.S1);
    assertThat(Resolution.of("1m")).isEqualTo(Resolution.M1);
    assertThat(Resolution.of("1h")).isEqualTo(Resolution.H1);
    assertThat(Resolution.H1.label()).isEqualTo("1h");
    assertThat(Resolution.M1.millis()).isEqualTo(60_000);
    assertThatThrownBy(() -> Resolution.of("5m")).hasMessageContaining("unknown resolution '5m'");
  }

  @Test
  void should_give_each_candle_the_key_of_its_window() {
    ReferenceCandle candle =
        candle(reference(frame(trade("A", 10, 1, T0 + 1_500))), "A", Resolution.S1, T0 + 1_000);

    assertThat(candle.key()).isEqualTo(new ReferenceCandle.Key("A", Resolution.S1, T0 + 1_000));
    assertThat(candle.key().toString()).isEqualTo("A 1s 2024-08-09T00:00:01Z");
  }
}
