package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
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
  void a_step_on_a_set_of_3_nodes_should_reach_each_node_and_refuse_a_fourth() {
    EngineSet three =
        EngineSet.create(
            LabSettings.load(
                root, Map.of("LAB_PROVIDER", "local", "LAB_NODES", "3"), new Properties()),
            false);

    for (int node = 0; node <= 3; node++) {
      int n = node;
      assertThatCode(() -> PipelineStack.checkCanAct(three, FaultTarget.KAFKA, n))
          .doesNotThrowAnyException();
      assertThatCode(() -> PipelineStack.checkCanAct(three, FaultTarget.CASSANDRA, n))
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> PipelineStack.checkCanAct(three, FaultTarget.CASSANDRA, 4))
        .isInstanceOf(FaultException.class)
        .hasMessage(
            "cassandra: cassandra has nodes 1..3 (cassandra-1, cassandra-2, cassandra-3), not node"
                + " 4");
  }

  @Test
  void a_step_on_node_2_of_a_single_node_should_say_so() {
    EngineSet one =
        EngineSet.create(
            LabSettings.load(root, Map.of("LAB_PROVIDER", "local"), new Properties()), false);

    assertThatThrownBy(() -> PipelineStack.checkCanAct(one, FaultTarget.KAFKA, 2))
        .isInstanceOf(FaultException.class)
        .hasMessage("kafka: kafka is a single node here (lab up --nodes 3 for more), not node 2");
  }

  @Test
  void the_keyspace_on_3_nodes_should_have_3_replicas_in_the_datacenter_unless_set() {
    Map<String, String> three = Map.of("LAB_PROVIDER", "local", "LAB_NODES", "3");
    EngineSet set = EngineSet.create(LabSettings.load(root, three, new Properties()), false);
    EngineSet single =
        EngineSet.create(
            LabSettings.load(root, Map.of("LAB_PROVIDER", "local"), new Properties()), false);
    Map<String, String> given = new java.util.HashMap<>(three);
    given.put("PROCESSOR_REPLICATION", "datacenter1:2");
    EngineSet explicit = EngineSet.create(LabSettings.load(root, given, new Properties()), false);

    assertThat(ProcessorProcess.replication(set)).isEqualTo("datacenter1:3");
    assertThat(ProcessorProcess.replication(single)).isEqualTo("1");
    assertThat(ProcessorProcess.replication(explicit)).isEqualTo("datacenter1:2");
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
