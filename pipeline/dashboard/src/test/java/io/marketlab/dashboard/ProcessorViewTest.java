package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorViewTest {

  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @TempDir Path work;

  private final ObjectMapper json = new ObjectMapper();

  private ProcessorView view() {
    Path checkpoint = work.resolve("checkpoints/run");
    return new ProcessorView(checkpoint, checkpoint.resolve(PipelineConfig.STATUS_FILE_NAME), json);
  }

  private void status(String state, Instant updatedAt) throws IOException {
    Path file = work.resolve("checkpoints/run/" + PipelineConfig.STATUS_FILE_NAME);
    Files.createDirectories(file.getParent());
    // As ProcessorStatus writes it (pipeline/processor README).
    Files.writeString(
        file,
        "{\"query\":\"marketlab-processor\",\"state\":\""
            + state
            + "\",\"detail\":\"processing\",\"pid\":4242,\"startedAt\":\"2026-12-02T09:00:00Z\","
            + "\"updatedAt\":\""
            + updatedAt
            + "\",\"cassandra\":{\"reachable\":true},"
            + "\"lastBatch\":{\"id\":41,\"records\":5000,\"durationMs\":180,"
            + "\"finishedAt\":\"2026-12-02T09:59:58Z\"}}\n");
  }

  private void commit(String checkpoint, long batch, String offsets) throws IOException {
    Path dir = work.resolve("checkpoints").resolve(checkpoint);
    Files.createDirectories(dir.resolve("commits"));
    Files.createDirectories(dir.resolve("offsets"));
    Files.writeString(dir.resolve("commits/" + batch), "v1\n{}");
    Files.writeString(dir.resolve("offsets/" + batch), "v1\n{}\n" + offsets + "\n");
  }

  @Test
  void a_fresh_running_status_should_be_up_with_its_last_batch() throws Exception {
    status("running", NOW.minusSeconds(3));

    ProcessorView.Health health = view().health(NOW);

    assertThat(health.state()).isEqualTo("up");
    assertThat(health.detail()).isEqualTo("running");
    assertThat(json.writeValueAsString(health.status()))
        .isEqualTo(
            "{\"state\":\"running\",\"detail\":\"processing\",\"updatedAt\":\"2026-12-02T09:59:57Z\","
                + "\"cassandraReachable\":true,\"lastBatch\":{\"id\":41,\"records\":5000,"
                + "\"durationMs\":180,\"finishedAt\":\"2026-12-02T09:59:58Z\"}}");
  }

  @Test
  void a_status_not_updated_for_more_than_fifteen_seconds_should_be_down() throws Exception {
    status("running", NOW.minusSeconds(16));

    ProcessorView.Health health = view().health(NOW);

    assertThat(health.state()).isEqualTo("down");
    assertThat(health.detail())
        .isEqualTo(
            "not running: its status was last updated at 2026-12-02T09:59:44Z (running), more"
                + " than 15 s ago");
  }

  @Test
  void retrying_starting_and_failed_should_be_down_and_say_why() throws Exception {
    status("retrying", NOW);
    assertThat(view().health(NOW).state()).isEqualTo("down");
    assertThat(view().health(NOW).detail()).startsWith("retrying: Cassandra unreachable");
    status("waiting-for-cassandra", NOW);
    assertThat(view().health(NOW).detail()).isEqualTo("waiting-for-cassandra");
    status("failed", NOW);
    assertThat(view().health(NOW).state()).isEqualTo("down");
  }

  @Test
  void no_status_file_or_a_damaged_one_should_be_down_without_showing_its_content()
      throws Exception {
    assertThat(view().health(NOW).detail())
        .isEqualTo("no status file yet (the processor has not started)");
    Path file = work.resolve("checkpoints/run/" + PipelineConfig.STATUS_FILE_NAME);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"state\":\"runn");
    assertThat(view().health(NOW).detail())
        .isEqualTo("the status file cannot be read as the processor's JSON");
    assertThat(new ProcessorView(null, null, json).health(NOW).state()).isEqualTo("down");
  }

  @Test
  void the_trades_topic_should_have_the_stateful_and_the_real_time_query_as_consumers()
      throws Exception {
    commit("run", 7, "{\"trades.x\":{\"0\":120,\"1\":250}}");
    commit("run-rows", 1, "{\"trades.x\":{\"0\":100,\"1\":200}}");
    commit("run-gaps", 3, "{\"trades.x.gaps\":{\"0\":4,\"1\":2}}");

    List<ProcessorView.Consumer> trades = view().consumers(LabTopics.Role.TRADES, "trades.x");
    List<ProcessorView.Consumer> gaps = view().consumers(LabTopics.Role.GAPS, "trades.x.gaps");

    assertThat(trades)
        .extracting(ProcessorView.Consumer::query)
        .containsExactly("candles", "trade-rows");
    assertThat(trades.get(0).committed()).containsExactly(Map.entry(0, 120L), Map.entry(1, 250L));
    assertThat(trades.get(1).committed()).containsExactly(Map.entry(0, 100L), Map.entry(1, 200L));
    assertThat(gaps).singleElement().satisfies(g -> assertThat(g.committed()).containsEntry(0, 4L));
    assertThat(view().consumers(LabTopics.Role.DEAD_LETTERS, "trades.x.dlq")).isEmpty();
  }
}
