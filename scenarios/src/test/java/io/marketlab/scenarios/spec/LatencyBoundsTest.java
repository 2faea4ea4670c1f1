package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** LAB_SCENARIO_LATENCY_FACTOR: the latency bounds scaled, the absent ones left absent. */
class LatencyBoundsTest {

  @Test
  void every_bound_given_should_be_multiplied_and_an_absent_one_stay_absent() {
    Scenario.LatencyBounds bounds =
        new Scenario.LatencyBounds(
            Duration.ofSeconds(30), null, Duration.ofMillis(60_001), Duration.ofSeconds(90));

    Scenario.LatencyBounds scaled = bounds.times(1.5);

    assertThat(scaled)
        .isEqualTo(
            new Scenario.LatencyBounds(
                Duration.ofSeconds(45), null, Duration.ofMillis(90_002), Duration.ofSeconds(135)));
    assertThat(bounds.times(1)).isEqualTo(bounds);
    assertThat(Scenario.LatencyBounds.NONE.times(3)).isEqualTo(Scenario.LatencyBounds.NONE);
  }

  @Test
  void a_factor_below_1_should_be_refused_it_would_tighten_the_gate() {
    Scenario.LatencyBounds bounds =
        new Scenario.LatencyBounds(Duration.ofSeconds(30), null, null, null);

    assertThatThrownBy(() -> bounds.times(0.5))
        .hasMessage("a latency factor is 1 or more, got 0.5");
    assertThatThrownBy(() -> bounds.times(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
