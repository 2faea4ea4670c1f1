package io.marketlab.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.model.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the processor has done, read from its files without asking Spark: the offsets its queries
 * committed (their checkpoints, {@link Checkpoints}, as the lab's harness waits on them) and its
 * status file ({@code processor-status.json}, rewritten every 5 s while it runs).
 */
final class ProcessorView {

  /** A status file older than this means the processor is gone (it rewrites it every 5 s). */
  static final Duration STALE_AFTER = Duration.ofSeconds(15);

  /** The offsets one of the processor's queries committed on a topic, by partition. */
  record Consumer(String query, String note, Map<Integer, Long> committed) {}

  /** How the page shows the processor: {@code up} or {@code down}, and why. */
  record Health(String state, String detail, Map<String, Object> status) {}

  private final Path checkpoint;
  private final Path statusFile;
  private final ObjectMapper json;

  ProcessorView(Path checkpoint, Path statusFile, ObjectMapper json) {
    this.checkpoint = checkpoint;
    this.statusFile = statusFile;
    this.json = json;
  }

  boolean knowsCheckpoint() {
    return checkpoint != null;
  }

  /**
   * The processor's consumers of a topic: for trades the stateful query (candles; its checkpoint
   * moves each micro-batch) and the real-time trade-rows query (its checkpoint moves only at the
   * end of each real-time interval, minutes); for gaps the gaps query; none for dead letters.
   */
  List<Consumer> consumers(LabTopics.Role role, String topic) {
    List<Consumer> consumers = new ArrayList<>();
    if (checkpoint == null || role == LabTopics.Role.DEAD_LETTERS) {
      return consumers;
    }
    if (role == LabTopics.Role.TRADES) {
      consumers.add(
          new Consumer(
              "candles",
              "the stateful query: candles, late trades (committed each micro-batch)",
              Checkpoints.committedOffsets(checkpoint, topic)));
      Path rows = Checkpoints.sibling(checkpoint, Checkpoints.ROWS_SUFFIX);
      if (Files.isDirectory(rows)) {
        consumers.add(
            new Consumer(
                "trade-rows",
                "the real-time query: trade rows (rows are written as they come; its offsets"
                    + " are committed at the end of each real-time interval)",
                Checkpoints.committedOffsets(rows, topic)));
      }
    } else {
      consumers.add(
          new Consumer(
              "gaps",
              "the gaps query: gaps, incomplete candles",
              Checkpoints.committedOffsets(
                  Checkpoints.sibling(checkpoint, Checkpoints.GAPS_SUFFIX), topic)));
    }
    return consumers;
  }

  /** The processor's health from its status file, as of {@code now}. */
  Health health(Instant now) {
    if (statusFile == null) {
      return new Health(
          "down",
          "not known here: the dashboard was given no processor checkpoint or status file",
          null);
    }
    JsonNode status;
    try {
      status = json.readTree(Files.readString(statusFile));
    } catch (NoSuchFileException e) {
      return new Health("down", "no status file yet (the processor has not started)", null);
    } catch (IOException | RuntimeException e) {
      // Rewritten atomically, so this is a file someone else wrote: say so, never what it held.
      return new Health("down", "the status file cannot be read as the processor's JSON", null);
    }
    if (status == null || !status.isObject()) {
      return new Health("down", "the status file cannot be read as the processor's JSON", null);
    }
    Map<String, Object> shown = new LinkedHashMap<>();
    String state = text(status, "state");
    shown.put("state", state);
    shown.put("detail", text(status, "detail"));
    shown.put("updatedAt", text(status, "updatedAt"));
    JsonNode cassandra = status.get("cassandra");
    if (cassandra != null && cassandra.has("reachable")) {
      shown.put("cassandraReachable", cassandra.get("reachable").asBoolean());
    }
    JsonNode batch = status.get("lastBatch");
    if (batch != null && batch.isObject()) {
      Map<String, Object> last = new LinkedHashMap<>();
      last.put("id", batch.path("id").asLong());
      last.put("records", batch.path("records").asLong());
      last.put("durationMs", batch.path("durationMs").asLong());
      last.put("finishedAt", text(batch, "finishedAt"));
      shown.put("lastBatch", last);
    }
    Instant updated = instant(text(status, "updatedAt"));
    if (updated == null) {
      return new Health("down", "the status file has no time of update", shown);
    }
    if (updated.plus(STALE_AFTER).isBefore(now)) {
      return new Health(
          "down",
          "not running: its status was last updated at "
              + updated
              + " ("
              + state
              + "), more than "
              + STALE_AFTER.toSeconds()
              + " s ago",
          shown);
    }
    return switch (state == null ? "" : state) {
      case "running" -> new Health("up", "running", shown);
      case "retrying" ->
          new Health(
              "down",
              "retrying: Cassandra unreachable, batches wait (Kafka keeps the data)",
              shown);
      case "starting", "waiting-for-cassandra" -> new Health("down", state, shown);
      default -> new Health("down", state == null ? "no state in the status file" : state, shown);
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
