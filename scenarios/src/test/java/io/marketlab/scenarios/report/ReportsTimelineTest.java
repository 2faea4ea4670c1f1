package io.marketlab.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault timeline in the three reports, beside what they showed before. */
class ReportsTimelineTest {

  private static final Instant KILLED = Instant.parse("2026-01-02T10:00:08.012Z");

  private static ScenarioResult withTimeline() {
    List<FaultEvent> timeline =
        List.of(
            new FaultEvent(
                "",
                "kill-cassandra",
                Duration.ofSeconds(8),
                Duration.ofMillis(8_012),
                KILLED,
                4242,
                FaultEvent.Verdict.OK,
                "SIGKILL to cassandra pid 4242; gone after 31 ms",
                "replay 900/2000 frames; ingest received 9000 trades, Kafka acked 9000; processor"
                    + " last committed batch 17; 8800 trades stored"),
            new FaultEvent(
                "",
                FaultEvent.SUPERVISED_RESTART,
                null,
                Duration.ofMillis(9_100),
                KILLED.plusMillis(1_088),
                5151,
                FaultEvent.Verdict.OK,
                "pid 5000 exited on its own (code 1); restarted as pid 5151 on checkpoint /cp",
                "replay 950/2000 frames"),
            new FaultEvent(
                "",
                "start-cassandra",
                Duration.ofSeconds(25),
                null,
                null,
                -1,
                FaultEvent.Verdict.NOT_RUN,
                "not run: the run ended before it",
                ""));
    return new ScenarioResult(
        "kill-cassandra",
        "faults",
        "s.session.gz",
        Instant.EPOCH,
        Duration.ofSeconds(40),
        List.of(Check.equal("count", 3, 3)),
        new long[] {5, 40},
        Map.of("trades stored", "3"),
        null,
        timeline);
  }

  @Test
  void the_json_report_should_list_every_entry_with_pid_times_and_pipeline(@TempDir Path dir)
      throws Exception {
    Reports.write(dir, List.of(withTimeline()));

    JsonNode scenario =
        new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("scenarios").get(0);
    JsonNode timeline = scenario.get("timeline");
    assertThat(timeline).hasSize(3);
    JsonNode kill = timeline.get(0);
    assertThat(kill.get("step").asText()).isEqualTo("kill-cassandra");
    assertThat(kill.get("planned_ms").asLong()).isEqualTo(8_000);
    assertThat(kill.get("at_ms").asLong()).isEqualTo(8_012);
    assertThat(kill.get("wall_time").asText()).isEqualTo("2026-01-02T10:00:08.012Z");
    assertThat(kill.get("pid").asLong()).isEqualTo(4242);
    assertThat(kill.get("verdict").asText()).isEqualTo("OK");
    assertThat(kill.get("pipeline").asText()).contains("8800 trades stored");
    assertThat(timeline.get(1).has("planned_ms")).isFalse();
    assertThat(timeline.get(2).has("pid")).isFalse();
    assertThat(timeline.get(2).get("verdict").asText()).isEqualTo("NOT_RUN");
    // what was there before stays
    assertThat(scenario.get("checks")).hasSize(1);
    assertThat(scenario.get("figures").get("trades stored").asText()).isEqualTo("3");
  }

  @Test
  void the_html_report_should_show_a_timeline_table(@TempDir Path dir) throws Exception {
    String html = Files.readString(Reports.write(dir, List.of(withTimeline())));

    assertThat(html)
        .contains("<h3>Fault timeline</h3>")
        .contains("kill-cassandra at 8s")
        .contains("+8.012 s")
        .contains("2026-01-02T10:00:08.012Z")
        .contains("SIGKILL to cassandra pid 4242; gone after 31 ms")
        .contains("supervised restart")
        .contains("NOT RUN")
        .contains("p99 <b>40 ms</b>");
  }

  @Test
  void the_junit_report_should_carry_the_timeline_in_system_out(@TempDir Path dir)
      throws Exception {
    Reports.write(dir, List.of(withTimeline()));

    var junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("junit.xml").toFile());
    assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(1);
    String out = junit.getElementsByTagName("system-out").item(0).getTextContent();
    assertThat(out.lines()).hasSize(4).first().isEqualTo("fault timeline");
    assertThat(out)
        .contains("+8.012 s  2026-01-02T10:00:08.012Z  kill-cassandra at 8s")
        .contains("pid 4242")
        .contains("| pipeline: replay 900/2000 frames");
  }

  @Test
  void a_scenario_without_faults_should_have_no_timeline(@TempDir Path dir) throws Exception {
    ScenarioResult plain =
        new ScenarioResult(
            "plain", "", "s", Instant.EPOCH, Duration.ZERO, List.of(), new long[0], Map.of());

    Reports.write(dir, List.of(plain));

    assertThat(Files.readString(dir.resolve("report.json"))).doesNotContain("timeline");
    assertThat(Files.readString(dir.resolve("junit.xml"))).doesNotContain("system-out");
    assertThat(Files.readString(dir.resolve("report.html"))).doesNotContain("Fault timeline");
  }
}
