package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's analytics on constructed candles, against values worked out here. */
class ReferenceAnalyticsTest {

  private static final long H = 1_723_161_600_000L; // 2024-08-09T00:00:00Z
  private static final ReferenceAnalytics.Params HALF =
      new ReferenceAnalytics.Params(1, 2, 8.0, 1e-6, 6.0, 0.5);

  private static ReferenceCandle second(long ts, double close, double volume) {
    return new ReferenceCandle(
        "S", Resolution.S1, ts, close, close, close, close, volume, close, 1, ts, ts);
  }

  private static Reference reference(
      List<ReferenceCandle> candles, List<ReferenceGap> gaps, long latest) {
    return new Reference(
        List.of(), candles, 0, 0, 0, 0, List.of(), List.of(), Map.of("S", latest), 0, gaps);
  }

  @Test
  void should_flag_the_jump_and_the_spike_after_warm_up_and_skip_what_a_gap_meets() {
    List<ReferenceCandle> candles = new ArrayList<>();
    double[] closes = {100, 101, 100, 120, 120};
    double[] volumes = {10, 10, 10, 10, 10_000};
    for (int i = 0; i < closes.length; i++) {
      candles.add(second(H + 1000L * i, closes[i], volumes[i]));
    }
    candles.add(
        new ReferenceCandle(
            "S", Resolution.H1, H, 100, 120, 100, 120, 10_040, 110, 5, H, H + 4000));

    ReferenceAnalytics.Result plain =
        ReferenceAnalytics.compute(reference(candles, List.of(), H + 60_000), HALF);

    double s = Math.abs(StrictMath.log(101.0 / 100));
    s = s + 0.5 * (Math.abs(StrictMath.log(100 / 101.0)) - s);
    double r = StrictMath.log(120.0 / 100);
    assertThat(plain.anomalies())
        .extracting(ReferenceAnalytics.Anomaly::kind, ReferenceAnalytics.Anomaly::tsMs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ReferenceAnalytics.PRICE_JUMP, H + 3000),
            org.assertj.core.groups.Tuple.tuple(ReferenceAnalytics.VOLUME_SPIKE, H + 4000));
    assertThat(plain.anomalies().get(0).score()).isEqualTo(r / (1.2533141373155003 * s));
    ReferenceAnalytics.Hour hour = plain.hours().get(0);
    assertThat(hour.returns()).isEqualTo(4);
    double sum = 0.0;
    for (int i = 1; i < closes.length; i++) {
      double ri = StrictMath.log(closes[i] / closes[i - 1]);
      sum = sum + ri * ri;
    }
    assertThat(hour.realizedVol()).isEqualTo(StrictMath.sqrt(sum));
    assertThat(hour.range()).isEqualTo(20.0);
    assertThat(hour.isFinal()).isFalse(); // the hour ends after the latest trade

    ReferenceAnalytics.Result gapped =
        ReferenceAnalytics.compute(
            reference(
                candles, List.of(new ReferenceGap("S", "reconnect", H + 2500, null)), H + 60_000),
            HALF);
    assertThat(gapped.anomalies())
        .extracting(ReferenceAnalytics.Anomaly::kind)
        .containsExactly(ReferenceAnalytics.VOLUME_SPIKE);
  }

  @Test
  void should_leave_out_the_seconds_that_are_not_final() {
    List<ReferenceCandle> candles = new ArrayList<>();
    double[] closes = {100, 101, 100, 120};
    for (int i = 0; i < closes.length; i++) {
      candles.add(second(H + 1000L * i, closes[i], 1));
    }
    candles.add(
        new ReferenceCandle("S", Resolution.H1, H, 100, 120, 100, 120, 4, 110, 4, H, H + 3000));

    // Latest trade at H+3500: the watermark (delay 0) passed seconds 0..2, not 3.
    ReferenceAnalytics.Result result =
        ReferenceAnalytics.compute(reference(candles, List.of(), H + 3500), HALF);

    assertThat(result.anomalies()).isEmpty();
    assertThat(result.hours().get(0).returns()).isEqualTo(2);
  }
}
