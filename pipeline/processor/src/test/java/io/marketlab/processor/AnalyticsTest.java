package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.layout.Tables.Anomalies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statistics of docs/ANALYTICS.md on constructed series, against values worked out step by step
 * here (half-life 1 makes alpha exactly 0.5).
 */
class AnalyticsTest {

  private static final long T0 = 1_723_161_600_000L; // 2024-08-09T00:00:00Z, a whole hour

  /** alpha = 1 − 2^−1 = 0.5; warm-up 2; thresholds 8 and 6; floors 1e-6 and 0.5. */
  private static final Analytics.Params HALF = new Analytics.Params(1, 2, 8.0, 1e-6, 6.0, 0.5);

  private static List<Analytics.Anomaly> feed(
      Analytics analytics, double[] closes, double[] volumes) {
    List<Analytics.Anomaly> found = new ArrayList<>();
    for (int i = 0; i < closes.length; i++) {
      analytics.second(T0 + 1000L * i, closes[i], volumes[i], found::add);
    }
    return found;
  }

  private static double[] same(int n, double value) {
    double[] values = new double[n];
    java.util.Arrays.fill(values, value);
    return values;
  }

  @Test
  void should_give_alpha_from_the_half_life() {
    assertThat(HALF.alpha()).isEqualTo(0.5);
    assertThat(Analytics.Params.DEFAULTS.alpha())
        .isEqualTo(1.0 - StrictMath.pow(2.0, -1.0 / 600))
        .isBetween(0.001154, 0.001156);
  }

  @Test
  void should_flag_nothing_on_a_constant_series_and_give_it_zero_volatility() {
    Analytics analytics = new Analytics(HALF);

    List<Analytics.Anomaly> found = feed(analytics, same(50, 100.0), same(50, 5.0));

    assertThat(found).isEmpty();
    assertThat(analytics.hour(T0).count).isEqualTo(49);
    assertThat(analytics.hour(T0).realizedVol()).isZero();
  }

  @Test
  void should_flag_nothing_on_a_steady_trend() {
    double[] closes = new double[100];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = 100.0 * StrictMath.pow(1.001, i);
    }
    Analytics analytics = new Analytics(HALF);

