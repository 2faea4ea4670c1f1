package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import io.marketlab.fixtures.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadRetryTest {

  private final List<String> lines = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private final ReadRetry retry =
      new ReadRetry(4, Duration.ofSeconds(1), Duration.ofSeconds(3), lines::add, pauses::add);

  @Test
  void a_read_that_times_out_twice_should_be_asked_again_and_each_retry_logged() {
    AtomicInteger calls = new AtomicInteger();

    String value =
        retry.call(
            "candles page 3",
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw new DriverTimeoutException("Query timed out after PT30S");
              }
              return "rows";
            });

    assertThat(value).isEqualTo("rows");
    assertThat(calls).hasValue(3);
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(lines)
        .containsExactly(
            "reading candles page 3 failed (DriverTimeoutException: Query timed out after PT30S);"
                + " retry 1 of 3 in 1000 ms",
            "reading candles page 3 failed (DriverTimeoutException: Query timed out after PT30S);"
                + " retry 2 of 3 in 2000 ms");
  }

  @Test
  void a_read_that_keeps_timing_out_should_fail_after_the_bounded_attempts() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.call(
                    "trades page 1",
                    () -> {
                      calls.incrementAndGet();
                      throw new DriverTimeoutException("Query timed out");
                    }))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "reading trades page 1 failed 4 times; last: DriverTimeoutException: Query timed out")
        .hasCauseInstanceOf(DriverTimeoutException.class);
    assertThat(calls).hasValue(4);
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void a_bad_query_should_fail_at_once() {
    AtomicInteger calls = new AtomicInteger();
    SyntaxError bad = new SyntaxError(null, "line 1:7 no viable alternative");

    assertThatThrownBy(
            () ->
                retry.call(
                    "trades page 1",
                    () -> {
                      calls.incrementAndGet();
                      throw bad;
                    }))
        .isSameAs(bad);
    assertThat(calls).hasValue(1);
    assertThat(lines).isEmpty();
  }
}
