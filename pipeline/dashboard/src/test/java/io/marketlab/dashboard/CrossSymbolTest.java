package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketlab.layout.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cross-symbol view's arithmetic on constructed candles, against values worked by hand. */
class CrossSymbolTest {

  static final Instant T0 = Instant.parse("2024-08-09T10:00:00Z");

  /** 1 m candles of the closes, one per minute from T0; null leaves the minute empty. */
  static List<Candle> closes(Double... closes) {
    List<Candle> candles = new ArrayList<>();
    for (int i = 0; i < closes.length; i++) {
      if (closes[i] != null) {
        candles.add(candle(i, closes[i], false));
      }
    }
    return candles;
  }

  static Candle candle(int minute, double close, boolean incomplete) {
    Instant start = T0.plusSeconds(60L * minute);
    return new Candle(
        "X",
        Resolution.MINUTE,
        start,
        close,
        close,
        close,
        close,
        1,
        close,
        1,
        start,
        start,
        true,
        start,
        incomplete);
  }

  @Test
  void a_line_should_be_the_percent_change_from_the_first_close_at_or_after_the_start() {
    CrossSymbol.Line line =
        CrossSymbol.line("X", closes(90.0, 100.0, 110.0, 95.0), T0.plusSeconds(30).toEpochMilli());

    assertThat(line.base()).isEqualTo(100.0);
    assertThat(line.baseTime()).isEqualTo("2024-08-09T10:01:00Z");
    assertThat(line.points())
        .extracting(CrossSymbol.Point::percent)
        .containsExactly(-10.0, 0.0, 10.0, -5.0);
    assertThat(line.points().get(0).time()).isEqualTo(T0.getEpochSecond());
  }

  @Test
  void a_symbol_with_no_candle_after_the_start_should_have_no_base_and_no_points() {
    CrossSymbol.Line line =
        CrossSymbol.line("X", closes(90.0, 100.0), T0.plusSeconds(600).toEpochMilli());

    assertThat(line.base()).isNull();
    assertThat(line.points()).isEmpty();
  }

  @Test
  void returns_should_join_only_consecutive_complete_minutes() {
    List<Candle> candles = new ArrayList<>(closes(100.0, 110.0, null, 121.0, 133.1));
    candles.add(candle(5, 140.0, true)); // meets a gap: neither its return nor the next
    candles.add(candle(6, 150.0, false));
    candles.add(candle(7, 165.0, false));

    Map<Long, Double> returns = CrossSymbol.returns(candles);

    assertThat(returns.keySet())
        .containsExactly(
            T0.plusSeconds(60).toEpochMilli(),
            T0.plusSeconds(240).toEpochMilli(),
            T0.plusSeconds(420).toEpochMilli());
    assertThat(returns.values())
        .containsExactly(Math.log(1.1), Math.log(133.1 / 121.0), Math.log(1.1));
  }

  @Test
  void the_correlation_should_be_pearsons_r_over_the_minutes_both_symbols_have() {
    // returns by hand: X = ln 1.1, ln(121/110) = ln 1.1 ... build x and y so that r is known.
    Map<Long, Double> x = Map.of(1L, 1.0, 2L, 2.0, 3L, 3.0, 4L, 4.0, 9L, 100.0);
    Map<Long, Double> y = Map.of(1L, 2.0, 2L, 1.0, 3L, 4.0, 4L, 3.0, 8L, -50.0);

    CrossSymbol.Pair pair = CrossSymbol.pair("X", x, "Y", y);

    // paired minutes 1..4: x = 1,2,3,4 and y = 2,1,4,3; means 2.5; sxy = 3, sxx = syy = 5: r = 0.6
    assertThat(pair.points()).isEqualTo(4);
    assertThat(pair.correlation()).isCloseTo(0.6, within(1e-15));
  }

  @Test
  void identical_and_opposite_moves_should_correlate_one_and_minus_one() {
    List<Candle> a = closes(100.0, 101.0, 99.0, 103.0, 102.0);
    List<Candle> b = closes(50.0, 50.5, 49.5, 51.5, 51.0);
    List<Candle> c = closes(100.0, 1e4 / 101.0, 1e4 / 99.0, 1e4 / 103.0, 1e4 / 102.0);

    assertThat(
            CrossSymbol.pair("A", CrossSymbol.returns(a), "B", CrossSymbol.returns(b))
                .correlation())
        .isCloseTo(1.0, within(1e-12));
    assertThat(
            CrossSymbol.pair("A", CrossSymbol.returns(a), "C", CrossSymbol.returns(c))
                .correlation())
        .isCloseTo(-1.0, within(1e-12));
  }

  @Test
  void fewer_than_three_points_or_a_flat_side_should_have_no_correlation() {
    Map<Long, Double> x = Map.of(1L, 1.0, 2L, 2.0);
    Map<Long, Double> flat = Map.of(1L, 0.0, 2L, 0.0, 3L, 0.0);
    Map<Long, Double> moving = Map.of(1L, 1.0, 2L, 2.0, 3L, 5.0);

    assertThat(CrossSymbol.pair("X", x, "Y", x)).extracting(CrossSymbol.Pair::points).isEqualTo(2);
    assertThat(CrossSymbol.pair("X", x, "Y", x).correlation()).isNull();
    assertThat(CrossSymbol.pair("F", flat, "M", moving).correlation()).isNull();
  }
}
