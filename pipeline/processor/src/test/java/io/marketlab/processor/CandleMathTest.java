package io.marketlab.processor;

import static io.marketlab.processor.Trades.inFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.layout.Resolution;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandleMathTest {

  private static final long T0 = 1_723_161_255_000L; // 2024-08-08T23:54:15Z, a whole second

  @Test
  void should_keep_two_trades_in_the_same_millisecond() {
    List<TradeRow> trades =
        List.of(inFrame("S", 10.0, 1.0, T0 + 5, 1, 0, 1), inFrame("S", 10.0, 1.0, T0 + 5, 1, 1, 2));

    Candle candle = CandleMath.fromTrades("S", Resolution.SECOND, T0, trades).orElseThrow();

    assertThat(candle.tradeCount()).isEqualTo(2);
    assertThat(candle.volume()).isEqualTo(2.0);
  }

  @Test
  void should_leave_price_updates_out_of_candles() {
    List<TradeRow> trades =
        List.of(
            inFrame("S", 99.0, 0.0, T0 + 1, 1, 0, 1),
            inFrame("S", 10.0, 2.0, T0 + 2, 2, 0, 2),
            inFrame("S", 1.0, 0.0, T0 + 3, 3, 0, 3));

    Candle candle = CandleMath.fromTrades("S", Resolution.SECOND, T0, trades).orElseThrow();

    assertThat(candle.high()).isEqualTo(10.0);
    assertThat(candle.low()).isEqualTo(10.0);
    assertThat(candle.tradeCount()).isEqualTo(1);
    assertThat(CandleMath.fromTrades("S", Resolution.SECOND, T0, List.of(trades.get(0)))).isEmpty();
  }

  @Test
  void should_break_open_and_close_ties_by_arrival_order() {
    // Same millisecond, listed against arrival order: frame 3 arrived before frame 5.
    List<TradeRow> trades =
        List.of(
            inFrame("S", 2.0, 1.0, T0 + 7, 5, 0, 9),
            inFrame("S", 1.0, 1.0, T0 + 7, 3, 1, 8),
            inFrame("S", 3.0, 1.0, T0 + 7, 3, 0, 7));

    Candle candle = CandleMath.fromTrades("S", Resolution.SECOND, T0, trades).orElseThrow();

    assertThat(candle.open()).isEqualTo(3.0);
    assertThat(candle.close()).isEqualTo(2.0);
  }

  @Test
  void should_order_by_trade_time_not_by_arrival() {
    List<TradeRow> trades =
        List.of(
            inFrame("S", 5.0, 1.0, T0 + 900, 1, 0, 1), inFrame("S", 4.0, 1.0, T0 + 100, 2, 0, 2));

    Candle candle = CandleMath.fromTrades("S", Resolution.SECOND, T0, trades).orElseThrow();

    assertThat(candle.open()).isEqualTo(4.0);
    assertThat(candle.close()).isEqualTo(5.0);
    assertThat(candle.firstTradeMs()).isEqualTo(T0 + 100);
    assertThat(candle.lastTradeMs()).isEqualTo(T0 + 900);
  }

  @Test
  void should_compute_vwap_from_exact_sums() {
    List<TradeRow> trades =
        List.of(
            inFrame("S", 0.1, 0.3, T0, 1, 0, 1),
            inFrame("S", 61837.63, 0.00017, T0 + 1, 2, 0, 2),
            inFrame("S", 0.7, 3.0, T0 + 2, 3, 0, 3));
    BigDecimal notional =
        new BigDecimal("0.1")
            .multiply(new BigDecimal("0.3"))
            .add(new BigDecimal("61837.63").multiply(new BigDecimal("0.00017")))
            .add(new BigDecimal("0.7").multiply(new BigDecimal("3.0")));
    BigDecimal volume = new BigDecimal("3.30017");

    Candle candle = CandleMath.fromTrades("S", Resolution.SECOND, T0, trades).orElseThrow();

    assertThat(candle.volume()).isEqualTo(volume.doubleValue());
    assertThat(candle.vwap())
        .isEqualTo(notional.divide(volume, MathContext.DECIMAL128).doubleValue());
  }

  @Test
  void should_merge_seconds_into_the_same_minute_as_computed_from_trades() {
    Random random = new Random(7);
    List<TradeRow> trades = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double price = Math.round((100 + random.nextGaussian()) * 100) / 100.0;
      double volume = random.nextInt(10) == 0 ? 0 : Math.round(random.nextDouble() * 1e5) / 1e5;
      trades.add(inFrame("S", price, volume, T0 + random.nextInt(60_000), i, 0, i));
    }
    long minute = Resolution.MINUTE.windowStart(T0);
    List<Candle> seconds = new ArrayList<>();
    for (long start = minute; start < minute + 60_000; start += 1000) {
      CandleMath.fromTrades("S", Resolution.SECOND, start, trades).ifPresent(seconds::add);
    }

    Candle merged = CandleMath.merge("S", Resolution.MINUTE, minute, seconds).orElseThrow();
    Candle direct = CandleMath.fromTrades("S", Resolution.MINUTE, minute, trades).orElseThrow();

    assertThat(merged).isEqualTo(direct);
  }

  @Test
  void should_merge_finer_candles_given_in_any_order() {
    // 1s candles of one minute, by hand: [T0, +1s) opens at 4 and closes at 6, [T0 + 2s, +1s)
    // opens at 7 and closes at 3.
    List<TradeRow> trades =
        List.of(
            inFrame("S", 4.0, 1.0, T0 + 100, 1, 0, 1),
            inFrame("S", 6.0, 2.0, T0 + 900, 2, 0, 2),
            inFrame("S", 7.0, 1.0, T0 + 2_100, 3, 0, 3),
            inFrame("S", 3.0, 1.0, T0 + 2_200, 4, 0, 4));
    long minute = Resolution.MINUTE.windowStart(T0);
    Candle early = CandleMath.fromTrades("S", Resolution.SECOND, T0, trades).orElseThrow();
    Candle later = CandleMath.fromTrades("S", Resolution.SECOND, T0 + 2_000, trades).orElseThrow();

    Candle merged =
        CandleMath.merge("S", Resolution.MINUTE, minute, List.of(later, early)).orElseThrow();

    assertThat(merged.open()).isEqualTo(4.0);
    assertThat(merged.close()).isEqualTo(3.0);
    assertThat(merged.firstTradeMs()).isEqualTo(T0 + 100);
    assertThat(merged.lastTradeMs()).isEqualTo(T0 + 2_200);
    assertThat(merged.high()).isEqualTo(7.0);
    assertThat(merged.low()).isEqualTo(3.0);
    assertThat(merged.tradeCount()).isEqualTo(4);
    assertThat(merged.volume()).isEqualTo(5.0);
    assertThat(merged)
        .isEqualTo(CandleMath.fromTrades("S", Resolution.MINUTE, minute, trades).orElseThrow());
  }

  @Test
  void should_merge_only_the_finer_candles_of_its_own_symbol_and_window() {
    long minute = Resolution.MINUTE.windowStart(T0);
    Candle own =
        CandleMath.fromTrades(
                "S", Resolution.SECOND, T0, List.of(inFrame("S", 5.0, 1.0, T0 + 1, 1, 0, 1)))
            .orElseThrow();
    Candle otherSymbol =
        CandleMath.fromTrades(
                "X", Resolution.SECOND, T0, List.of(inFrame("X", 9.0, 1.0, T0 + 1, 1, 0, 1)))
            .orElseThrow();
    Candle nextMinute =
        CandleMath.fromTrades(
                "S",
                Resolution.SECOND,
                minute + 60_000,
                List.of(inFrame("S", 8.0, 1.0, minute + 60_000, 2, 0, 2)))
            .orElseThrow();
    Candle notFiner = CandleMath.merge("S", Resolution.MINUTE, minute, List.of(own)).orElseThrow();

    Candle merged =
        CandleMath.merge(
                "S", Resolution.MINUTE, minute, List.of(otherSymbol, nextMinute, own, notFiner))
            .orElseThrow();

    assertThat(merged.tradeCount()).isEqualTo(1);
    assertThat(merged.high()).isEqualTo(5.0);
    assertThat(CandleMath.merge("S", Resolution.MINUTE, minute, List.of(otherSymbol))).isEmpty();
  }

  @Test
  void should_order_two_ingest_runs_in_one_millisecond_by_run() {
    // Ingest ids begin with their UTC start time: the run that started first sorts first, even
    // when its trade has the higher frame number.
    TradeRow laterRun =
        new TradeRow(
            "S", 2.0, 1.0, T0 + 5, List.of(), 0, "20240808T235410Z-b", 0, 0, 0, 1, 0, false);
    TradeRow earlierRun =
        new TradeRow(
            "S", 1.0, 1.0, T0 + 5, List.of(), 0, "20240808T235400Z-a", 9, 3, 0, 2, 0, false);

    Candle candle =
        CandleMath.fromTrades("S", Resolution.SECOND, T0, List.of(laterRun, earlierRun))
            .orElseThrow();

    assertThat(candle.open()).isEqualTo(1.0);
    assertThat(candle.close()).isEqualTo(2.0);
  }
}
