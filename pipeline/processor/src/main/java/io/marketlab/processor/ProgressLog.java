package io.marketlab.processor;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a query's time goes: at most one INFO line per query every {@value #EVERY_MS} ms, with the
 * batches since the last line and the mean of each phase Spark reports (latestOffset,
 * queryPlanning, addBatch, walCommit, commitOffsets, triggerExecution), and the state's rows and
 * memory. The driver's own cost per batch is in these phases, apart from addBatch (the executors'
 * work); it does not grow with the batch's size.
 */
final class ProgressLog extends StreamingQueryListener {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

  static final long EVERY_MS = 10_000;

  private static final class Window {
    long startedMs = System.currentTimeMillis();
    long batches;
    long rows;
    final Map<String, Long> sums = new TreeMap<>();

    void add(StreamingQueryProgress progress) {
      batches++;
      rows += progress.numInputRows();
      for (Map.Entry<String, Long> phase : progress.durationMs().entrySet()) {
        sums.merge(phase.getKey(), phase.getValue(), Long::sum);
      }
    }
  }

  private final Map<String, Window> windows = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    String name = progress.name() == null ? String.valueOf(progress.id()) : progress.name();
    Window window = windows.computeIfAbsent(name, n -> new Window());
    synchronized (window) {
      window.add(progress);
      long now = System.currentTimeMillis();
      if (now - window.startedMs < EVERY_MS) {
        return;
      }
      LOG.info(line(name, window, progress, now));
      windows.put(name, new Window());
    }
  }

  static String line(String name, Window window, StreamingQueryProgress last, long now) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "query %s: %d batches, %d records in %.1f s; mean ms per batch:",
                name,
                window.batches,
                window.rows,
                (now - window.startedMs) / 1000.0));
    for (Map.Entry<String, Long> phase : window.sums.entrySet()) {
      text.append(' ')
          .append(phase.getKey())
          .append(' ')
          .append(phase.getValue() / Math.max(1, window.batches));
    }
    for (StateOperatorProgress state : last.stateOperators()) {
      text.append(
          String.format(
              Locale.ROOT,
              "; state %s: %d rows, %.1f MiB",
              state.operatorName(),
              state.numRowsTotal(),
              state.memoryUsedBytes() / 1048576.0));
    }
    return text.toString();
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}
