package io.marketlab.scenarios.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.harness.IngestLaunch;
import io.marketlab.ingest.SentFrames;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceGap;
import io.marketlab.scenarios.reference.ReferenceTrade;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What arrived when the ingest is killed mid-replay: the server's record of what it wrote to each
 * connection, cut where the killed ingest's journal ends, and the restarted ingest's own gaps.
 */
class ArrivalsTest {

  private static final long T0 = 1_723_161_600_000L; // 2024-08-09T00:00:00Z

  @TempDir Path dir;

  /*
   * Session frames (trade time after T0): 0 A 0.5 s, 1 B 0.9 s, 2 A 1.2 s, 3 B 1.6 s, 4 A 2.1 s,
   * 5 A 3.7 s, 6 B 4.0 s.
   *
   * Connection 1 (ingest 1) got, in this order: ping, frames 0, 1, 2, ping, frame 3: 6 text frames.
   * Ingest 1 journaled 4 before it was killed: the ping and frames 0..2; the second ping and frame
   * 3 were in its socket. Frame 4 was due while no ingest ran: never sent. Connection 2 (ingest 2,
   * started on the same journal) got frame 5, a ping, frame 6, and journaled all 3 before its clean
   * stop at the end.
   */
  private Path session() {
    Path file = dir.resolve("s.session.gz");
    SessionHeader header =
        new SessionHeader(
            "t",
            List.of("A", "B"),
            "test",
            "unit test",
            "none",
            Instant.ofEpochMilli(T0 + 10_000),
            Map.of());
    long[] times = {500, 900, 1_200, 1_600, 2_100, 3_700, 4_000};
    String[] symbols = {"A", "B", "A", "B", "A", "A", "B"};
    double[] prices = {10, 20, 11, 21, 12, 13, 22};
    try (SessionWriter writer = SessionWriter.create(file, header)) {
      for (int i = 0; i < times.length; i++) {
        writer.write(
            new SessionFrame(
                i,
                "{\"type\":\"trade\",\"data\":[{\"s\":\""
                    + symbols[i]
                    + "\",\"p\":"
                    + prices[i]
                    + ",\"t\":"
                    + (T0 + times[i])
                    + ",\"v\":1}]}"));
      }
    }
    return file;
  }

  private static SentFrames.Sent sent(long index, int connection, long position) {
    return new SentFrames.Sent(index, connection, null, position);
  }

  private static final List<SentFrames.Sent> SENT =
      List.of(
          sent(0, 1, 2), sent(1, 1, 3), sent(2, 1, 4), sent(3, 1, 6), sent(5, 2, 1), sent(6, 2, 3));

  private static IngestLaunch launch(int number, int firstConnection, long journaled) {
    return new IngestLaunch(
        number,
        100 + number,
        firstConnection,
        -1,
        journaled < 0 ? OptionalLong.empty() : OptionalLong.of(journaled),
        IngestLaunch.End.STOPPED);
  }

  @Test
  void a_killed_ingest_should_lose_only_what_it_never_journaled_and_its_successor_starts_gaps() {
    Arrivals arrivals =
        Arrivals.of(
            SENT, Map.of(1, 6L, 2, 3L), Set.of(), List.of(launch(1, 1, 4), launch(2, 2, 3)));

    assertThat(arrivals.lostTail()).isEqualTo(Map.of(1, 2L));
    Reference reference =
        ReferenceCalculator.compute(
            session(), ReferenceCalculator.Options.defaults(), arrivals.deliveries());

    // Frame 3 was in the killed ingest's socket, frame 4 reached no one.
    assertThat(reference.trades())
        .extracting(ReferenceTrade::price)
        .containsExactly(10.0, 20.0, 11.0, 13.0, 22.0);
    // The restarted ingest knows nothing of what came before: an ingest start per symbol again,
    // and no reconnect (it never lost a connection) nor an open gap (nothing was cut).
    assertThat(reference.gaps())
        .containsExactlyInAnyOrder(
            new ReferenceGap("A", "ingest-start", null, T0 + 500),
            new ReferenceGap("B", "ingest-start", null, T0 + 900),
            new ReferenceGap("A", "ingest-start", null, T0 + 3_700),
            new ReferenceGap("B", "ingest-start", null, T0 + 4_000));
    assertThat(arrivals.summary())
        .isEqualTo("5 session frames arrived; connection 1: 2 frame(s) written but never read");
  }

  @Test
  void a_last_ingest_whose_count_is_unknown_should_be_taken_to_have_read_everything() {
    Arrivals arrivals =
        Arrivals.of(
            SENT, Map.of(1, 6L, 2, 3L), Set.of(), List.of(launch(1, 1, 4), launch(2, 2, -1)));

    assertThat(arrivals.deliveries().sent())
        .extracting(ReferenceCalculator.Delivery::sessionIndex)
        .containsExactly(0L, 1L, 2L, 5L, 6L);
    assertThat(arrivals.deliveries().sent())
        .extracting(ReferenceCalculator.Delivery::ingestRun)
        .containsExactly(1, 1, 1, 2, 2);
  }

