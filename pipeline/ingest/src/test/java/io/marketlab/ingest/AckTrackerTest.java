package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.ingest.journal.JournalPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("trades", 0);
  private static final TopicPartition P1 = new TopicPartition("trades", 1);

  private final List<Long> completed = new ArrayList<>();

  @Test
  void should_acknowledge_frames_in_order_even_when_their_records_are_acked_out_of_order() {
    AckTracker tracker =
        new AckTracker(JournalPosition.NONE, -1, frame -> completed.add(frame.seq));
    tracker.resume(Map.of(P0, 0L, P1, 0L), Map.of(P0, 0L, P1, 0L), -1);
    AckTracker.Pending zero = tracker.begin(0, 2, 0, 2, null);
    AckTracker.Pending one = tracker.begin(1, 1, 0, 1, null);

    tracker.acked(one, P1, 0);
    tracker.acked(zero, P0, 0);
    assertThat(tracker.ackedSeq()).isEqualTo(-1); // frame 0 still waits for its second record
    tracker.acked(zero, P1, 1);

    assertThat(completed).containsExactly(0L, 1L);
    assertThat(tracker.position()).isEqualTo(new JournalPosition(1, Map.of(P0, 1L, P1, 2L)));
  }

  @Test
  void should_not_move_the_scan_offset_past_a_record_of_a_frame_beyond_the_position() {
    AckTracker tracker =
        new AckTracker(JournalPosition.NONE, -1, frame -> completed.add(frame.seq));
    tracker.resume(Map.of(P0, 0L), Map.of(P0, 0L), -1);
    AckTracker.Pending zero = tracker.begin(0, 1, 0, 1, null);
    AckTracker.Pending one = tracker.begin(1, 2, 0, 2, null);
    tracker.acked(zero, P0, 0);
    tracker.acked(one, P0, 1); // frame 1 is half acknowledged: its record at offset 1 is in Kafka

    // frame 1's record at offset 1 must be read back after a crash: the scan starts at 1
    assertThat(tracker.position()).isEqualTo(new JournalPosition(0, Map.of(P0, 1L)));
  }

  @Test
  void should_freeze_the_scan_offsets_after_a_resume_until_the_older_frames_are_all_acknowledged() {
    // An earlier generation sent frames up to 5; Kafka held records up to offset 9 on P0.
    AckTracker tracker =
        new AckTracker(
            new JournalPosition(2, Map.of(P0, 4L)), 5, frame -> completed.add(frame.seq));
    tracker.resume(Map.of(P0, 4L), Map.of(P0, 10L), 5);
    AckTracker.Pending three = tracker.begin(3, 1, 0, 1, null);
    tracker.acked(three, P0, 10); // frame 3 resent behind what the old generation wrote

    assertThat(tracker.position()).isEqualTo(new JournalPosition(3, Map.of(P0, 4L)));

    tracker.begin(4, 0, 0, 0, null); // all of frame 4 was found in Kafka: nothing to send
    AckTracker.Pending five = tracker.begin(5, 1, 0, 1, null);
    tracker.acked(five, P0, 11);

    // caught up: every record before the read-back's end and the resends belongs to frame <= 5
    assertThat(tracker.position()).isEqualTo(new JournalPosition(5, Map.of(P0, 12L)));
  }

  @Test
  void should_stop_at_a_failed_frame_and_ignore_late_callbacks_of_an_abandoned_generation() {
    AckTracker tracker =
        new AckTracker(JournalPosition.NONE, -1, frame -> completed.add(frame.seq));
    tracker.resume(Map.of(), Map.of(), -1);
    AckTracker.Pending zero = tracker.begin(0, 1, 0, 1, null);
    AckTracker.Pending one = tracker.begin(1, 1, 0, 1, null);
    tracker.failed(zero, "timeout");
    tracker.acked(one, P0, 0);

    assertThat(tracker.failure()).isEqualTo("timeout");
    assertThat(tracker.ackedSeq()).isEqualTo(-1);

    tracker.resume(Map.of(P0, 0L), Map.of(P0, 1L), 1);
    tracker.acked(one, P0, 0); // the old generation's late callback
    assertThat(tracker.ackedSeq()).isEqualTo(-1);
    assertThat(tracker.failure()).isNull();
    assertThat(completed).isEmpty();
  }
}
