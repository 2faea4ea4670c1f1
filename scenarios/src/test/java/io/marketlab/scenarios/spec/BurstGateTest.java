package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.ingest.SpeedProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The gate's burst scenario: live rate, a 10x burst inside the session, under 3 minutes. */
class BurstGateTest {

  @Test
  void the_burst_gate_scenario_should_run_a_10x_burst_inside_a_live_rate_replay() {
    Path projectRoot = Path.of("..").toAbsolutePath().normalize();
    Scenario scenario =
        new ScenarioLoader(projectRoot).load(projectRoot.resolve("scenarios/gate/burst-10x.yaml"));

    assertThat(scenario.speed()).isEqualTo(1.0);
    assertThat(scenario.bursts())
        .containsExactly(
            new SpeedProfile.Burst(Duration.ofSeconds(40), Duration.ofSeconds(30), 10));
    Scenario.ImportSession session = (Scenario.ImportSession) scenario.session();
    long sessionSeconds =
        Duration.between(Instant.parse(session.from()), Instant.parse(session.to())).toSeconds();
    assertThat(sessionSeconds).isEqualTo(390);
    // 40 s at 1x, 30 s at 10x (300 s of session), the remaining 50 s of session at 1x
    long beforeBurst = 40;
    long inBurst = 30 * 10;
    assertThat(sessionSeconds)
        .as("the burst ends inside the session")
        .isGreaterThan(beforeBurst + inBurst);
    long wallSeconds = 40 + 30 + (sessionSeconds - beforeBurst - inBurst);
    assertThat(wallSeconds).isEqualTo(120).isLessThan(180);
    assertThat(scenario.expect().storedTrades()).isEqualTo(Scenario.Count.of(20_520));
    assertThat(scenario.expect().candles()).hasSize(3);
    assertThat(scenario.expect().latency().max()).isNotNull();
  }
}
