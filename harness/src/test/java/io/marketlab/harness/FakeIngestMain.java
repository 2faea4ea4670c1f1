package io.marketlab.harness;

import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.IngestStatus;
import io.marketlab.ingest.IngestStatusFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A stand-in for {@code IngestMain} that starts in a fraction of a second and needs no engine: it
 * writes the status file an ingest writes ({@code --status-file FILE}), counting 10 frames of 2
 * trades every 20 ms on a "journal" that goes on from {@code --opened-last-seq N}, and its final
 * status (STOPPED) when it is stopped with SIGTERM. {@code --fail MESSAGE} writes a FAILED status
 * and exits 1, as an ingest that cannot start.
 */
public final class FakeIngestMain {

  private FakeIngestMain() {}

  public static void main(String[] args) throws Exception {
    Path file = null;
    long opened = -1;
    String fail = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--status-file" -> file = Path.of(args[i + 1]);
        case "--opened-last-seq" -> opened = Long.parseLong(args[i + 1]);
        case "--fail" -> fail = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path status = file;
    long openedAt = opened;
    AtomicLong frames = new AtomicLong();
    if (fail != null) {
      IngestStatusFile.write(status, status(IngestStatus.State.FAILED, fail, openedAt, 0));
      System.exit(1);
    }
    // One writer at a time, and nothing after the final status: the main loop and the shutdown
    // hook share the temporary file, so a RUNNING write racing the hook could land last.
    Object lock = new Object();
    boolean[] stopped = {false};
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (lock) {
                    stopped[0] = true;
                    IngestStatusFile.write(
                        status, status(IngestStatus.State.STOPPED, null, openedAt, frames.get()));
                  }
                }));
    while (true) {
      synchronized (lock) {
        if (!stopped[0]) {
          IngestStatusFile.write(
              status, status(IngestStatus.State.RUNNING, null, openedAt, frames.get()));
        }
      }
      Thread.sleep(20);
      frames.addAndGet(10);
    }
  }

  private static IngestStatus status(
      IngestStatus.State state, String failure, long opened, long frames) {
    Histogram latency = new Histogram(3_600_000_000L, 3);
    if (frames > 0) {
      latency.recordValueWithCount(1_000, frames * 2);
    }
    return new IngestStatus(
        ProcessHandle.current().pid(),
        "ing-fake",
        state,
        System.currentTimeMillis(),
        "journal",
        opened,
        opened,
        opened + frames,
        failure,
        -1,
        new IngestMetrics.Snapshot(
            frames,
            frames * 2,
            0,
            0,
            0,
            0,
            frames * 2,
            0,
            Map.of(),
            latency,
            0,
            100,
            0,
            opened + frames,
            0,
            0,
            0));
  }
}
