package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.pipeline.PipelineRun.Action;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gate's store-outage scenario says what the issue measured and what it must end with. */
class KillCassandraGateTest {

  @Test
  void the_kill_cassandra_gate_scenario_should_kill_at_8s_and_start_at_25s() {
    Path projectRoot = Path.of("..").toAbsolutePath().normalize();
    Scenario scenario =
        new ScenarioLoader(projectRoot)
            .load(projectRoot.resolve("scenarios/gate/kill-cassandra.yaml"));

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(8), Action.KILL_CASSANDRA),
            new PipelineRun.Step(Duration.ofSeconds(25), Action.START_CASSANDRA));
    assertThat(scenario.speed()).isEqualTo(25.0);
    assertThat(scenario.expect().storedTrades()).isEqualTo(Scenario.Count.of(34_419));
    assertThat(scenario.expect().deadLetters()).isEqualTo(Scenario.Count.of(0));
    assertThat(scenario.expect().processorDeadLetters()).isEqualTo(Scenario.Count.of(0));
    assertThat(scenario.expect().lateTrades().isReference()).isTrue();
    assertThat(scenario.expect().candles()).hasSize(3);
    assertThat(scenario.expect().maxProcessorRestarts()).isZero();
    assertThat(scenario.session().inputs())
        .allMatch(input -> input.toString().contains("replay-data/binance-spot/"));
  }
}
