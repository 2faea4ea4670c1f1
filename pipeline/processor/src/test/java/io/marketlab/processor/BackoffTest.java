package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pauses double from the minimum to the maximum, start over after a success, and give up. */
class BackoffTest {

  @Test
  void should_double_each_pause_up_to_the_maximum_and_start_over_after_a_reset() {
    Backoff backoff = new Backoff(100, 1_000, 0);

    assertThat(
            new long[] {
              backoff.nextPauseMs(),
              backoff.nextPauseMs(),
              backoff.nextPauseMs(),
              backoff.nextPauseMs(),
              backoff.nextPauseMs(),
              backoff.nextPauseMs()
            })
        .containsExactly(100, 200, 400, 800, 1_000, 1_000);
    backoff.reset();
    assertThat(backoff.nextPauseMs()).isEqualTo(100);
  }

  @Test
  void should_never_give_up_when_the_give_up_time_is_zero() {
    Backoff backoff = new Backoff(1, 1, 0);
    backoff.nextPauseMs();

    assertThat(backoff.exhausted()).isFalse();
  }

  @Test
  void should_give_up_only_once_failures_have_lasted_longer_than_the_give_up_time() {
    Backoff backoff = new Backoff(1, 1, 50);
    assertThat(backoff.exhausted()).as("nothing failed yet").isFalse();

    backoff.nextPauseMs(); // the first failure starts the clock
    await().atMost(Duration.ofSeconds(10)).until(backoff::exhausted);

    backoff.reset();
    assertThat(backoff.exhausted()).as("a success starts over").isFalse();
  }
}
