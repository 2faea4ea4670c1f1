package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables.Anomalies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The analytics a symbol's state emits: hourly rows and anomalies, however the stream is cut. */
class SymbolStateAnalyticsTest {

  private static final long T0 = 1_723_161_600_000L - 20 * 60_000L; // 20 min before an hour
  private static final long DELAY = 2_000;
  private static final Analytics.Params FAST = new Analytics.Params(50, 30, 8.0, 1e-6, 6.0, 0.5);

  /** Everything emitted: the last hourly row per hour, every anomaly in order. */
  private static final class Emitted implements SymbolState.Output {
    final Map<Long, HourlyRow> hourly = new TreeMap<>();
    final List<HourlyRow> hourlyRows = new ArrayList<>();
    final List<Analytics.Anomaly> anomalies = new ArrayList<>();

    @Override
    public void trade(TradeRow trade, long watermarkMs) {}

    @Override
    public void duplicate(TradeRow trade) {}

    @Override
    public void candle(Candle candle, boolean changed) {}

    @Override
    public void hourly(HourlyRow row) {
      hourly.put(row.candle().windowStartMs(), row);
      hourlyRows.add(row);
    }

    @Override
    public void anomaly(Analytics.Anomaly anomaly) {
      anomalies.add(anomaly);
    }
  }

  /**
   * About 45 minutes of trades, 0 to 3 a second, a random walk; at minute 30 a 3 % jump and at
   * minute 35 a second with 500 times the usual volume.
   */
  private static List<TradeRow> session(long seed) {
    Random random = new Random(seed);
    List<TradeRow> trades = new ArrayList<>();
    double price = 100;
    long offset = 0;
    for (long second = 0; second < 45 * 60; second++) {
      int count = second % (5 * 60) == 0 ? 1 + random.nextInt(3) : random.nextInt(4);
      for (int i = 0; i < count; i++) {
        price = price * (1 + (random.nextGaussian() * 0.0002));
        double volume = 1 + random.nextInt(5);
        if (second == 30 * 60 && i == 0) {
          price = price * 1.03;
        }
        if (second == 35 * 60) {
          volume = volume * 500;
        }
        long time = T0 + second * 1000 + random.nextInt(1000);
        trades.add(Trades.trade("A", Math.round(price * 100) / 100.0, volume, time, offset++));
      }
    }
    trades.sort(java.util.Comparator.comparingLong(TradeRow::tradeTsMs));
    List<TradeRow> renumbered = new ArrayList<>();
    for (int i = 0; i < trades.size(); i++) {
      TradeRow t = trades.get(i);
      renumbered.add(Trades.trade("A", t.price(), t.volume(), t.tradeTsMs(), i));
    }
    // One last trade far ahead: every window of the session becomes final.
    renumbered.add(Trades.trade("A", 100, 1, T0 + 3 * 3_600_000L, renumbered.size()));
    return renumbered;
  }

  private static Emitted run(List<TradeRow> trades, int batch, boolean restart) {
    SymbolState state = SymbolState.empty("A", FAST);
    Emitted emitted = new Emitted();
    for (int from = 0; from < trades.size(); from += batch) {
      if (restart) {
        state = SymbolState.fromBytes("A", state.toBytes(), FAST);
      }
      state.apply(
          List.of(), trades.subList(from, Math.min(trades.size(), from + batch)), DELAY, emitted);
    }
    return emitted;
  }

  @Test
  void should_emit_the_same_final_hours_and_anomalies_however_the_batches_are_cut() {
    List<TradeRow> trades = session(7);

    Emitted once = run(trades, trades.size(), false);
    Emitted small = run(trades, 37, true);
    Emitted single = run(trades, 1, true);

    assertThat(once.anomalies).isNotEmpty();
    assertThat(small.anomalies).isEqualTo(once.anomalies);
    assertThat(single.anomalies).isEqualTo(once.anomalies);
    assertThat(small.hourly).isEqualTo(once.hourly);
    assertThat(single.hourly).isEqualTo(once.hourly);
    // Every hour of the session is final; the far trade's hour is open.
    List<HourlyRow> hours = new ArrayList<>(once.hourly.values());
    assertThat(hours.subList(0, hours.size() - 1)).allMatch(row -> row.candle().isFinal());
  }

  @Test
  void should_flag_the_injected_jump_and_spike() {
    Emitted emitted = run(session(11), 50, true);

    assertThat(emitted.anomalies)
        .filteredOn(a -> a.kind().equals(Anomalies.PRICE_JUMP))
        .extracting(Analytics.Anomaly::tsMs)
        .contains(T0 + 30 * 60_000L);
    assertThat(emitted.anomalies)
        .filteredOn(a -> a.kind().equals(Anomalies.VOLUME_SPIKE))
        .extracting(Analytics.Anomaly::tsMs)
        .contains(T0 + 35 * 60_000L);
  }

