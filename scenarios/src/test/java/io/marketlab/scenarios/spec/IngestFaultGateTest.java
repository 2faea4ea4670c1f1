package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.pipeline.PipelineRun.Action;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gate's ingest-fault scenarios say what they do to the ingest and what they must end with. */
class IngestFaultGateTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static Scenario load(String name) {
    return new ScenarioLoader(ROOT).load(ROOT.resolve("scenarios/gate/" + name + ".yaml"));
  }

  @Test
  void the_kill_ingest_scenario_should_kill_at_20s_start_at_30s_and_be_judged_on_arrivals() {
    Scenario scenario = load("kill-ingest");

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(20), Action.KILL_INGEST),
            new PipelineRun.Step(Duration.ofSeconds(30), Action.START_INGEST));
    assertThat(PipelineRun.judgedOnArrivals(scenario.steps())).isTrue();
    assertThat(scenario.speed()).isEqualTo(10.0);
    assertThat(scenario.expect().storedTrades()).isEqualTo(Scenario.Count.of(34_419));
    assertThat(scenario.expect().deadLetters()).isEqualTo(Scenario.Count.of(0));
    assertThat(scenario.expect().candles()).hasSize(3);
    assertThat(scenario.session().inputs())
        .allMatch(input -> input.toString().contains("replay-data/binance-spot/"));
  }

  @Test
  void the_pause_ingest_scenario_should_freeze_20s_and_be_judged_on_the_whole_session() {
    Scenario scenario = load("pause-ingest");

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(20), Action.PAUSE_INGEST),
            new PipelineRun.Step(Duration.ofSeconds(40), Action.RESUME_INGEST));
    // Nothing is lost in a freeze: the reference is the whole session's.
    assertThat(PipelineRun.judgedOnArrivals(scenario.steps())).isFalse();
    assertThat(scenario.expect().storedTrades()).isEqualTo(Scenario.Count.of(34_419));
  }

  @Test
  void a_stop_of_the_ingest_should_be_judged_on_arrivals_and_a_pause_of_kafka_not() {
    assertThat(
            PipelineRun.judgedOnArrivals(
                java.util.List.of(new PipelineRun.Step(Duration.ZERO, Action.STOP_INGEST))))
        .isTrue();
    assertThat(
            PipelineRun.judgedOnArrivals(
                java.util.List.of(new PipelineRun.Step(Duration.ZERO, Action.PAUSE_KAFKA))))
        .isFalse();
  }
}
