package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule's due times, computed by hand for constructed speed profiles. */
class ReplayScheduleTest {

  private static SpeedProfile.Burst burst(long atMillis, long forMillis, double speed) {
    return new SpeedProfile.Burst(Duration.ofMillis(atMillis), Duration.ofMillis(forMillis), speed);
  }

  @Test
  void should_follow_each_segment_of_a_profile_and_meet_at_its_edges() {
    // Base 2x; 10x from 1 s to 1.5 s of wall time; 0.5x from 3 s to 4 s. By hand, per segment:
    //   wall [0, 1 s)     2x    session [0, 2 s)
    //   wall [1 s, 1.5 s) 10x   session [2 s, 7 s)
    //   wall [1.5 s, 3 s) 2x    session [7 s, 10 s)
    //   wall [3 s, 4 s)   0.5x  session [10 s, 10.5 s)
    //   wall [4 s, ...)   2x    session [10.5 s, ...)
    ReplaySchedule schedule =
        ReplaySchedule.of(
            new SpeedProfile(2, List.of(burst(1000, 500, 10), burst(3000, 1000, 0.5))));

    assertThat(schedule.due(0)).isEqualTo(0L);
    assertThat(schedule.due(1_000_000)).isEqualTo(500_000_000L);
    assertThat(schedule.due(1_999_999)).isEqualTo(999_999_500L);
    assertThat(schedule.due(2_000_000)).as("edge into the burst").isEqualTo(1_000_000_000L);
    assertThat(schedule.due(2_000_010)).isEqualTo(1_000_001_000L);
    assertThat(schedule.due(6_999_990)).isEqualTo(1_499_999_000L);
    assertThat(schedule.due(7_000_000)).as("edge out of the burst").isEqualTo(1_500_000_000L);
    assertThat(schedule.due(8_000_000)).isEqualTo(2_000_000_000L);
    assertThat(schedule.due(10_000_000)).isEqualTo(3_000_000_000L);
    assertThat(schedule.due(10_250_000)).isEqualTo(3_500_000_000L);
    assertThat(schedule.due(10_500_000)).isEqualTo(4_000_000_000L);
    assertThat(schedule.due(12_500_000)).isEqualTo(5_000_000_000L);
  }

  @Test
  void should_take_a_burst_from_the_start_and_bursts_that_touch() {
    // 4x over [0, 1 s) = session [0, 4 s); 2x over [1 s, 2 s) = session [4 s, 6 s); then 1x.
    ReplaySchedule schedule =
        ReplaySchedule.of(new SpeedProfile(1, List.of(burst(0, 1000, 4), burst(1000, 1000, 2))));

    assertThat(schedule.due(2_000_000)).isEqualTo(500_000_000L);
    assertThat(schedule.due(4_000_000)).isEqualTo(1_000_000_000L);
    assertThat(schedule.due(5_000_000)).isEqualTo(1_500_000_000L);
    assertThat(schedule.due(6_000_000)).isEqualTo(2_000_000_000L);
    assertThat(schedule.due(7_000_000)).isEqualTo(3_000_000_000L);
  }

  @Test
  void should_give_the_constant_speed_times_without_bursts() {
    ReplaySchedule schedule = ReplaySchedule.of(SpeedProfile.constant(25));
    assertThat(schedule.due(1_000_000)).isEqualTo(40_000_000L);
    assertThat(schedule.due(650_000_000)).isEqualTo(26_000_000_000L);
    assertThat(ReplaySchedule.of(SpeedProfile.constant(Double.POSITIVE_INFINITY)).due(9_999))
        .isZero();
  }

  @Test
  void should_never_move_a_frame_earlier_than_the_one_before_it() {
    // Speeds whose products are not whole numbers of µs: rounding must not cross an edge.
    ReplaySchedule schedule =
        ReplaySchedule.of(
            new SpeedProfile(1.0 / 3, List.of(burst(333, 777, 7.0 / 3), burst(1111, 13, 10.1))));
    long previous = -1;
    for (long offset = 0; offset < 3_000_000; offset += 7) {
      long due = schedule.due(offset);
      assertThat(due).as("offset %d", offset).isGreaterThanOrEqualTo(previous);
      previous = due;
    }
  }

  @Test
  void should_refuse_profiles_that_cannot_be_scheduled() {
    assertThatThrownBy(
            () -> new SpeedProfile(1, List.of(burst(1000, 2000, 10), burst(2000, 1000, 5))))
        .hasMessageContaining("burst 1 starts at PT2S, before burst 0 ends at PT3S");
    assertThatThrownBy(
            () -> new SpeedProfile(Double.POSITIVE_INFINITY, List.of(burst(0, 1000, 10))))
        .hasMessageContaining("bursts need a finite base speed");
    assertThatThrownBy(() -> burst(0, 0, 10)).hasMessageContaining("length must be > 0");
    assertThatThrownBy(() -> burst(0, 10, Double.POSITIVE_INFINITY))
        .hasMessageContaining("not max");
  }
}
