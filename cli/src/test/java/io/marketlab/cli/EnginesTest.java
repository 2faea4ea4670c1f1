package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which engines lab status and lab down look at: the recorded set, and any node left running. */
class EnginesTest {

  @TempDir Path root;

  private LabSettings settings(Map<String, String> environment) {
    java.util.Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("LAB_WORK_DIR", root.resolve("work").toString());
    return LabSettings.load(root, all, new Properties());
  }

  private static List<String> names(List<LocalEngine> engines) {
    return engines.stream().map(LocalEngine::name).toList();
  }

  @Test
  void a_single_lab_should_list_the_single_engines() {
    assertThat(names(Engines.all(settings(Map.of()))))
        .containsExactly("kafka", "cassandra", "spark-master", "spark-worker", "prometheus");
  }

  @Test
  void a_recorded_set_of_3_should_list_every_node() {
    Topology.record(settings(Map.of()), 3);

    assertThat(names(Engines.all(settings(Map.of()))))
        .containsExactly(
            "kafka-1",
            "kafka-2",
            "kafka-3",
            "cassandra-1",
            "cassandra-2",
            "cassandra-3",
            "spark-master",
            "spark-worker",
            "prometheus");
  }

  @Test
  void nodes_with_a_state_file_should_be_listed_even_when_told_one_node() throws Exception {
    Path run = Files.createDirectories(root.resolve("work/run"));
    Files.writeString(run.resolve("cassandra-3.properties"), "pid=1\n");
    Files.writeString(run.resolve("kafka.properties"), "pid=2\n");

    List<String> names = names(Engines.all(settings(Map.of("LAB_NODES", "1"))));

    assertThat(names)
        .startsWith("kafka", "kafka-1", "kafka-2", "kafka-3", "cassandra-1")
        .contains("cassandra-3")
        .doesNotContain("cassandra");
  }

  @Test
  void lab_down_should_stop_the_nodes_of_one_kind_together() {
    List<LocalEngine> engines = Engines.all(settings(Map.of("LAB_NODES", "3")));

    List<List<String>> groups =
        DownCommand.byKind(engines).stream().map(EnginesTest::names).toList();

    assertThat(groups)
        .containsExactly(
            List.of("kafka-1", "kafka-2", "kafka-3"),
            List.of("cassandra-1", "cassandra-2", "cassandra-3"),
            List.of("spark-master"),
            List.of("spark-worker"),
            List.of("prometheus"));
  }
}
