package io.marketlab.harness;

import java.util.OptionalLong;

/**
 * One ingest process of a run, as the harness saw it: the run's first ingest and each one a step
 * started again on the same journal. What it journaled is the record of which frames reached the
 * pipeline (README, What "exact" means here): a frame the replay server wrote to a killed ingest's
 * connection but the ingest never read is not in it.
 *
 * @param number 1 for the run's first ingest, then 2, 3, ...
 * @param pid its process
 * @param firstConnection the first websocket connection it could have opened: the replay server
 *     numbers connections 1, 2, ... as they open, and this process opened those from here up to the
 *     next launch's {@code firstConnection} (exclusive); 0 for a live feed
 * @param journalOpenedLastSeq the journal's last frame seq when it opened the journal (-1: empty)
 * @param framesJournaled frames it appended to the journal: the next launch's opened last seq minus
 *     its own, or, for a process that stopped cleanly, its final status's; empty while it runs or
 *     when it ended without either (killed, and never followed)
 * @param ended how it ended
 * @param journaledByConnection the frames it journaled from each websocket connection it opened, in
 *     the order they opened, as its latest status said: every count but the last is final (its
 *     connection ended before the next one opened); empty when its status carried none (a live
 *     feed, or an ingest that did not say)
 */
public record IngestLaunch(
    int number,
    long pid,
    int firstConnection,
    long journalOpenedLastSeq,
    OptionalLong framesJournaled,
    End ended,
    java.util.List<Long> journaledByConnection) {

  public IngestLaunch {
    journaledByConnection = java.util.List.copyOf(journaledByConnection);
  }

  /** A launch whose status said nothing per connection. */
  public IngestLaunch(
      int number,
      long pid,
      int firstConnection,
      long journalOpenedLastSeq,
      OptionalLong framesJournaled,
      End ended) {
    this(
        number,
        pid,
        firstConnection,
        journalOpenedLastSeq,
        framesJournaled,
        ended,
        java.util.List.of());
  }

  /**
   * The launches with {@code framesJournaled} counting frames only: the entries of {@code gapSeqs}
   * (the journal seqs of gap records) that fall in a launch's seq range, {@code
   * (journalOpenedLastSeq, journalOpenedLastSeq + framesJournaled]}, are taken out of its count.
   */
  public static java.util.List<IngestLaunch> framesOnly(
      java.util.List<IngestLaunch> launches, java.util.SortedSet<Long> gapSeqs) {
    java.util.List<IngestLaunch> result = new java.util.ArrayList<>(launches.size());
    for (IngestLaunch launch : launches) {
      if (launch.framesJournaled().isEmpty()) {
        result.add(launch);
        continue;
      }
      long from = launch.journalOpenedLastSeq() + 1;
      long to = launch.journalOpenedLastSeq() + launch.framesJournaled().getAsLong() + 1;
      int gaps = gapSeqs.subSet(from, to).size();
      result.add(
          new IngestLaunch(
              launch.number(),
              launch.pid(),
              launch.firstConnection(),
              launch.journalOpenedLastSeq(),
              OptionalLong.of(launch.framesJournaled().getAsLong() - gaps),
              launch.ended(),
              launch.journaledByConnection()));
    }
    return java.util.List.copyOf(result);
  }

  /** How an ingest process ended. */
  public enum End {
    RUNNING,
    /** SIGKILL by a step. */
    KILLED,
    /** SIGTERM by a step or the end of the run: it closed cleanly. */
    STOPPED,
    /** It exited without being asked. */
    EXITED
  }
}