    // |r| is the same each second: score = a / (K * a) = 0.80 < 8.
    assertThat(feed(analytics, closes, same(100, 5.0))).isEmpty();
  }

  @Test
  void should_flag_one_jump_after_warm_up_with_the_score_worked_out_by_hand() {
    double[] closes = {100, 101, 100, 120};
    Analytics analytics = new Analytics(HALF);

    List<Analytics.Anomaly> found = feed(analytics, closes, same(4, 0.0));

    double a1 = Math.abs(StrictMath.log(101.0 / 100.0));
    double a2 = Math.abs(StrictMath.log(100.0 / 101.0));
    double s = a1; // first observation
    s = s + 0.5 * (a2 - s); // second; n = 2 = warm-up now
    double r3 = StrictMath.log(120.0 / 100.0);
    double sigma = Analytics.K * s;
    assertThat(found).hasSize(1);
    Analytics.Anomaly jump = found.get(0);
    assertThat(jump.kind()).isEqualTo(Anomalies.PRICE_JUMP);
    assertThat(jump.tsMs()).isEqualTo(T0 + 3000);
    assertThat(jump.value()).isEqualTo(r3);
    assertThat(jump.baseline()).isEqualTo(sigma);
    assertThat(jump.score()).isEqualTo(r3 / sigma).isGreaterThan(14);
    assertThat(jump.threshold()).isEqualTo(8.0);
    assertThat(jump.close()).isEqualTo(120.0);
    assertThat(jump.prevTsMs()).isEqualTo(T0 + 2000);
    assertThat(jump.prevClose()).isEqualTo(100.0);
  }

  @Test
  void should_raise_nothing_during_warm_up() {
    double[] closes = {100, 101, 150, 100};
    Analytics analytics = new Analytics(new Analytics.Params(1, 3, 8.0, 1e-6, 6.0, 0.5));

    // The jump to 150 is the second observation, the drop back the third: both in warm-up.
    assertThat(feed(analytics, closes, same(4, 0.0))).isEmpty();
  }

  @Test
  void should_winsorise_a_jump_so_that_the_next_one_of_a_burst_is_flagged_too() {
    double[] closes = {100, 100.1, 100, 100.1, 110, 121};
    Analytics analytics = new Analytics(HALF);

    List<Analytics.Anomaly> found = feed(analytics, closes, same(6, 0.0));

    double s = Math.abs(StrictMath.log(100.1 / 100));
    s = s + 0.5 * (Math.abs(StrictMath.log(100 / 100.1)) - s);
    double a3 = Math.abs(StrictMath.log(100.1 / 100));
    s = s + 0.5 * (Math.min(a3, 8 * Math.max(Analytics.K * s, 1e-6)) - s);
    double sigma4 = Analytics.K * s;
    double a4 = StrictMath.log(110 / 100.1);
    s = s + 0.5 * (Math.min(a4, 8 * sigma4) - s); // clipped: the baseline moves by 4 sigma only
    double sigma5 = Analytics.K * s;
    double a5 = StrictMath.log(121.0 / 110);
    assertThat(found).extracting(Analytics.Anomaly::tsMs).containsExactly(T0 + 4000, T0 + 5000);
    assertThat(found.get(0).score()).isEqualTo(a4 / sigma4);
    assertThat(found.get(1).score()).isEqualTo(a5 / sigma5).isGreaterThanOrEqualTo(8);
  }

  @Test
  void should_not_observe_unchanged_seconds_so_that_one_tick_after_a_quiet_spell_is_no_jump() {
    // A symbol at the tick: the close moves by one cent now and then, most seconds it stays.
    double[] closes = {15.00, 15.01, 15.00, 15.00, 15.00, 15.00, 15.00, 15.00, 15.01};
    Analytics analytics = new Analytics(HALF);

    List<Analytics.Anomaly> found = feed(analytics, closes, same(closes.length, 0.0));

    // Observed: the three moves only. s after two: (a1 + a2) / 2; the third one tick again.
    double a1 = Math.abs(StrictMath.log(15.01 / 15.00));
    double a2 = Math.abs(StrictMath.log(15.00 / 15.01));
    double s = a1 + 0.5 * (a2 - a1);
    double score = Math.abs(StrictMath.log(15.01 / 15.00)) / (Analytics.K * s);
    assertThat(score).isLessThan(1);
    assertThat(found).isEmpty();
    // Had the six unchanged seconds entered the baseline, s would be 2^-6 of that: a "jump".
    assertThat(score * 64).isGreaterThan(8);
  }

  @Test
  void should_raise_one_anomaly_per_burst_within_the_cool_down() {
    double[] closes = {100, 100.1, 100, 100.1, 110, 121, 121.1, 121, 121.1, 121, 150};
    Analytics.Params cooling = new Analytics.Params(1, 2, 8.0, 1e-6, 6.0, 0.5, 2);

    List<Analytics.Anomaly> raw = feed(new Analytics(HALF), closes, same(closes.length, 0.0));
    List<Analytics.Anomaly> once = feed(new Analytics(cooling), closes, same(closes.length, 0.0));

    // Without: 110 and 121 one after the other, then 150. With 2 s: 121 comes 1 s after 110 (not
    // raised; the episode goes on to 7 s) and 150 at 10 s is a new one.
    assertThat(raw)
        .extracting(Analytics.Anomaly::tsMs)
        .containsExactly(T0 + 4000, T0 + 5000, T0 + 10_000);
    assertThat(once).extracting(Analytics.Anomaly::tsMs).containsExactly(T0 + 4000, T0 + 10_000);
    assertThat(once.get(1).score()).isEqualTo(raw.get(2).score());
  }

  @Test
  void should_cool_down_each_kind_on_its_own() {
    double[] closes = {100, 100.1, 100, 100.1, 130, 100.1};
    double[] volumes = {10, 12, 10, 12, 10, 50_000};
    Analytics.Params cooling = new Analytics.Params(1, 2, 8.0, 1e-6, 6.0, 0.5, 60);

    List<Analytics.Anomaly> found = feed(new Analytics(cooling), closes, volumes);

    // The jump to 130 at 4 s cools jumps down (the drop back at 5 s is not raised), not spikes.
    assertThat(found)
        .extracting(Analytics.Anomaly::kind)
        .containsExactly(Anomalies.PRICE_JUMP, Anomalies.VOLUME_SPIKE);
  }

  @Test
  void should_flag_a_volume_spike_against_the_log_volume_baseline() {
    double[] volumes = {10, 10, 10, 0, 10_000};
    Analytics analytics = new Analytics(HALF);

    List<Analytics.Anomaly> found = feed(analytics, same(5, 50.0), volumes);

    // m = log 10, d = 0 after three observations (the volume 0 is none): sd = the floor 0.5.
    double m = StrictMath.log(10);
    double score = (StrictMath.log(10_000) - m) / 0.5;
    assertThat(found).hasSize(1);
    Analytics.Anomaly spike = found.get(0);
    assertThat(spike.kind()).isEqualTo(Anomalies.VOLUME_SPIKE);
    assertThat(spike.tsMs()).isEqualTo(T0 + 4000);
    assertThat(spike.value()).isEqualTo(10_000.0);
    assertThat(spike.baseline()).isEqualTo(StrictMath.exp(m));
    assertThat(spike.score()).isEqualTo(score);
    assertThat(spike.prevTsMs()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void should_not_flag_a_quiet_second() {
    double[] volumes = {10, 10, 10, 0.0001};
    Analytics analytics = new Analytics(HALF);

    assertThat(feed(analytics, same(4, 50.0), volumes)).isEmpty();
  }

  @Test
  void should_skip_observations_that_meet_a_recorded_gap() {
    double[] closes = {100, 101, 100, 120};
    double[] volumes = {10, 10, 10, 10_000};
    Analytics analytics = new Analytics(HALF);
    analytics.gap(new GapSpan(T0 + 2500, T0 + 2600)); // inside the 3rd second

    List<Analytics.Anomaly> found = feed(analytics, closes, volumes);

    // The jump's span [T0+2000, T0+4000) meets the gap: skipped. The spike's second does not.
    assertThat(found).extracting(Analytics.Anomaly::kind).containsExactly(Anomalies.VOLUME_SPIKE);
  }

  @Test
  void should_take_the_next_return_across_a_gap_from_the_candle_after_it() {
    double[] closes = {100, 101, 100, 100.5, 100};
    Analytics analytics = new Analytics(HALF);
    analytics.gap(new GapSpan(T0 + 1200, T0 + 1300));
    List<Analytics.Anomaly> found = new ArrayList<>();
    for (int i = 0; i < closes.length; i++) {
      analytics.second(T0 + 1000L * i, closes[i], 0.0, found::add);
    }

    // The returns into seconds 1 and 2 meet the gap; the gap is dropped once behind the candles.
    assertThat(analytics.gaps()).isZero();
    assertThat(found).isEmpty();
  }

  @Test
  void should_sum_the_returns_of_one_hour_only_and_start_each_hour_without_one() {
    Analytics analytics = new Analytics(HALF);
    List<Analytics.Anomaly> ignored = new ArrayList<>();
    analytics.second(T0 - 2000, 100, 1, ignored::add);
    analytics.second(T0 - 1000, 101, 1, ignored::add);
    analytics.second(T0, 102, 1, ignored::add);
    analytics.second(T0 + 5000, 100, 1, ignored::add);

    double before = StrictMath.log(101.0 / 100);
    assertThat(analytics.hour(T0 - 3_600_000).count).isEqualTo(1);
    assertThat(analytics.hour(T0 - 3_600_000).realizedVol())
        .isEqualTo(StrictMath.sqrt(0.0 + before * before));
    double r = StrictMath.log(100.0 / 102);
    assertThat(analytics.hour(T0).count).isEqualTo(1);
    assertThat(analytics.hour(T0).realizedVol()).isEqualTo(StrictMath.sqrt(0.0 + r * r));
  }

  @Test
  void should_continue_from_its_bytes_exactly() throws Exception {
    double[] closes = {100, 101, 100, 100.5, 120, 100, 100.2};
    double[] volumes = {10, 12, 9, 11, 5_000, 10, 10};
    // With a cool-down that spans the restart: the drop back at 5 s must stay unraised.
    Analytics.Params cooling = new Analytics.Params(1, 2, 8.0, 1e-6, 6.0, 0.5, 3);
    Analytics whole = new Analytics(cooling);
    List<Analytics.Anomaly> expected = feed(whole, closes, volumes);

    Analytics first = new Analytics(cooling);
    List<Analytics.Anomaly> actual = new ArrayList<>();
    first.gap(new GapSpan(T0 - 90_000, T0 - 80_000));
    for (int i = 0; i < 5; i++) {
      first.second(T0 + 1000L * i, closes[i], volumes[i], actual::add);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    first.write(new DataOutputStream(bytes));
    Analytics second =
        Analytics.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), cooling);
    for (int i = 5; i < closes.length; i++) {
      second.second(T0 + 1000L * i, closes[i], volumes[i], actual::add);
    }

    assertThat(actual).isEqualTo(expected).isNotEmpty();
    assertThat(actual).extracting(Analytics.Anomaly::tsMs).doesNotContain(T0 + 5000);
    assertThat(second.hour(T0).realizedVol()).isEqualTo(whole.hour(T0).realizedVol());
  }

  @Test
  void should_refuse_candles_out_of_time_order() {
    Analytics analytics = new Analytics(HALF);
    analytics.second(T0 + 1000, 1, 1, a -> {});

    assertThatThrownBy(() -> analytics.second(T0, 1, 1, a -> {}))
        .hasMessageContaining("out of time order");
  }

  @Test
  void should_refuse_settings_no_detector_can_use() {
    assertThatThrownBy(() -> new Analytics.Params(0, 2, 8, 0, 6, 0))
        .hasMessageContaining("half-life");
    assertThatThrownBy(() -> new Analytics.Params(1, 2, 0, 0, 6, 0))
        .hasMessageContaining("jump threshold");
    assertThatThrownBy(() -> new Analytics.Params(1, 2, 8, -1, 6, 0))
        .hasMessageContaining("jump floor");
    assertThatThrownBy(() -> new Analytics.Params(1, 2, 8, 0, Double.NaN, 0))
        .hasMessageContaining("volume threshold");
    assertThatThrownBy(() -> new Analytics.Params(1, 2, 8, 0, 6, 0, -1))
        .hasMessageContaining("cool-down");
  }
}
