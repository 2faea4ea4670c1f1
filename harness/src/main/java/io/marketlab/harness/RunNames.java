package io.marketlab.harness;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The names one pipeline run owns. Runs with different names never see each other's data.
 *
 * @param run what progress lines and errors call the run
 * @param topic the Kafka topic the ingest writes and the processor reads
 * @param deadLetterTopic where the ingest puts frames it cannot turn into trades
 * @param keyspace the processor's Cassandra keyspace
 * @param checkpoint the processor's checkpoint directory (the same directory = resume after a
 *     restart)
 * @param processor the processor's process name: logs/NAME.log, run/NAME.properties
 */
public record RunNames(
    String run,
    String topic,
    String deadLetterTopic,
    String keyspace,
    Path checkpoint,
    String processor) {

  public RunNames {
    Objects.requireNonNull(checkpoint, "checkpoint");
    for (String name : new String[] {run, topic, deadLetterTopic, keyspace, processor}) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "every run name must be given: "
                + run
                + ", "
                + topic
                + ", "
                + deadLetterTopic
                + ", "
                + keyspace
                + ", "
                + processor);
      }
    }
  }

  /**
   * Fresh names for one run: ID = the run name in lower case with {@code _} for other characters,
   * then {@code _} and 8 random hex digits; topic {@code trades.ID} (dead letters {@code
   * trades.ID.dlq}), keyspace {@code s_ID} (cut to Cassandra's 48 characters), checkpoint {@code
   * WORK/checkpoints/ID}, processor {@code processor-ID}.
   */
  public static RunNames unique(String run, Path workDir) {
    String id =
        run.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
            + "_"
            + UUID.randomUUID().toString().substring(0, 8);
    String topic = "trades." + id;
    String keyspace = ("s_" + id).substring(0, Math.min(48, id.length() + 2));
    return new RunNames(
        run,
        topic,
        topic + ".dlq",
        keyspace,
        workDir.resolve("checkpoints").resolve(id),
        "processor-" + id);
  }

  /** Where the ingest writes the run's gaps: {@code TOPIC.gaps} (docs/CONTRACTS.md). */
  public String gapTopic() {
    return io.marketlab.model.GapSchema.topicFor(topic);
  }

  /** The processor's gaps query checkpoint, beside its stateful query's. */
  public Path gapCheckpoint() {
    return io.marketlab.model.Checkpoints.sibling(
        checkpoint, io.marketlab.model.Checkpoints.GAPS_SUFFIX);
  }

  /** The ingest's process name (logs/NAME.log): {@code ingest-ID} beside {@code processor-ID}. */
  public String ingest() {
    return processor.startsWith("processor-")
        ? "ingest-" + processor.substring("processor-".length())
        : processor + "-ingest";
  }

  /** These names with another topic, and its dead-letter topic {@code TOPIC.dlq}. */
  public RunNames withTopic(String value) {
    return new RunNames(run, value, value + ".dlq", keyspace, checkpoint, processor);
  }
}
