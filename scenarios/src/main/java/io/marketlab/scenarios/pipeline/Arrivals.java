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
 * wrote there. A process's journaled count is spent on its connections in the order they opened (an
 * earlier one, cut by a drop, was read to its end); on the last, the frames the server wrote past
 * that count were in the socket when the process died, or came after it closed, and never arrived.
 * The session frames kept go to the reference in the order sent, each with its connection and its
 * ingest process (whose first trade of each symbol is an ingest start).
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
      // Unknown (the run's last ingest still ran, or died unfollowed): all it was sent arrived.
      long budget = launch.framesJournaled().orElse(Long.MAX_VALUE);
      long wrote = 0;
      for (Map.Entry<Integer, Long> connection : new TreeMap<>(written).entrySet()) {
        int number = connection.getKey();
        if (number < from || number >= to) {
          continue;
        }
        runOf.put(number, launch.number());
        long read = Math.min(connection.getValue(), budget);
        arrived.put(number, read);
        wrote += connection.getValue();
        budget -= read;
        if (read < connection.getValue()) {
          lostTail.put(number, connection.getValue() - read);
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
