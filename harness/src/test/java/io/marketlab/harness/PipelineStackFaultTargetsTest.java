package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineSet;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which fault steps can act on which engine set (no engine is started). */
class PipelineStackFaultTargetsTest {

  @TempDir Path root;

  @Test
  void local_engines_and_the_processor_can_be_killed_and_started() {
    EngineSet local =
        EngineSet.create(
            LabSettings.load(root, Map.of("LAB_PROVIDER", "local"), new Properties()), false);

    for (FaultTarget target : FaultTarget.values()) {
      assertThatCode(() -> PipelineStack.checkCanAct(local, target)).doesNotThrowAnyException();
    }
  }

  @Test
  void an_external_engine_should_refuse_in_one_line_naming_it() {
    EngineSet external =
        EngineSet.create(
            LabSettings.load(
                root,
                Map.of(
                    "LAB_KAFKA_BOOTSTRAP", "10.0.0.1:9092",
                    "LAB_CASSANDRA_CONTACT_POINTS", "10.0.0.2:9042"),
                new Properties()),
            false);

    assertThatThrownBy(() -> PipelineStack.checkCanAct(external, FaultTarget.CASSANDRA))
        .isInstanceOf(FaultException.class)
        .hasMessage(
            "cassandra is an external cluster {cql=10.0.0.2:9042, datacenter=datacenter1}, not a"
                + " local child JVM of this lab: only local engines can be killed and started"
                + " (LAB_PROVIDER=local)");
    assertThatThrownBy(() -> PipelineStack.checkCanAct(external, FaultTarget.KAFKA))
        .hasMessageStartingWith("kafka is an external cluster {bootstrap=10.0.0.1:9092}");
    assertThatCode(() -> PipelineStack.checkCanAct(external, FaultTarget.PROCESSOR))
        .doesNotThrowAnyException();
  }
}
