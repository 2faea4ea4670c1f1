package io.marketlab.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
   * @param position its place among every text frame written to its connection (from 1; the
   *     server's keep-alive pings and error replies count too, since the client receives and
   *     journals them as frames like any other)
   */
  public record Sent(long sessionIndex, int connection, String filteredText, long position) {

    /** A frame whose place on its connection is not known (tests of other things). */
    public Sent(long sessionIndex, int connection, String filteredText) {
      this(sessionIndex, connection, filteredText, -1);
    }
  }

  /**
   * A drop: every connection open then was cut.
   *
   * @param connections the connections it cut
   * @param framesReplayedBefore session frames whose send time had come before it
   */
  public record Drop(Instant at, List<Integer> connections, long framesReplayedBefore) {}

  private final List<Sent> sent = new ArrayList<>();
  private final List<Drop> drops = new ArrayList<>();
  private final Map<Integer, Long> written = new TreeMap<>();

  synchronized void sent(long sessionIndex, int connection, String filteredText, long position) {
    sent.add(new Sent(sessionIndex, connection, filteredText, position));
  }

  /** A connection opened: it counts, with nothing written yet. */
  synchronized void opened(int connection) {
    written.putIfAbsent(connection, 0L);
  }

  /** One text frame of any kind (session frame, ping, error) written to {@code connection}. */
  synchronized void wrote(int connection, long position) {
    written.merge(connection, position, Math::max);
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

  /**
   * Per connection opened while recording, how many text frames of any kind were written to it (0
   * for one that got none): the client can have journaled at most that many from it.
   */
  public synchronized Map<Integer, Long> written() {
    return Map.copyOf(written);
  }
}
