package io.marketlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

  @TempDir Path checkpoint;

  private void commit(String query, String... batches) throws IOException {
    Path commits = Files.createDirectories(checkpoint.resolve(query).resolve("commits"));
    for (String batch : batches) {
      Files.writeString(commits.resolve(batch), "v1\n{}");
      Files.writeString(commits.resolve("." + batch + ".crc"), "x");
    }
  }

  @Test
  void should_read_the_last_committed_batch_of_the_query_at_the_root() throws IOException {
    commit("", "0", "1", "2", "10", "9");
    Files.createDirectories(checkpoint.resolve("offsets"));
    Files.writeString(checkpoint.resolve("offsets/11"), "v1");

    Map<String, Long> last = Checkpoints.lastCommitted(checkpoint);

    assertThat(last).containsExactly(Map.entry(".", 10L));
    assertThat(Checkpoints.describe(last)).isEqualTo("last committed batch 10");
  }

  @Test
  void should_name_each_query_of_a_checkpoint_with_several() throws IOException {
    commit("trades", "0", "41");
    commit("candles", "0", "7");

    Map<String, Long> last = Checkpoints.lastCommitted(checkpoint);

    assertThat(Checkpoints.describe(last))
        .isEqualTo("last committed batches: candles 7, trades 41");
  }

  @Test
  void a_missing_or_empty_checkpoint_should_say_nothing_is_committed() throws IOException {
    assertThat(Checkpoints.describe(Checkpoints.lastCommitted(checkpoint.resolve("none"))))
        .isEqualTo("no batch committed yet");
    Files.createDirectories(checkpoint.resolve("commits"));
    assertThat(Checkpoints.lastCommitted(checkpoint)).isEmpty();
  }

  @Test
  void should_read_the_kafka_offsets_the_last_committed_batch_ended_at() throws IOException {
    commit("", "0", "1");
    Path offsets = Files.createDirectories(checkpoint.resolve("offsets"));
    Files.writeString(
        offsets.resolve("1"),
        "v1\n"
            + "{\"batchWatermarkMs\":0,\"batchTimestampMs\":1700000000000,\"conf\":{}}\n"
            + "{\"trades.run_1\":{\"1\":250,\"0\":120}}\n");
    // planned, not committed: must not count
    Files.writeString(offsets.resolve("2"), "v1\n{}\n{\"trades.run_1\":{\"1\":900,\"0\":800}}\n");

    assertThat(Checkpoints.committedOffsets(checkpoint, "trades.run_1"))
        .containsExactly(Map.entry(0, 120L), Map.entry(1, 250L));
    assertThat(Checkpoints.committedOffsets(checkpoint, "another.topic")).isEmpty();
  }

  @Test
  void offsets_of_a_checkpoint_without_a_commit_or_with_an_unreadable_log_should_be_empty()
      throws IOException {
    assertThat(Checkpoints.committedOffsets(checkpoint, "t")).isEmpty();
    commit("", "0");
    Files.createDirectories(checkpoint.resolve("offsets"));
    Files.writeString(checkpoint.resolve("offsets/0"), "v1\n{}\n{\"t\":{\"0\":");

    assertThat(Checkpoints.committedOffsets(checkpoint, "t")).isEmpty();
  }
}
