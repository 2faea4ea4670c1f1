package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.config.Durations;
import io.marketlab.importers.ImportFormat;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

  @TempDir Path root;

  private Scenario load(String name, String yaml) throws IOException {
    Path dir = Files.createDirectories(root.resolve("scenarios/gate"));
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return new ScenarioLoader(root).load(file);
  }

  @Test
  void should_read_an_import_scenario_with_paths_from_the_project_root_and_every_field()
      throws IOException {
    Scenario scenario =
        load(
            "eq",
            """
        description: SPY slice
        session:
          import:
            format: lean
            files: [../shared/replay-data/lean-equity-ticks/spy_20131007_trade.zip]
            from: "09:30"
            to: 10:00
        speed: 25
        watermark: 500ms
        steps:
          - {at: 8s, action: kill-processor}
          - {at: 1.5m, action: START_PROCESSOR}
        expect:
          storedTrades: 30405
          candles: [1s, 1h]
          latency: {p50: 2s, max: 1m}
        repeat: 2
        """);

    assertThat(scenario.name()).isEqualTo("eq");
    Scenario.ImportSession session = (Scenario.ImportSession) scenario.session();
    assertThat(session.format()).isEqualTo(ImportFormat.LEAN);
    assertThat(session.files())
        .containsExactly(
            root.getParent()
                .resolve("shared/replay-data/lean-equity-ticks/spy_20131007_trade.zip"));
    assertThat(session.from()).isEqualTo("09:30");
    assertThat(session.to()).as("an unquoted time of day stays text").isEqualTo("10:00");
    assertThat(scenario.speed()).isEqualTo(25.0);
    assertThat(scenario.watermark()).isEqualTo(Duration.ofMillis(500));
    assertThat(scenario.steps())
        .containsExactly(
            new PipelineRun.Step(Duration.ofSeconds(8), PipelineRun.Action.KILL_PROCESSOR),
            new PipelineRun.Step(Duration.ofSeconds(90), PipelineRun.Action.START_PROCESSOR));
    assertThat(scenario.expect().storedTrades()).isEqualTo(Scenario.Count.of(30405));
    assertThat(scenario.expect().deadLetters().isReference()).isTrue();
    assertThat(scenario.expect().processorDeadLetters()).isEqualTo(Scenario.Count.of(0));
    assertThat(scenario.expect().candles()).containsExactly(Resolution.S1, Resolution.H1);
    assertThat(scenario.expect().latency())
        .isEqualTo(
            new Scenario.LatencyBounds(Duration.ofSeconds(2), null, null, Duration.ofMinutes(1)));
    assertThat(scenario.repeat()).isEqualTo(2);
  }

  @Test
  void should_apply_defaults_to_a_synthetic_scenario() throws IOException {
    Scenario scenario =
        load(
            "syn",
            """
        session:
          synthetic: {seed: 7, seconds: 20}
        speed: max
        """);

    Scenario.SyntheticPlan plan = (Scenario.SyntheticPlan) scenario.session();
    assertThat(plan.spec().seed()).isEqualTo(7);
    assertThat(plan.spec().seconds()).isEqualTo(20);
    assertThat(plan.spec().symbols()).hasSize(3);
    assertThat(scenario.speed()).isInfinite();
    assertThat(scenario.expect()).isEqualTo(Scenario.Expectations.defaults());
    assertThat(scenario.repeat()).isEqualTo(1);
    assertThat(scenario.steps()).isEmpty();
  }

  @Test
  void should_name_file_field_and_line_of_an_unknown_field() {
    assertThatThrownBy(
            () ->
                load(
                    "typo",
                    """
        session:
          file: replay-data/btc-eth-demo.session.gz
        expect:
          storedTrade: 5
        """))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(
            "scenarios/gate/typo.yaml: unknown field 'expect.storedTrade' (line 4)")
        .hasMessageContaining("storedTrades");
  }

  @Test
  void should_name_the_field_of_a_bad_duration() {
    assertThatThrownBy(
            () ->
                load(
                    "bad",
                    """
        session: {file: x.session.gz}
        steps:
          - {at: 10x, action: kill-processor}
        """))
        .hasMessage(
            "scenarios/gate/bad.yaml: field 'steps[0].at': bad duration '10x' (use e.g. 500ms, 10s, 1.5s, 2m, 1h)");
  }

  @Test
  void should_refuse_a_scenario_without_a_session() {
    assertThatThrownBy(() -> load("nosession", "speed: max\n"))
        .hasMessage(
            "scenarios/gate/nosession.yaml: field 'session': missing (give one of file, import, synthetic)");
  }

  @Test
  void should_refuse_bad_values_with_one_line_each() {
    assertThatThrownBy(() -> load("a", "session: {file: x}\nspeed: fast\n"))
        .hasMessage(
            "scenarios/gate/a.yaml: field 'speed': 'fast' is neither a positive number nor max");
    assertThatThrownBy(() -> load("b", "session: {file: x}\nexpect: {deadLetters: some}\n"))
        .hasMessage(
            "scenarios/gate/b.yaml: field 'expect.deadLetters': 'some' is neither 'reference' nor a count >= 0");
    assertThatThrownBy(() -> load("c", "session: {file: x}\nexpect: {candles: [1s, 5m]}\n"))
        .hasMessage(
            "scenarios/gate/c.yaml: field 'expect.candles[1]': unknown resolution '5m' (1s, 1m, 1h)");
    assertThatThrownBy(() -> load("d", "session: {file: x, synthetic: {seed: 1}}\n"))
        .hasMessage(
            "scenarios/gate/d.yaml: field 'session': give only one of file, import, synthetic");
    assertThatThrownBy(() -> load("e", "session: {import: {format: parquet, files: [a]}}\n"))
        .hasMessageStartingWith(
            "scenarios/gate/e.yaml: field 'session.import.format': unknown format 'parquet'");
    assertThatThrownBy(() -> load("f", "session: {file: x}\nsteps: [{at: 1s, action: pause}]\n"))
        .hasMessageStartingWith(
            "scenarios/gate/f.yaml: field 'steps[0].action': unknown action 'pause'");
    assertThatThrownBy(() -> load("g", "name: other\nsession: {file: x}\n"))
        .hasMessageStartingWith(
            "scenarios/gate/g.yaml: field 'name': 'other' differs from the file name 'g'");
    assertThatThrownBy(
            () -> load("h", "session: {import: {format: lean, files: [a], from: '9h30'}}\n"))
        .hasMessageStartingWith(
            "scenarios/gate/h.yaml: field 'session.import.from': '9h30' is neither");
    assertThatThrownBy(
            () ->
                load(
                    "i",
                    "session: {file: x}\nsteps: [{at: 5s, action: kill-processor}, "
                        + "{at: 2s, action: start-processor}]\n"))
        .hasMessageStartingWith(
            "scenarios/gate/i.yaml: field 'steps[1].at': 2s is before the previous step");
  }

  @Test
  void should_read_bursts_as_wall_time_stretches_at_another_speed() throws IOException {
    Scenario scenario =
        load(
            "burst",
            """
        session: {synthetic: {seed: 1}}
        speed: 1
        bursts:
          - {at: 60s, for: 30s, speed: 10}
          - {at: 2m, for: 500ms, speed: 2.5}
        """);

    assertThat(scenario.speed()).isEqualTo(1.0);
    assertThat(scenario.bursts())
        .containsExactly(
            new io.marketlab.ingest.SpeedProfile.Burst(
                Duration.ofSeconds(60), Duration.ofSeconds(30), 10),
            new io.marketlab.ingest.SpeedProfile.Burst(
                Duration.ofMinutes(2), Duration.ofMillis(500), 2.5));
    assertThat(scenario.speedText()).isEqualTo("1x, 10x at 60s for 30s, 2.5x at 2m for 500ms");
    assertThat(load("plain", "session: {synthetic: {seed: 1}}\n").bursts()).isEmpty();
  }

  @Test
  void should_refuse_bursts_that_cannot_be_scheduled_with_one_line_each() {
    String session = "session: {synthetic: {seed: 1}}\n";
    assertThatThrownBy(() -> load("b1", session + "bursts: [{at: 1s, for: 1s, speed: 10}]\n"))
        .hasMessage(
            "scenarios/gate/b1.yaml: field 'bursts': need a numeric speed (at speed max every"
                + " frame is due at once), e.g. speed: 1");
    assertThatThrownBy(
            () ->
                load(
                    "b2",
                    session
                        + "speed: 1\nbursts: [{at: 10s, for: 30s, speed: 10},"
                        + " {at: 20s, for: 1s, speed: 2}]\n"))
        .hasMessage(
            "scenarios/gate/b2.yaml: field 'bursts[1].at': 20s is before the previous burst ends"
                + " (40s); list bursts in time order, not overlapping");
    assertThatThrownBy(() -> load("b3", session + "speed: 1\nbursts: [{at: 1s, speed: 10}]\n"))
        .hasMessage("scenarios/gate/b3.yaml: field 'bursts[0].for': missing (how long, e.g. 30s)");
    assertThatThrownBy(
            () -> load("b4", session + "speed: 1\nbursts: [{at: 1s, for: 2s, speed: max}]\n"))
        .hasMessage("scenarios/gate/b4.yaml: field 'bursts[0].speed': must be a number, not max");
    assertThatThrownBy(
            () -> load("b5", session + "speed: 1\nbursts: [{at: 1s, for: 0s, speed: 3}]\n"))
        .hasMessage("scenarios/gate/b5.yaml: field 'bursts[0].for': must be more than 0");
    assertThatThrownBy(
            () -> load("b6", session + "speed: 1\nbursts: [{at: 1s, for: 1s, speed: -3}]\n"))
        .hasMessage(
            "scenarios/gate/b6.yaml: field 'bursts[0].speed': '-3' is neither a positive number"
                + " nor max");
    assertThatThrownBy(() -> load("b7", session + "speed: 1\nbursts: [null]\n"))
        .hasMessage(
            "scenarios/gate/b7.yaml: field 'bursts[0]': empty (give e.g. {at: 60s, for: 30s,"
                + " speed: 10})");
  }

  @Test
  void should_name_file_and_field_of_a_null_list_element() {
    // Fuzz findings: a YAML null in a list escaped as a NullPointerException.
    assertThatThrownBy(() -> load("n1", "session: {synthetic: {seed: 1}}\nsymbols: [null]\n"))
        .hasMessage("scenarios/gate/n1.yaml: field 'symbols[0]': empty (give a symbol)");
    assertThatThrownBy(() -> load("n2", "session: {synthetic: {seed: 1}}\nsteps:\n  - null\n"))
        .hasMessage(
            "scenarios/gate/n2.yaml: field 'steps[0]': empty (give e.g. {at: 8s, action:"
                + " kill-processor})");
    assertThatThrownBy(
            () ->
                load(
                    "n3",
                    "session: {import: {format: binance-csv, files: [a.csv], symbols: [BTC,"
                        + " NULL]}}\n"))
        .hasMessage(
            "scenarios/gate/n3.yaml: field 'session.import.symbols[1]': empty (give a symbol)");
    assertThatThrownBy(() -> load("n4", "session: {import: {format: binance-csv, files: [~]}}\n"))
        .hasMessage("scenarios/gate/n4.yaml: field 'session.import.files[0]': empty (give a path)");
    assertThatThrownBy(() -> load("n5", "session: {synthetic: {seed: 1, symbols: [null]}}\n"))
        .hasMessage(
            "scenarios/gate/n5.yaml: field 'session.synthetic.symbols[0]': empty (give a symbol)");
    assertThatThrownBy(
            () -> load("n6", "session: {synthetic: {seed: 1}}\nexpect: {candles: [1s, null]}\n"))
        .hasMessage(
            "scenarios/gate/n6.yaml: field 'expect.candles[1]': empty (give a resolution: 1s, 1m"
                + " or 1h)");
  }

  @Test
  void should_name_the_line_of_broken_yaml() {
    assertThatThrownBy(() -> load("broken", "session:\n  file: [unclosed\n"))
        .hasMessageStartingWith("scenarios/gate/broken.yaml: ")
        .hasMessageContaining("line");
  }

  @Test
  void should_move_shared_paths_with_the_shared_dir_property() throws IOException {
    String before = System.getProperty("lab.sharedDir");
    System.setProperty("lab.sharedDir", "/data/elsewhere");
    try {
      Scenario scenario = load("moved", "session: {file: ../shared/replay-data/x.session.gz}\n");
      assertThat(scenario.session().inputs())
          .containsExactly(Path.of("/data/elsewhere/replay-data/x.session.gz"));
    } finally {
      if (before == null) {
        System.clearProperty("lab.sharedDir");
      } else {
        System.setProperty("lab.sharedDir", before);
      }
    }
  }

  @Test
  void every_gate_scenario_of_the_project_should_load() {
    Path projectRoot = Path.of("..").toAbsolutePath().normalize();
    List<Scenario> gate =
        new ScenarioLoader(projectRoot).loadAll(projectRoot.resolve("scenarios/gate"));

    assertThat(gate)
        .extracting(Scenario::name)
        .contains(
            "binance-btc-eth",
            "equities-spy-bac-aig",
            "malformed-input",
            "synthetic-hard-cases",
            "kill-processor");
    assertThat(gate).filteredOn(scenario -> scenario.repeat() >= 2).isNotEmpty();
    assertThat(gate).filteredOn(scenario -> !scenario.steps().isEmpty()).isNotEmpty();
  }

  @Test
  void durations_should_print_in_the_form_they_are_written() {
    assertThat(Durations.format(Durations.parse("500ms"))).isEqualTo("500ms");
    assertThat(Durations.format(Durations.parse("1.5s"))).isEqualTo("1.5s");
    assertThat(Durations.format(Durations.parse("90s"))).isEqualTo("90s");
    assertThat(Durations.format(Durations.parse("2m"))).isEqualTo("2m");
  }
}
