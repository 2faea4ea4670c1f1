package io.marketlab.ingest;

import io.marketlab.ingest.journal.JournalPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which journaled frames Kafka has acknowledged, in order: the acknowledged position is the highest
 * frame all of whose records were acknowledged, every frame before it too. Callbacks arrive on the
 * producer's I/O thread, in any order across partitions.
 *
 * <p>With the position goes, per partition, a {@link JournalPosition#scanFrom} offset: no record of
 * this ingest before it belongs to a frame after the position. In steady sending that is one past
 * the highest offset acknowledged for a frame at or below the position (one producer writes a
 * partition in send order). After a failure the new producer resends older frames behind records
 * the old one already wrote, so the offsets are frozen at the ones the scan started from until the
 * position has passed every frame that might have been sent before ({@link #resume}).
 */
final class AckTracker {

  /** One frame handed to the producer: what is still outstanding, and what it carries. */
  static final class Pending {
    final long seq;
    final int generation;
    final long receivedAtMicros;
    final int trades;
    final String deadLetterCategory;
    final long journalBytes;

    /** The gap's category when this entry is a gap record, else null. */
    final String gapCategory;

    private int remaining;
    private boolean failed;
    private final List<TopicPartition> partitions = new ArrayList<>(2);
    private final List<Long> offsets = new ArrayList<>(2);

    Pending(
        long seq,
        int generation,
        int records,
        long receivedAtMicros,
        int trades,
        String dl,
        long journalBytes,
        String gapCategory) {
      this.seq = seq;
      this.journalBytes = journalBytes;
      this.gapCategory = gapCategory;
      this.generation = generation;
      this.remaining = records;
      this.receivedAtMicros = receivedAtMicros;
      this.trades = trades;
      this.deadLetterCategory = dl;
    }
  }

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final Map<TopicPartition, Long> tracked = new HashMap<>();
  private final Consumer<Pending> onComplete;
  private Map<TopicPartition, Long> frozen;
  private Map<TopicPartition, Long> foldAtThaw = Map.of();
  private long horizon = -1;
  private long ackedSeq;
  private long highestBegun;
  private int generation;
  private String failure;

  /**
   * @param start the position recorded in the journal
   * @param highestPossiblySent the journal's last frame when it was opened: anything up to it may
   *     have been sent by an earlier run
   * @param onComplete called (under this tracker's lock) for each frame that became acknowledged
   */
  AckTracker(JournalPosition start, long highestPossiblySent, Consumer<Pending> onComplete) {
    this.ackedSeq = start.ackedSeq();
    this.tracked.putAll(start.scanFrom());
    this.frozen = new HashMap<>(start.scanFrom());
    this.highestBegun = Math.max(highestPossiblySent, start.ackedSeq());
    this.onComplete = onComplete;
  }

  synchronized long ackedSeq() {
    return ackedSeq;
  }

  /** Frames handed to the producer and not yet acknowledged. */
  synchronized int inFlight() {
    return pending.size();
  }

  /** The first failure of the current generation, or null. */
  synchronized String failure() {
    return failure;
  }

  synchronized int generation() {
    return generation;
  }

  /**
   * The scan offsets the current generation must keep until it is caught up: those of the position
   * (and, for a partition it does not name, the offset the scan started at).
   */
  synchronized Map<TopicPartition, Long> scanFrom() {
    return Map.copyOf(frozen != null ? frozen : tracked);
  }

  synchronized JournalPosition position() {
    return new JournalPosition(ackedSeq, frozen != null ? frozen : tracked);
  }

  /**
   * A new generation after a scan of Kafka: nothing of the old one is outstanding any more (its
   * late callbacks are ignored), and the scan offsets stay at {@code startedAt} until the position
   * reaches the highest frame the old generation (or an earlier run, or Kafka) might hold.
   *
   * @param startedAt per partition, the offset the scan read from
   * @param endedAt per partition, the end offset the scan read to
   * @param highestFound the highest frame seq of this ingest the scan found, -1 for none
   */
  synchronized void resume(
      Map<TopicPartition, Long> startedAt, Map<TopicPartition, Long> endedAt, long highestFound) {
    generation++;
    pending.clear();
    failure = null;
    horizon = Math.max(highestBegun, highestFound);
    frozen = new HashMap<>(startedAt);
    foldAtThaw = Map.copyOf(endedAt);
    thawIfCaughtUp();
    notifyAll();
  }

  /** Registers a frame about to be sent as {@code records} records; returns its handle. */
  synchronized Pending begin(
      long seq, int records, long receivedAtMicros, int trades, String deadLetterCategory) {
    return begin(seq, records, receivedAtMicros, trades, deadLetterCategory, 0, null);
  }

  /**
   * As above, for an entry that takes {@code journalBytes} in the journal; {@code gapCategory} for
   * a gap entry (null otherwise).
   */
  synchronized Pending begin(
      long seq,
      int records,
      long receivedAtMicros,
      int trades,
      String deadLetterCategory,
      long journalBytes,
      String gapCategory) {
    Pending frame =
        new Pending(
            seq,
            generation,
            records,
            receivedAtMicros,
            trades,
            deadLetterCategory,
            journalBytes,
            gapCategory);
    pending.addLast(frame);
    highestBegun = Math.max(highestBegun, seq);
    advance();
    return frame;
  }

  synchronized void acked(Pending frame, TopicPartition partition, long offset) {
    if (frame.generation != generation) {
      return;
    }
    frame.remaining--;
    frame.partitions.add(partition);
    frame.offsets.add(offset);
    advance();
  }

  synchronized void failed(Pending frame, String why) {
    if (frame.generation != generation) {
      return;
    }
    frame.remaining--;
    frame.failed = true;
    if (failure == null) {
      failure = why;
      notifyAll();
    }
  }

  /** A send that threw: the generation is failed. */
  synchronized void failedToSend(String why) {
    if (failure == null) {
      failure = why;
      notifyAll();
    }
  }

  /** Waits (at most {@code millis}) until fewer than {@code max} frames are in flight. */
  synchronized void awaitRoom(int max, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (pending.size() >= max && failure == null) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  private void advance() {
    boolean moved = false;
    while (!pending.isEmpty()) {
      Pending head = pending.peekFirst();
      if (head.remaining > 0 || head.failed) {
        break;
      }
      pending.removeFirst();
      ackedSeq = head.seq;
      for (int i = 0; i < head.partitions.size(); i++) {
        tracked.merge(head.partitions.get(i), head.offsets.get(i) + 1, Math::max);
      }
      onComplete.accept(head);
      moved = true;
    }
    if (moved) {
      thawIfCaughtUp();
      notifyAll();
    }
  }

  private void thawIfCaughtUp() {
    if (frozen != null && ackedSeq >= horizon) {
      // Every record before the scan's end belongs to a frame at or below the horizon.
      for (Map.Entry<TopicPartition, Long> end : foldAtThaw.entrySet()) {
        tracked.merge(end.getKey(), end.getValue(), Math::max);
      }
      for (Map.Entry<TopicPartition, Long> start : frozen.entrySet()) {
        tracked.merge(start.getKey(), start.getValue(), Math::max);
      }
      frozen = null;
      foldAtThaw = Map.of();
    }
  }
}
