package io.marketlab.ingest.cli;

import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestStatus;
import io.marketlab.ingest.IngestStatusFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code lab ingest --status-file} current: the ingest's status every interval while it runs,
 * at each connection the websocket client opens (so the status names every connection even if the
 * process is killed right after), and once more, final, when it stops (after the sender drained) or
 * fails. A status written last wins; nothing is written after the final one.
 */
final class StatusReporter implements AutoCloseable {

  private final Path file;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "ingest-status");
            thread.setDaemon(true);
            return thread;
          });
  private Ingest ingest;
  private boolean finished;

  StatusReporter(Path file) {
    this.file = file;
  }

  /** Writes the running status now and then every {@code interval}. */
  synchronized void start(Ingest running, Duration interval) {
    ingest = running;
    write(running.status(IngestStatus.State.RUNNING, null));
    running.onConnection(this::tick);
    long every = Math.max(10, interval.toMillis());
    timer.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  private synchronized void tick() {
    if (!finished && ingest != null) {
      write(ingest.status(IngestStatus.State.RUNNING, null));
    }
  }

  /** The last status: the ingest's own (when it started) or one without figures. */
  synchronized void finish(IngestStatus.State state, String failure) {
    if (finished) {
      return;
    }
    finished = true;
    timer.shutdownNow();
    write(
        ingest != null
            ? ingest.status(state, failure)
            : new IngestStatus(
                ProcessHandle.current().pid(),
                "",
                state,
                System.currentTimeMillis(),
                "",
                -1,
                -1,
                -1,
                failure,
                -1,
                IngestStatus.noMetrics()));
  }

  private void write(IngestStatus status) {
    try {
      IngestStatusFile.write(file, status);
    } catch (IllegalStateException e) {
      // A status that cannot be written must not stop the ingest; the next write tries again.
      System.err.println("ingest: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
  }
}