  /** The hour's volatility from CandleMath's 1 s candles of the same trades, worked out here. */
  @Test
  void should_give_each_hour_the_realized_volatility_of_its_final_one_second_candles() {
    List<TradeRow> trades = session(3);
    Emitted emitted = run(trades, 101, true);

    TreeMap<Long, List<TradeRow>> bySecond = new TreeMap<>();
    for (TradeRow t : trades) {
      bySecond
          .computeIfAbsent(Resolution.SECOND.windowStart(t.tradeTsMs()), s -> new ArrayList<>())
          .add(t);
    }
    Map<Long, long[]> counts = new TreeMap<>();
    Map<Long, double[]> sums = new TreeMap<>();
    Map<Long, Double> lastClose = new TreeMap<>();
    for (Map.Entry<Long, List<TradeRow>> second : bySecond.entrySet()) {
      double close =
          CandleMath.fromTrades("A", Resolution.SECOND, second.getKey(), second.getValue())
              .orElseThrow()
              .close();
      long hour = Resolution.HOUR.windowStart(second.getKey());
      if (lastClose.containsKey(hour)) {
        double r = StrictMath.log(close / lastClose.get(hour));
        counts.computeIfAbsent(hour, h -> new long[1])[0]++;
        sums.computeIfAbsent(hour, h -> new double[1])[0] += r * r;
      }
      lastClose.put(hour, close);
    }

    assertThat(emitted.hourly.keySet()).isEqualTo(lastClose.keySet()).hasSize(3);
    for (Map.Entry<Long, HourlyRow> hour : emitted.hourly.entrySet()) {
      long[] count = counts.getOrDefault(hour.getKey(), new long[1]);
      double[] sum = sums.getOrDefault(hour.getKey(), new double[1]);
      assertThat(hour.getValue().returns()).isEqualTo(count[0]);
      assertThat(hour.getValue().realizedVol()).isEqualTo(StrictMath.sqrt(sum[0]));
    }
  }

  @Test
  void should_update_an_open_hour_and_write_it_final_once() {
    Emitted emitted = run(session(5), 200, false);

    long hour = Resolution.HOUR.windowStart(T0);
    List<HourlyRow> rows =
        emitted.hourlyRows.stream().filter(r -> r.candle().windowStartMs() == hour).toList();
    assertThat(rows.size()).isGreaterThan(2);
    assertThat(rows.subList(0, rows.size() - 1)).noneMatch(r -> r.candle().isFinal());
    assertThat(rows.get(rows.size() - 1).candle().isFinal()).isTrue();
    // While open, the volatility grows with the final 1 s candles.
    assertThat(rows.get(0).returns()).isLessThan(rows.get(rows.size() - 1).returns());
  }

  @Test
  void should_skip_the_jump_a_recorded_gap_meets() {
    List<TradeRow> trades = session(11);
    long jumpAt = T0 + 30 * 60_000L;
    SymbolState state = SymbolState.empty("A", FAST);
    Emitted emitted = new Emitted();
    state.apply(List.of(new GapSpan(jumpAt - 10, jumpAt - 10)), trades, DELAY, emitted);

    assertThat(emitted.anomalies)
        .filteredOn(a -> a.kind().equals(Anomalies.PRICE_JUMP))
        .extracting(Analytics.Anomaly::tsMs)
        .doesNotContain(jumpAt);
  }

  @Test
  void should_read_a_state_of_the_format_before_analytics() {
    SymbolState state = SymbolState.empty("A");
    state.apply(List.of(Trades.trade("A", 100, 1, T0, 0)), DELAY, new Emitted());
    byte[] bytes = state.toBytes();
    // Format 1 was format 2 without the analytics block.
    SymbolState fresh = SymbolState.empty("A");
    java.io.ByteArrayOutputStream analytics = new java.io.ByteArrayOutputStream();
    try {
      new Analytics(Analytics.Params.DEFAULTS).write(new java.io.DataOutputStream(analytics));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(fresh.analytics()).isNotNull();
    byte[] old = new byte[bytes.length - analytics.size()];
    old[0] = 1;
    System.arraycopy(bytes, 1 + analytics.size(), old, 1, old.length - 1);

    SymbolState read = SymbolState.fromBytes("A", old);

    assertThat(read.latestTradeMs()).isEqualTo(T0);
    assertThat(read.openWindows()).isEqualTo(state.openWindows());
  }
}
