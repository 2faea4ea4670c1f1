package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status file `lab status` can read while Cassandra is down. */
class ProcessorStatusTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void endOutage() {
    StoreHealth.JVM.reachable();
  }

  private static JsonNode read(Path file) throws Exception {
    return JSON.readTree(Files.readString(file));
  }

  @Test
  void should_say_what_the_processor_is_doing_as_it_starts_runs_waits_and_stops(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("cp/processor-status.json");
    AtomicBoolean nodesUp = new AtomicBoolean(true);
    try (ProcessorStatus status = ProcessorStatus.manual(file, "q \"1\"")) {
      StoreHealth.JVM.unreachable(
          "127.0.0.1:9042 (dc1)", "connecting", new NoNodeAvailableException(), 5_000);
      status.running(); // (written while starting would say waiting-for-cassandra)
      JsonNode retrying = read(file);
      assertThat(retrying.get("query").asText()).isEqualTo("q \"1\"");
      assertThat(retrying.get("state").asText()).isEqualTo("retrying");
      assertThat(retrying.get("cassandra").get("reachable").asBoolean()).isFalse();
      assertThat(retrying.get("cassandra").get("error").asText())
          .startsWith("NoNodeAvailableException");
      assertThat(retrying.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

      StoreHealth.JVM.reachable();
      status.watchNodes(nodesUp::get);
      status.batchFinished(
          new BatchSummary(
              41, 5_000, 4_990, 3, 2, 10, 80, 20, "p0:[0..4999]", 180, 1_767_225_600_000L));
      JsonNode running = read(file);
      assertThat(running.get("state").asText()).isEqualTo("running");
      assertThat(running.get("cassandra").get("reachable").asBoolean()).isTrue();
      assertThat(running.get("lastBatch").get("id").asLong()).isEqualTo(41);
      assertThat(running.get("lastBatch").get("finishedAt").asText())
          .isEqualTo("2026-01-01T00:00:00Z");

      nodesUp.set(false); // the driver's session sees no node (executors elsewhere are retrying)
      status.batchFinished(new BatchSummary(42, 0, 0, 0, 0, 0, 0, 0, "none", 1, 0));
      assertThat(read(file).get("state").asText()).isEqualTo("retrying");

      status.stopped();
      assertThat(read(file).get("state").asText()).isEqualTo("stopped");
      status.failed("query q failed: boom\nat line 2");
      assertThat(read(file).get("detail").asText()).isEqualTo("query q failed: boom\nat line 2");
    }
    assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary left behind
  }

  @Test
  void should_wait_for_cassandra_while_starting(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("status.json");
    try (ProcessorStatus status = ProcessorStatus.manual(file, "q")) {
      StoreHealth.JVM.unreachable("h:1 (dc1)", "connecting", new NoNodeAvailableException(), 5_000);
      status.stopped(); // any refresh; not started yet, so "starting" becomes "stopped"
      assertThat(status.json()).contains("\"state\":\"stopped\"");
    }
    ProcessorStatus starting = ProcessorStatus.manual(file, "q");
    assertThat(starting.json()).contains("\"state\":\"waiting-for-cassandra\"");
  }

  @Test
  void should_default_to_a_file_in_the_checkpoint() {
    ProcessorConfig config = ProcessorConfig.defaults("k:1", "/tmp/cp/");

    assertThat(config.statusPath()).isEqualTo("/tmp/cp/processor-status.json");
  }
}
