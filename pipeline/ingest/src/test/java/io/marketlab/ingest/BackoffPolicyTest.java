package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  private final BackoffPolicy policy = BackoffPolicy.defaults();

  @Test
  void should_double_the_ceiling_from_250_ms_and_cap_it_at_30_s() {
    assertThat(policy.ceiling(0)).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.ceiling(6)).isEqualTo(Duration.ofMillis(16_000));
    assertThat(policy.ceiling(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.ceiling(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void should_jitter_each_delay_between_half_and_all_of_its_ceiling() {
    Random random = new Random(42);
    Set<Long> distinct = new HashSet<>();
    for (int attempt = 0; attempt < 40; attempt++) {
      long ceiling = policy.ceiling(attempt).toNanos();
      long delay = policy.delay(attempt, random).toNanos();
      assertThat(delay).isBetween(ceiling / 2, ceiling);
      assertThat(delay).isLessThanOrEqualTo(Duration.ofSeconds(30).toNanos());
      if (attempt >= 10) {
        distinct.add(delay);
      }
    }
    // Capped attempts share one ceiling; jitter must still spread them.
    assertThat(distinct).hasSizeGreaterThan(20);
  }

  @Test
  void should_never_wait_less_than_the_previous_ceiling_while_below_the_cap() {
    Random random = new Random(7);
    for (int attempt = 1; attempt <= 6; attempt++) {
      long delay = policy.delay(attempt, random).toNanos();
      // With doubling, the fixed half of attempt n equals the whole ceiling of attempt n-1.
      assertThat(delay).isGreaterThanOrEqualTo(policy.ceiling(attempt - 1).toNanos());
    }
  }

  @Test
  void should_give_the_same_delays_for_the_same_seed() {
    Random a = new Random(123);
    Random b = new Random(123);
    for (int attempt = 0; attempt < 10; attempt++) {
      assertThat(policy.delay(attempt, a)).isEqualTo(policy.delay(attempt, b));
    }
  }

  @Test
  void should_refuse_a_cap_below_the_initial_delay() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max");
  }
}
