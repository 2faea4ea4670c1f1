package io.marketlab.scenarios.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.scenarios.pipeline.PipelineRun.Action;
import io.marketlab.scenarios.pipeline.PipelineRun.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run refuses, before it starts anything, steps its engines cannot take. */
class PipelineRunStepsTest {

  @TempDir Path root;

  @Test
  void an_engine_step_on_an_external_cluster_should_fail_the_run_naming_the_step() {
    EngineSet external =
        EngineSet.create(
            LabSettings.load(
                root,
                Map.of(
                    "LAB_KAFKA_BOOTSTRAP", "10.0.0.1:9092",
                    "LAB_CASSANDRA_CONTACT_POINTS", "10.0.0.2:9042"),
                new Properties()),
            false);
    List<Step> steps =
        List.of(
            new Step(Duration.ofSeconds(5), Action.KILL_PROCESSOR),
            new Step(Duration.ofSeconds(8), Action.KILL_CASSANDRA),
            new Step(Duration.ofSeconds(25), Action.START_CASSANDRA));

    assertThatThrownBy(() -> PipelineRun.checkSteps(external, steps))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith(
            "step kill-cassandra at 8s cannot act: cassandra is an external cluster")
        .hasMessageNotContaining("\n");
    assertThatCode(() -> PipelineRun.checkSteps(external, steps.subList(0, 1)))
        .doesNotThrowAnyException();
  }
}
