package io.marketlab.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link ReplayServer} sent, when asked to record it ({@link ReplayServer#recordSent()}):
 * each session frame written to a connection, and each drop. The harness gives it to the reference,
 * which computes what a run with drops must store from it.
 */
public final class SentFrames {

  /**
   * One session frame written to one connection.
   *
   * @param sessionIndex the frame's position in the session (from 0; a loop counts on)
   * @param connection the connection it went to, numbered from 1 in the order they opened
   * @param filteredText the text sent when it differs from the session's (only the trades of the
   *     connection's subscribed symbols); null when the frame went out as recorded
   */
  public record Sent(long sessionIndex, int connection, String filteredText) {}

  /**
   * A drop: every connection open then was cut.
   *
   * @param connections the connections it cut
   * @param framesReplayedBefore session frames whose send time had come before it
   */
  public record Drop(Instant at, List<Integer> connections, long framesReplayedBefore) {}

  private final List<Sent> sent = new ArrayList<>();
  private final List<Drop> drops = new ArrayList<>();

  synchronized void sent(long sessionIndex, int connection, String filteredText) {
    sent.add(new Sent(sessionIndex, connection, filteredText));
  }

  synchronized void dropped(Drop drop) {
    drops.add(drop);
  }

  /** Every frame sent so far, in the order sent. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  public synchronized List<Drop> drops() {
    return List.copyOf(drops);
  }
}