  @Test
  void an_ingest_count_should_be_spent_on_its_connections_in_the_order_they_opened() {
    // Ingest 1 read connection 1 to its end (a drop cut it: 3 frames), then 2 of connection 2's 4
    // before it was killed; ingest 2 opened connection 3.
    List<SentFrames.Sent> sent =
        List.of(
            sent(0, 1, 1),
            sent(1, 1, 3),
            sent(2, 2, 1),
            sent(3, 2, 2),
            sent(4, 2, 4),
            sent(5, 3, 1));

    Arrivals arrivals =
        Arrivals.of(
            sent,
            Map.of(1, 3L, 2, 4L, 3, 1L),
            Set.of(1),
            List.of(launch(1, 1, 5), launch(2, 3, 1)));

    assertThat(arrivals.deliveries().sent())
        .extracting(ReferenceCalculator.Delivery::sessionIndex)
        .containsExactly(0L, 1L, 2L, 3L, 5L);
    assertThat(arrivals.deliveries().cutConnections()).containsExactly(1);
    assertThat(arrivals.lostTail()).isEqualTo(Map.of(2, 2L));
  }

  private static IngestLaunch launch(
      int number, int firstConnection, long journaled, IngestLaunch.End end, Long... byConnection) {
    return new IngestLaunch(
        number,
        100 + number,
        firstConnection,
        -1,
        journaled < 0 ? OptionalLong.empty() : OptionalLong.of(journaled),
        end,
        List.of(byConnection));
  }

  /*
   * One ingest, three connections; drops cut connections 1 and 2. Connection 1 got frames 0, 1;
   * connection 2 got frames 2, 3, but its client ended with an error and never handed over frame 3
   * (it was in the socket); frame 4 was due while no connection was open; connection 3 got 5, 6.
   */
  private static final List<SentFrames.Sent> DROPPED =
      List.of(
          sent(0, 1, 1), sent(1, 1, 2), sent(2, 2, 1), sent(3, 2, 2), sent(5, 3, 1), sent(6, 3, 2));

  @Test
  void a_frame_lost_in_a_cut_connection_should_be_told_by_the_ingest_s_count_per_connection() {
    // Its final status: 2, 1 and 2 frames journaled from its connections, 5 in all.
    Arrivals arrivals =
        Arrivals.of(
            DROPPED,
            Map.of(1, 2L, 2, 2L, 3, 2L),
            Set.of(1, 2),
            List.of(launch(1, 1, 5, IngestLaunch.End.STOPPED, 2L, 1L, 2L)));

    assertThat(arrivals.deliveries().sent())
        .extracting(ReferenceCalculator.Delivery::sessionIndex)
        .containsExactly(0L, 1L, 2L, 5L, 6L);
    assertThat(arrivals.lostTail()).isEqualTo(Map.of(2, 1L));
  }

  @Test
  void a_killed_ingest_s_last_connection_should_get_what_its_total_leaves_after_the_others() {
    // Its last status was written just after connection 2 opened (1 frame journaled from it then);
    // the next launch's start says it journaled 4 in all: 2 from connection 2.
    Arrivals arrivals =
        Arrivals.of(
            DROPPED,
            Map.of(1, 2L, 2, 2L, 3, 2L),
            Set.of(1),
            List.of(
                launch(1, 1, 4, IngestLaunch.End.KILLED, 2L, 1L),
                launch(2, 3, 2, IngestLaunch.End.STOPPED, 2L)));

    assertThat(arrivals.deliveries().sent())
        .extracting(ReferenceCalculator.Delivery::sessionIndex)
        .containsExactly(0L, 1L, 2L, 3L, 5L, 6L);
    assertThat(arrivals.lostTail()).isEmpty();
  }

  @Test
  void counts_per_connection_that_do_not_match_the_server_s_connections_should_not_be_used() {
    // The status lists 2 connections where the server saw 3 (one opened after the status was
    // written): the total is spent on the connections in order, as without counts.
    Arrivals arrivals =
        Arrivals.of(
            DROPPED,
            Map.of(1, 2L, 2, 2L, 3, 2L),
            Set.of(1, 2),
            List.of(launch(1, 1, 5, IngestLaunch.End.STOPPED, 2L, 1L)));

    assertThat(arrivals.lostTail()).isEqualTo(Map.of(3, 1L));
  }

  @Test
  void a_count_per_connection_above_what_was_written_there_should_be_a_clear_error() {
    assertThatThrownBy(
            () ->
                Arrivals.of(
                    DROPPED,
                    Map.of(1, 2L, 2, 2L, 3, 2L),
                    Set.of(1, 2),
                    List.of(launch(1, 1, 6, IngestLaunch.End.STOPPED, 3L, 1L, 2L))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "ingest 1 (pid 101) journaled 3 frames from connection 1, but the replay server wrote"
                + " only 2 to it");
  }

  @Test
  void a_journal_holding_more_frames_than_were_written_should_be_a_clear_error() {
    assertThatThrownBy(
            () ->
                Arrivals.of(
                    SENT,
                    Map.of(1, 6L, 2, 3L),
                    Set.of(),
                    List.of(launch(1, 1, 7), launch(2, 2, 3))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "ingest 1 (pid 101) journaled 7 frames, but the replay server wrote only 6 to its"
                + " connections 1..1");
  }
}
