package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitsTest {

  private final List<String> lines = new ArrayList<>();
  private final Waits waits = new Waits("run", lines::add);

  @Test
  void processed_should_count_only_records_before_the_end_offsets() {
    Map<Integer, Long> ends = Map.of(0, 100L, 1, 50L);

    assertThat(Waits.processed(Map.of(), ends)).isZero();
    assertThat(Waits.processed(Map.of(0, 40L), ends)).isEqualTo(40);
    assertThat(Waits.processed(Map.of(0, 100L, 1, 70L, 2, 5L), ends)).isEqualTo(150);
  }

  @Test
  void should_return_once_the_committed_offsets_reach_the_end_offsets() {
    Iterator<Map<Integer, Long>> commits =
        List.<Map<Integer, Long>>of(Map.of(), Map.of(0, 60L), Map.of(0, 100L, 1, 50L)).iterator();

    boolean done =
        waits.awaitProcessed(commits::next, Map.of(0, 100L, 1, 50L), Duration.ofSeconds(30));

    assertThat(done).isTrue();
    assertThat(commits.hasNext()).isFalse();
  }

  @Test
  void a_processor_that_commits_nothing_new_should_stop_the_wait_after_the_stall_timeout() {
    boolean done =
        waits.awaitProcessed(() -> Map.of(0, 7L), Map.of(0, 10L), Duration.ofMillis(600));

    assertThat(done).isFalse();
    assertThat(lines)
        .contains(
            "the processor committed 7 of 10 records and nothing new for 0 s; checking what is"
                + " stored");
  }

  @Test
  void an_ingest_that_receives_nothing_more_should_end_the_wait_after_the_quiet_period() {
    long started = System.nanoTime();

    waits.awaitReceived(() -> 7, 10, Duration.ofMillis(300));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(lines).contains("the ingest received 7 of 10 trades and nothing more for 0.3 s");
  }

  @Test
  void rows_that_stop_growing_should_end_their_wait_after_the_quiet_period() {
    Iterator<Integer> counts = List.of(3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5).iterator();
    long started = System.nanoTime();

    int last =
        waits.awaitCount(
            counts::next, 9, Duration.ofMillis(300), Duration.ofMillis(50), "trade rows");

    assertThat(last).isEqualTo(5);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void rows_that_reach_the_count_should_end_their_wait_at_once() {
    Iterator<Integer> counts = List.of(3, 9).iterator();

    int last =
        waits.awaitCount(
            counts::next, 9, Duration.ofSeconds(60), Duration.ofMillis(10), "trade rows");

    assertThat(last).isEqualTo(9);
    assertThat(counts.hasNext()).isFalse();
  }
}
