package io.marketlab.ingest;

import java.util.Objects;

/**
 * What an ingest process says about itself in its status file ({@link IngestStatusFile}), so that
 * whoever started it as a child process (the pipeline harness) can wait on its figures without
 * sharing its memory: written when the ingest runs, every status interval, at each connection it
 * opens, and when it stops.
 *
 * @param pid the process that wrote it (a file left by an earlier process on the same path is told
 *     apart by it)
 * @param ingestId the journal's ingest id, kept across restarts on the same journal
 * @param updatedAtMillis when it was written (wall clock, ms)
 * @param journalOpenedLastSeq the journal's last frame seq when this process opened it (-1: empty):
 *     every frame an earlier process journaled is at or below it
 * @param journalOpenedAckedSeq the acknowledged position it found then
 * @param journalLastSeq the last frame seq journaled so far; the frames this process journaled are
 *     {@code journalLastSeq - journalOpenedLastSeq}
 * @param failure why it failed ({@link State#FAILED}), else null
 * @param metricsPort the port of its Prometheus {@code /metrics} on 127.0.0.1, or -1 when it serves
 *     none
 * @param metrics this process's counters (they start at zero with each process)
 * @param journaledByConnection frames it journaled from each websocket connection it opened, in the
 *     order they opened (empty: not counted)
 */
public record IngestStatus(
    long pid,
    String ingestId,
    State state,
    long updatedAtMillis,
    String journalDir,
    long journalOpenedLastSeq,
    long journalOpenedAckedSeq,
    long journalLastSeq,
    String failure,
    int metricsPort,
    IngestMetrics.Snapshot metrics,
    java.util.List<Long> journaledByConnection) {

  /** Where the process stands. */
  public enum State {
    /** The journal is open, the sender and the websocket client run. */
    RUNNING,
    /** Closed cleanly: the client stopped, the sender drained what it could (the last write). */
    STOPPED,
    /** It could not start or its client gave up (e.g. HTTP 401); {@code failure} says why. */
    FAILED
  }

  public IngestStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(metrics, "metrics");
    ingestId = ingestId == null ? "" : ingestId;
    journalDir = journalDir == null ? "" : journalDir;
    journaledByConnection =
        journaledByConnection == null
            ? java.util.List.of()
            : java.util.List.copyOf(journaledByConnection);
  }

  /** A status that counts nothing per connection. */
  public IngestStatus(
      long pid,
      String ingestId,
      State state,
      long updatedAtMillis,
      String journalDir,
      long journalOpenedLastSeq,
      long journalOpenedAckedSeq,
      long journalLastSeq,
      String failure,
      int metricsPort,
      IngestMetrics.Snapshot metrics) {
    this(
        pid,
        ingestId,
        state,
        updatedAtMillis,
        journalDir,
        journalOpenedLastSeq,
        journalOpenedAckedSeq,
        journalLastSeq,
        failure,
        metricsPort,
        metrics,
        java.util.List.of());
  }

  /** Frames this process appended to the journal. */
  public long framesJournaled() {
    return Math.max(0, journalLastSeq - journalOpenedLastSeq);
  }

  /** Counters of a process that counted nothing (one that failed before it started). */
  public static IngestMetrics.Snapshot noMetrics() {
    return new IngestMetrics().snapshot();
  }

  /** One line: {@code pid 4242 RUNNING ing-... frames=...}. */
  public String line() {
    return "pid "
        + pid
        + " "
        + state
        + (failure == null ? "" : " (" + failure + ")")
        + " "
        + metrics.line();
  }
}
