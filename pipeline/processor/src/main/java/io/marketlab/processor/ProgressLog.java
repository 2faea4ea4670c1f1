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
 * work); it does not grow with the batch's size. The line also gives the CPU time the query's
 * stream execution thread (the driver's loop: offsets, planning, commits, and the foreachBatch
 * function that hands the rows to the executors) spent per batch, beside the records per batch, so
 * that this can be seen: with 100 or 50,000 records per batch the driver's CPU per batch stays the
 * same order.
 */
final class ProgressLog extends StreamingQueryListener {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

  static final long EVERY_MS = 10_000;

  private static final class Window {
    long startedMs = System.currentTimeMillis();
    long startCpuNanos = -1;
    long cpuBatches;
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
      long cpu = streamThreadCpuNanos(name);
      if (window.startCpuNanos < 0) {
        window.startCpuNanos = cpu;
      } else {
        window.cpuBatches++;
      }
      if (now - window.startedMs < EVERY_MS) {
        return;
      }
      String line = line(name, window, progress, now);
      if (cpu >= 0 && window.startCpuNanos >= 0 && window.cpuBatches > 0) {
        line +=
            String.format(
                Locale.ROOT,
                "; driver stream thread cpu %.1f ms per batch at %d records per batch",
                (cpu - window.startCpuNanos) / 1e6 / window.cpuBatches,
                window.rows / window.batches);
      }
      LOG.info(line);
      Window next = new Window();
      next.startCpuNanos = cpu;
      windows.put(name, next);
    }
  }

  private final Map<String, Long> streamThreads = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * CPU time of the query's "stream execution thread for NAME [id = ..." so far, -1 when it cannot
   * be told (no such thread, or the JVM does not measure thread CPU).
   */
  private long streamThreadCpuNanos(String name) {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
      return -1;
    }
    Long id = streamThreads.get(name);
    long cpu = id == null ? -1 : threads.getThreadCpuTime(id);
    if (cpu >= 0) {
      return cpu;
    }
    String prefix = "stream execution thread for " + name + " [";
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(prefix)) {
        streamThreads.put(name, thread.getId());
        return threads.getThreadCpuTime(thread.getId());
      }
    }
    return -1;
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
