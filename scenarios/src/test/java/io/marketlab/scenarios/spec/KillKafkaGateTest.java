package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.pipeline.PipelineRun.Action;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gate's Kafka-outage scenario: down longer than the producer's 120 s delivery timeout. */
class KillKafkaGateTest {

  @Test
  void the_kill_kafka_gate_scenario_should_keep_kafka_down_for_3_minutes_mid_replay() {
    Path projectRoot = Path.of("..").toAbsolutePath().normalize();
    Scenario scenario =
        new ScenarioLoader(projectRoot)
            .load(projectRoot.resolve("scenarios/gate/kill-kafka-3min.yaml"));

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(10), Action.KILL_KAFKA),
            new PipelineRun.Step(Duration.ofSeconds(190), Action.START_KAFKA));
    Duration down = scenario.steps().get(1).at().minus(scenario.steps().get(0).at());
    assertThat(down).isGreaterThan(Duration.ofMinutes(2)); // delivery.timeout.ms
    // 650 s of session at 4x: the replay is still running when Kafka dies
    assertThat(scenario.speed()).isEqualTo(4.0);
    assertThat(scenario.expect().storedTrades()).isEqualTo(Scenario.Count.of(34_419));
    assertThat(scenario.expect().deadLetters()).isEqualTo(Scenario.Count.of(0));
    assertThat(scenario.expect().candles()).hasSize(3);
  }
}
