package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  @Test
  void should_allow_max_restarts_within_the_window_and_refuse_the_next() {
    RestartPolicy policy = new RestartPolicy(5, Duration.ofMinutes(10));

    for (int i = 0; i < 5; i++) {
      assertThat(policy.tryRestart(i * MINUTE)).as("restart %d", i + 1).isTrue();
    }
    assertThat(policy.tryRestart(9 * MINUTE)).as("a sixth within 10 min").isFalse();
    assertThat(policy.recent(9 * MINUTE)).isEqualTo(5);
  }

  @Test
  void restarts_older_than_the_window_should_no_longer_count() {
    RestartPolicy policy = new RestartPolicy(2, Duration.ofMinutes(10));

    assertThat(policy.tryRestart(0)).isTrue();
    assertThat(policy.tryRestart(3 * MINUTE)).isTrue();
    assertThat(policy.tryRestart(9 * MINUTE)).isFalse();
    // 10 min after the first, that one leaves the window: one more is allowed
    assertThat(policy.tryRestart(10 * MINUTE)).isTrue();
    assertThat(policy.tryRestart(11 * MINUTE)).isFalse();
    assertThat(policy.recent(11 * MINUTE)).isEqualTo(2);
  }

  @Test
  void a_refused_restart_should_not_count() {
    RestartPolicy policy = new RestartPolicy(1, Duration.ofMinutes(10));

    assertThat(policy.tryRestart(0)).isTrue();
    for (int i = 1; i < 10; i++) {
      assertThat(policy.tryRestart(i * MINUTE / 2)).isFalse();
    }
    assertThat(policy.tryRestart(10 * MINUTE)).isTrue();
  }

  @Test
  void zero_restarts_should_refuse_every_one() {
    assertThat(new RestartPolicy(0, Duration.ofMinutes(10)).tryRestart(0)).isFalse();
  }

  @Test
  void should_refuse_bad_bounds() {
    assertThatThrownBy(() -> new RestartPolicy(-1, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestartPolicy(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_standard_backoff_should_double_up_to_30_s() {
    assertThat(Supervisor.standardBackoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Supervisor.standardBackoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Supervisor.standardBackoff(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(Supervisor.standardBackoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Supervisor.standardBackoff(40)).isEqualTo(Duration.ofSeconds(30));
  }
}
