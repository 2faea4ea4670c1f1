package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.harness.FaultTarget;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.pipeline.PipelineRun.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault steps on the store and the broker, and the bound on supervised restarts. */
class ScenarioLoaderFaultStepsTest {

  @TempDir Path root;

  private Scenario load(String name, String yaml) throws IOException {
    Path dir = Files.createDirectories(root.resolve("scenarios/gate"));
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return new ScenarioLoader(root).load(file);
  }

  @Test
  void should_accept_kill_and_start_of_cassandra_and_kafka() throws IOException {
    Scenario scenario =
        load(
            "faults",
            """
        session: {file: x.session.gz}
        steps:
          - {at: 8s, action: kill-cassandra}
          - {at: 25s, action: start-cassandra}
          - {at: 30s, action: KILL-KAFKA}
          - {at: 31s, action: start_kafka}
          - {at: 40s, action: restart-processor}
        """);

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(8), Action.KILL_CASSANDRA),
            new PipelineRun.Step(Duration.ofSeconds(25), Action.START_CASSANDRA),
            new PipelineRun.Step(Duration.ofSeconds(30), Action.KILL_KAFKA),
            new PipelineRun.Step(Duration.ofSeconds(31), Action.START_KAFKA),
            new PipelineRun.Step(Duration.ofSeconds(40), Action.RESTART_PROCESSOR));
    assertThat(scenario.steps().get(0).describe()).isEqualTo("kill-cassandra at 8s");
    assertThat(Action.KILL_CASSANDRA.target()).isEqualTo(FaultTarget.CASSANDRA);
    assertThat(Action.START_KAFKA.kind()).isEqualTo(Action.Kind.START);
    assertThat(scenario.expect().maxProcessorRestarts()).isZero();
  }

  @Test
  void should_aim_a_kafka_or_cassandra_step_at_one_node_of_a_set() throws IOException {
    Scenario scenario =
        load(
            "nodes",
            """
        session: {file: x.session.gz}
        steps:
          - {at: 8s, action: kill-kafka, node: 2}
          - {at: 9s, action: pause-cassandra, node: 3}
          - {at: 10s, action: kill-processor}
        """);

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(8), Action.KILL_KAFKA, 2),
            new PipelineRun.Step(Duration.ofSeconds(9), Action.PAUSE_CASSANDRA, 3),
            new PipelineRun.Step(Duration.ofSeconds(10), Action.KILL_PROCESSOR, 0));
    assertThat(scenario.steps().get(0).describe()).isEqualTo("kill-kafka node 2 at 8s");
    assertThat(scenario.steps().get(2).describe()).isEqualTo("kill-processor at 10s");
  }

  @Test
  void should_refuse_a_node_for_a_target_that_has_none_or_out_of_range() {
    assertThatThrownBy(
            () ->
                load(
                    "p",
                    "session: {file: x}\nsteps: [{at: 1s, action: kill-processor, node: 2}]\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "scenarios/gate/p.yaml: field 'steps[0].node': only kafka and cassandra steps name a"
                + " node (lab up --nodes 3), not kill-processor");
    assertThatThrownBy(
            () -> load("z", "session: {file: x}\nsteps: [{at: 1s, action: kill-kafka, node: 0}]\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "scenarios/gate/z.yaml: field 'steps[0].node': 0 is not a node: 1..5 (kafka-N, cassandra-N)");
  }

  @Test
  void should_refuse_an_unknown_action_listing_every_known_one_in_one_line() {
    assertThatThrownBy(
            () -> load("f", "session: {file: x}\nsteps: [{at: 1s, action: kill-zookeeper}]\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "scenarios/gate/f.yaml: field 'steps[0].action': unknown action 'kill-zookeeper'"
                + " (kill-processor, start-processor, restart-processor, kill-cassandra,"
                + " start-cassandra, kill-kafka, start-kafka, pause-processor, resume-processor,"
                + " pause-cassandra, resume-cassandra, pause-kafka, resume-kafka, drop,"
                + " kill-ingest, stop-ingest, start-ingest, pause-ingest or resume-ingest)");
    assertThatThrownBy(() -> load("g", "session: {file: x}\nsteps: [{at: 1s}]\n"))
        .hasMessage(
            "scenarios/gate/g.yaml: field 'steps[0].action': missing (kill-processor,"
                + " start-processor, restart-processor, kill-cassandra, start-cassandra,"
                + " kill-kafka, start-kafka, pause-processor, resume-processor, pause-cassandra,"
                + " resume-cassandra, pause-kafka, resume-kafka, drop, kill-ingest, stop-ingest,"
                + " start-ingest, pause-ingest or resume-ingest)");
  }

  @Test
  void should_read_drop_steps_of_the_websocket() throws IOException {
    Scenario scenario =
        load(
            "d",
            "session: {file: x}\nsteps:\n  - {at: 6s, action: drop}\n  - {at: 15s, action: drop}\n");

    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(6), Action.DROP),
            new PipelineRun.Step(Duration.ofSeconds(15), Action.DROP));
    assertThat(Action.DROP.kind()).isEqualTo(Action.Kind.DROP);
    assertThat(Action.DROP.target()).isEqualTo(FaultTarget.WEBSOCKET);
    assertThat(scenario.steps().get(0).describe()).isEqualTo("drop at 6s");
  }

  @Test
  void should_read_the_bound_on_supervised_restarts() throws IOException {
    Scenario scenario = load("r", "session: {file: x}\nexpect:\n  maxProcessorRestarts: 3\n");

    assertThat(scenario.expect().maxProcessorRestarts()).isEqualTo(3);
    assertThatThrownBy(
            () -> load("bad", "session: {file: x}\nexpect: {maxProcessorRestarts: some}\n"))
        .hasMessage(
            "scenarios/gate/bad.yaml: field 'expect.maxProcessorRestarts': 'some' is not a count"
                + " >= 0");
    assertThatThrownBy(
            () -> load("neg", "session: {file: x}\nexpect: {maxProcessorRestarts: -1}\n"))
        .hasMessage(
            "scenarios/gate/neg.yaml: field 'expect.maxProcessorRestarts': '-1' is not a count"
                + " >= 0");
  }

  @Test
  void should_take_expected_alerts_only_from_the_rules_and_name_the_known_ones()
      throws IOException {
    Path rules = Files.createDirectories(root.resolve("deploy/prometheus/rules"));
    Files.writeString(
        rules.resolve("r.yml"),
        "groups:\n  - name: g\n    rules:\n      - alert: ProcessorDown\n        expr: up == 0\n"
            + "      - alert: EngineDown\n        expr: up == 0\n");

    Scenario scenario = load("a", "session: {file: x}\nexpect:\n  alerts: [ProcessorDown]\n");

    assertThat(scenario.expect().alerts()).containsExactly("ProcessorDown");
    assertThatThrownBy(() -> load("b", "session: {file: x}\nexpect:\n  alerts: [ProcesorDown]\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "scenarios/gate/b.yaml: field 'expect.alerts[0]': unknown alert 'ProcesorDown'"
                + " (alerts of deploy/prometheus/rules: [ProcessorDown, EngineDown])");
  }
}
