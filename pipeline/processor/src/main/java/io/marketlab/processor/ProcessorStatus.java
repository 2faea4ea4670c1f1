package io.marketlab.processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's status as a small JSON file that {@code lab status} (or anyone) can read while
 * Cassandra is down, rewritten atomically when it changes and every {@value #HEARTBEAT_SECONDS} s
 * ({@code updatedAt} older than that means the processor is gone):
 *
 * <pre>{@code
 * {"query":"marketlab-processor","state":"retrying","detail":"Cassandra unreachable since ...",
 *  "pid":4242,"startedAt":"...","updatedAt":"...",
 *  "cassandra":{"reachable":false,"since":"2026-...Z","retries":17,"error":"AllNodesFailed..."},
 *  "lastBatch":{"id":41,"records":5000,"durationMs":180,"finishedAt":"..."}}
 * }</pre>
 *
 * States: {@code starting}, {@code waiting-for-cassandra} (start-up, store not up yet), {@code
 * running}, {@code retrying} (store unreachable: batches wait and retry, nothing is lost), {@code
 * stopped}, {@code failed}. Cassandra is seen unreachable when this JVM's writers are retrying (in
 * local mode that includes the executors) or when the driver's session sees no node up.
 */
final class ProcessorStatus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorStatus.class);
  static final int HEARTBEAT_SECONDS = 5;

  private final Path file;
  private final String query;
  private final Instant startedAt = Instant.now();
  private final ScheduledExecutorService timer;
  private volatile String phase = "starting";
  private volatile String failure;
  private volatile BatchSummary lastBatch;
  private volatile BooleanSupplier nodesUp = () -> true;
  private String written = "";
  private long writtenAtNanos;

  private ProcessorStatus(Path file, String query, boolean heartbeat) {
    this.file = file;
    this.query = query;
    if (heartbeat) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "processor-status");
                thread.setDaemon(true);
                return thread;
              });
      timer.scheduleWithFixedDelay(this::refresh, 1, 1, TimeUnit.SECONDS);
    } else {
      timer = null;
    }
  }

  /** Keeps {@code file} up to date from now on (a local path; other URIs are not written). */
  public static ProcessorStatus start(String file, String query) {
    return new ProcessorStatus(localPath(file), query, true);
  }

  /** A status written only when told (tests). */
  static ProcessorStatus manual(Path file, String query) {
    return new ProcessorStatus(file, query, false);
  }

  private static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(java.net.URI.create(location));
    }
    return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? null : Path.of(location);
  }

  /** How the driver's session sees the cluster (set once the store is connected). */
  public void watchNodes(BooleanSupplier anyNodeUp) {
    this.nodesUp = anyNodeUp;
  }

  public void running() {
    phase = "running";
    refresh();
  }

  public void batchFinished(BatchSummary summary) {
    lastBatch = summary;
    refresh();
  }

  public void failed(String reason) {
    failure = reason;
    phase = "failed";
    refresh();
  }

  public void stopped() {
    if (!phase.equals("failed")) {
      phase = "stopped";
    }
    refresh();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** The status as JSON, now. */
  String json() {
    Optional<StoreHealth.Outage> outage = StoreHealth.JVM.outage();
    boolean reachable = outage.isEmpty() && (phase.equals("starting") || safely(nodesUp));
    String state = phase;
    String detail;
    if (phase.equals("running") && !reachable) {
      state = "retrying";
      detail = "Cassandra unreachable: batches wait and retry with backoff, Kafka keeps the data";
    } else if (phase.equals("starting") && outage.isPresent()) {
      state = "waiting-for-cassandra";
      detail = "waiting for Cassandra before the query starts";
    } else if (phase.equals("failed")) {
      detail = failure;
    } else {
      detail = phase.equals("running") ? "processing" : phase;
    }
    StringBuilder json = new StringBuilder(400).append('{');
    field(json, "query", query).append(',');
    field(json, "state", state).append(',');
    field(json, "detail", detail).append(',');
    json.append("\"pid\":").append(ProcessHandle.current().pid()).append(',');
    field(json, "startedAt", startedAt.toString()).append(',');
    field(json, "updatedAt", Instant.now().toString()).append(',');
    json.append("\"cassandra\":{\"reachable\":").append(reachable);
    outage.ifPresent(
        o -> {
          json.append(',');
          field(json, "since", o.since().toString()).append(',');
          json.append("\"retries\":").append(o.retries()).append(',');
          field(json, "error", o.firstError());
        });
    json.append('}');
    BatchSummary batch = lastBatch;
    if (batch != null) {
      json.append(",\"lastBatch\":{\"id\":")
          .append(batch.batchId())
          .append(",\"records\":")
          .append(batch.records())
          .append(",\"durationMs\":")
          .append(batch.durationMillis())
          .append(',');
      field(json, "finishedAt", Instant.ofEpochMilli(batch.finishedAtMs()).toString()).append('}');
    }
    return json.append("}\n").toString();
  }

  private static boolean safely(BooleanSupplier supplier) {
    try {
      return supplier.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private synchronized void refresh() {
    if (file == null) {
      return;
    }
    String json = json();
    boolean changed = !stripTime(json).equals(stripTime(written));
    if (!changed && System.nanoTime() - writtenAtNanos < HEARTBEAT_SECONDS * 1_000_000_000L) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = parent.resolve(file.getFileName() + ".tmp");
      Files.writeString(temporary, json, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      String state = stateOf(json);
      if (!state.equals(stateOf(written))) {
        LOG.info("processor status: {} ({})", state, file);
      }
      written = json;
      writtenAtNanos = System.nanoTime();
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot write the status file {}: {}", file, e.getMessage());
    }
  }

  private static String stripTime(String json) {
    return json.replaceAll("\"updatedAt\":\"[^\"]*\"", "");
  }

  private static String stateOf(String json) {
    int at = json.indexOf("\"state\":\"");
    return at < 0 ? "" : json.substring(at + 9, json.indexOf('"', at + 9));
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    if (value == null) {
      return json.append("null");
    }
    json.append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
