package io.marketlab.scenarios.pipeline;

import io.marketlab.harness.IngestLaunch;
import io.marketlab.ingest.SentFrames;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which session frames reached the pipeline in a run with drops, or with the ingest killed or
 * stopped, worked out from two records that share no code with the pipeline's processing: what the
 * replay server wrote to each connection ({@link SentFrames}, every text frame numbered on its
 * connection, the server's keep-alive pings and error replies included) and how many frames each
 * ingest process appended to its journal ({@link IngestLaunch#framesJournaled()}, the difference of
 * two journal positions).
 *
 * <p>The rule: an ingest process reads each of its connections in order and journals every text
 * frame it reads (pings too), so what it journaled from a connection is a prefix of what the server
 * wrote there. Its status counts the frames it journaled from each connection ({@link
 * IngestLaunch#journaledByConnection()}), so a connection cut by a drop whose client never handed
 * over the frames still in its socket (the JDK client can end a connection with an error instead of
 * the close) loses just those. Without such counts, its journaled total is spent on its connections
 * in the order they opened, an earlier one taken as read to its end. On the last, the frames the
 * server wrote past the count were in the socket when the process died, or came after it closed,
 * and never arrived. The session frames kept go to the reference in the order sent, each with its
 * connection and its ingest process (whose first trade of each symbol is an ingest start).
 */
final class Arrivals {

  private final ReferenceCalculator.Deliveries deliveries;
  private final Map<Integer, Long> lostTail;

  private Arrivals(ReferenceCalculator.Deliveries deliveries, Map<Integer, Long> lostTail) {
    this.deliveries = deliveries;
    this.lostTail = lostTail;
  }

  /** From the server's record and the run's ingest launches (in launch order). */
  static Arrivals of(SentFrames sent, List<IngestLaunch> launches) {
    Set<Integer> cut = new HashSet<>();
    for (SentFrames.Drop drop : sent.drops()) {
      cut.addAll(drop.connections());
    }
    return of(sent.sent(), sent.written(), cut, launches);
  }

  /**
   * @param sent the session frames written, in the order written
   * @param written per connection, the text frames of any kind written to it
   * @param cut the connections a drop cut
   * @throws IllegalStateException when an ingest journaled more frames than were written to its
   *     connections (the records disagree: a finding, not a rounding)
   */
  static Arrivals of(
      List<SentFrames.Sent> sent,
      Map<Integer, Long> written,
      Set<Integer> cut,
      List<IngestLaunch> launches) {
    Map<Integer, Long> arrived = new TreeMap<>();
    Map<Integer, Integer> runOf = new TreeMap<>();
    Map<Integer, Long> lostTail = new TreeMap<>();
    for (int i = 0; i < launches.size(); i++) {
      IngestLaunch launch = launches.get(i);
      int from = launch.firstConnection();
      int to = i + 1 < launches.size() ? launches.get(i + 1).firstConnection() : Integer.MAX_VALUE;
      TreeMap<Integer, Long> mine = new TreeMap<>();
      for (Map.Entry<Integer, Long> connection : written.entrySet()) {
        if (connection.getKey() >= from && connection.getKey() < to) {
          mine.put(connection.getKey(), connection.getValue());
        }
      }
      Map<Integer, Long> read = readPerConnection(launch, from, mine);
      long wrote = 0;
      for (Map.Entry<Integer, Long> connection : mine.entrySet()) {
        int number = connection.getKey();
        runOf.put(number, launch.number());
        long got = read.get(number);
        arrived.put(number, got);
        wrote += connection.getValue();
        if (got < connection.getValue()) {
          lostTail.put(number, connection.getValue() - got);
        }
      }
      if (launch.framesJournaled().isPresent() && launch.framesJournaled().getAsLong() > wrote) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "ingest %d (pid %d) journaled %d frames, but the replay server wrote only %d to"
                    + " its connections %d..%s",
                launch.number(),
                launch.pid(),
                launch.framesJournaled().getAsLong(),
                wrote,
                from,
                to == Integer.MAX_VALUE ? "" : Integer.toString(to - 1)));
      }
    }
    List<ReferenceCalculator.Delivery> kept = new ArrayList<>();
    for (SentFrames.Sent frame : sent) {
      Long limit = arrived.get(frame.connection());
      if (limit != null && frame.position() > limit) {
        continue;
      }
      kept.add(
          new ReferenceCalculator.Delivery(
              frame.sessionIndex(),
              frame.connection(),
              frame.filteredText(),
              runOf.getOrDefault(frame.connection(), 1)));
    }
    return new Arrivals(
        new ReferenceCalculator.Deliveries(List.copyOf(kept), Set.copyOf(cut)),
        Map.copyOf(lostTail));
  }

  /**
   * What {@code launch} read from each of its connections ({@code written}: the server's count per
   * connection, numbered from {@code from}). With a count per connection from the ingest that
   * matches the server's connections one to one, those counts, the last one being what the total
   * leaves after the others (it may have grown after the status that listed it). Without them, or
   * when they do not match, the total is spent on the connections in the order they opened, each
   * taken as read to its end before the next; an unknown total (the run's last ingest still ran, or
   * died unfollowed) as everything sent.
   */
  private static Map<Integer, Long> readPerConnection(
      IngestLaunch launch, int from, TreeMap<Integer, Long> written) {
    List<Long> counts = launch.journaledByConnection();
    Map<Integer, Long> read = new TreeMap<>();
    boolean matches =
        !counts.isEmpty()
            && counts.size() == written.size()
            && written.firstKey() == from
            && written.lastKey() == from + counts.size() - 1;
    if (matches) {
      long before = 0;
      for (int i = 0; i < counts.size(); i++) {
        int number = from + i;
        long count = counts.get(i);
        if (i == counts.size() - 1) {
          count =
              launch.framesJournaled().isPresent()
                  ? launch.framesJournaled().getAsLong() - before
                  : written.get(number);
        }
        if (count > written.get(number) || count < 0) {
          throw new IllegalStateException(
              String.format(
                  Locale.ROOT,
                  "ingest %d (pid %d) journaled %d frames from connection %d, but the replay"
                      + " server wrote only %d to it",
                  launch.number(),
                  launch.pid(),
                  count,
                  number,
                  written.get(number)));
        }
        read.put(number, count);
        before += count;
      }
      return read;
    }
    long budget = launch.framesJournaled().orElse(Long.MAX_VALUE);
    for (Map.Entry<Integer, Long> connection : written.entrySet()) {
      long got = Math.min(connection.getValue(), budget);
      read.put(connection.getKey(), got);
      budget -= got;
    }
    return read;
  }

  /** The frames that arrived, for {@link ReferenceCalculator#compute}. */
  ReferenceCalculator.Deliveries deliveries() {
    return deliveries;
  }

  /**
   * Per connection, frames the server wrote that the ingest reading it never journaled (only
   * connections with such a tail).
   */
  Map<Integer, Long> lostTail() {
    return lostTail;
  }

  /** {@code 5120 session frames; connection 1: 37 frames written but never read}. */
  String summary() {
    StringBuilder text = new StringBuilder(deliveries.sent().size() + " session frames arrived");
    for (Map.Entry<Integer, Long> tail : lostTail.entrySet()) {
      text.append("; connection ")
          .append(tail.getKey())
          .append(": ")
          .append(tail.getValue())
          .append(" frame(s) written but never read");
    }
    return text.toString();
  }
}
