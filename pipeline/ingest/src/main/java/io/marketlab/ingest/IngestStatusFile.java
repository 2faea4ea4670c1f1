package io.marketlab.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The ingest's status file: one JSON object ({@link IngestStatus}) replaced atomically (written to
 * {@code FILE.tmp}, renamed over {@code FILE}), so a reader sees the previous status or the new
 * one, never half of either, also when the writer is killed mid-write. The send-latency histogram
 * travels as HdrHistogram's compressed encoding in base64, so the reader gets the same percentiles.
 *
 * <pre>{"pid":4242,"ingest_id":"ing-...","state":"RUNNING","updated_at_ms":...,
 *  "journal":{"dir":"...","opened_last_seq":-1,"opened_acked_seq":-1,"last_seq":812,
 *             "frames_by_connection":[530,283]},
 *  "metrics":{"frames":813,"trades":3402,...,"dead_letters":{},"send_latency_us":"HISTFAAA..."}}
 * </pre>
 */
public final class IngestStatusFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestStatusFile() {}

  /** Replaces {@code file} with {@code status}, atomically. */
  public static void write(Path file, IngestStatus status) {
    byte[] content = toJson(status).getBytes(StandardCharsets.UTF_8);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(temp, content);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the ingest status " + file + ": " + e, e);
    }
  }

  /**
   * The status in {@code file}; empty when there is none (yet).
   *
   * @throws IllegalStateException naming the file when it is not an ingest status
   */
  public static Optional<IngestStatus> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the ingest status " + file + ": " + e, e);
    }
    try {
      return Optional.of(fromJson(text));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the ingest status " + file + " is not a status file: " + e.getMessage(), e);
    }
  }

  static String toJson(IngestStatus status) {
    ObjectNode root = JSON.createObjectNode();
    root.put("pid", status.pid());
    root.put("ingest_id", status.ingestId());
    root.put("state", status.state().name());
    root.put("updated_at_ms", status.updatedAtMillis());
    if (status.failure() != null) {
      root.put("failure", status.failure());
    }
    if (status.metricsPort() >= 0) {
      root.put("metrics_port", status.metricsPort());
    }
    ObjectNode journal = root.putObject("journal");
    journal.put("dir", status.journalDir());
    journal.put("opened_last_seq", status.journalOpenedLastSeq());
    journal.put("opened_acked_seq", status.journalOpenedAckedSeq());
    journal.put("last_seq", status.journalLastSeq());
    if (!status.journaledByConnection().isEmpty()) {
      com.fasterxml.jackson.databind.node.ArrayNode perConnection =
          journal.putArray("frames_by_connection");
      status.journaledByConnection().forEach(perConnection::add);
    }
    IngestMetrics.Snapshot m = status.metrics();
    ObjectNode metrics = root.putObject("metrics");
    metrics.put("frames", m.frames());
    metrics.put("trades", m.trades());
    metrics.put("price_updates", m.priceUpdates());
    metrics.put("pings", m.pings());
    metrics.put("server_errors", m.serverErrors());
    metrics.put("reconnects", m.reconnects());
    metrics.put("acked", m.acked());
    metrics.put("send_failures", m.sendFailures());
    metrics.put("send_retries", m.sendRetries());
    metrics.put("journal_bytes", m.journalBytes());
    metrics.put("journal_depth", m.journalDepth());
    metrics.put("acked_seq", m.ackedSeq());
    metrics.put("lost_journal_full_frames", m.lostJournalFullFrames());
    metrics.put("lost_journal_full_trades", m.lostJournalFullTrades());
    metrics.put("lost_journal_error_frames", m.lostJournalErrorFrames());
    ObjectNode letters = metrics.putObject("dead_letters");
    for (Map.Entry<String, Long> entry : new TreeMap<>(m.deadLettersByReason()).entrySet()) {
      letters.put(entry.getKey(), entry.getValue());
    }
    metrics.put("send_latency_us", encode(m.sendLatencyMicros()));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static IngestStatus fromJson(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode journal = required(root, "journal");
    JsonNode m = required(root, "metrics");
    Map<String, Long> letters = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = required(m, "dead_letters").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      letters.put(entry.getKey(), entry.getValue().asLong());
    }
    IngestMetrics.Snapshot metrics =
        new IngestMetrics.Snapshot(
            number(m, "frames"),
            number(m, "trades"),
            number(m, "price_updates"),
            number(m, "pings"),
            number(m, "server_errors"),
            number(m, "reconnects"),
            number(m, "acked"),
            number(m, "send_failures"),
            Map.copyOf(letters),
            decode(required(m, "send_latency_us").asText()),
            number(m, "send_retries"),
            number(m, "journal_bytes"),
            number(m, "journal_depth"),
            number(m, "acked_seq"),
            number(m, "lost_journal_full_frames"),
            number(m, "lost_journal_full_trades"),
            number(m, "lost_journal_error_frames"));
    IngestStatus.State state;
    try {
      state = IngestStatus.State.valueOf(required(root, "state").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown state '" + root.get("state").asText() + "'");
    }
    JsonNode failure = root.get("failure");
    JsonNode metricsPort = root.get("metrics_port");
    java.util.List<Long> byConnection = new java.util.ArrayList<>();
    JsonNode perConnection = journal.get("frames_by_connection");
    if (perConnection != null && !perConnection.isNull()) {
      if (!perConnection.isArray()) {
        throw new IllegalArgumentException("field 'frames_by_connection' is not a list");
      }
      for (JsonNode count : perConnection) {
        if (!count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0) {
          throw new IllegalArgumentException(
              "field 'frames_by_connection' holds " + count + ", not a count");
        }
        byConnection.add(count.longValue());
      }
    }
    return new IngestStatus(
        number(root, "pid"),
        required(root, "ingest_id").asText(),
        state,
        number(root, "updated_at_ms"),
        required(journal, "dir").asText(),
        number(journal, "opened_last_seq"),
        number(journal, "opened_acked_seq"),
        number(journal, "last_seq"),
        failure == null || failure.isNull() ? null : failure.asText(),
        metricsPort == null || metricsPort.isNull() ? -1 : (int) number(root, "metrics_port"),
        metrics,
        byConnection);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("no field '" + field + "'");
    }
    return value;
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' is not a whole number: " + value);
    }
    return value.longValue();
  }

  private static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("field 'send_latency_us' is not a histogram: " + e);
    }
  }
}
