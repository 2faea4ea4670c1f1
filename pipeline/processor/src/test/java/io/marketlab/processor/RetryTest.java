package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry.call: the processor's schema and setup steps waiting for Cassandra. */
class RetryTest {

  /** Backoff 1 ms to 4 ms, never give up. */
  private static final StoreSettings PATIENT =
      new StoreSettings(List.of("127.0.0.1:9042"), "dc1", "ks", "ONE", 0, 4, 3, 1, 4, 0);

  /** Backoff 1 ms to 4 ms, give up after 30 ms. */
  private static final StoreSettings IMPATIENT =
      new StoreSettings(List.of("127.0.0.1:9042"), "dc1", "ks", "ONE", 0, 4, 3, 1, 4, 30);

  @AfterEach
  void endOutage() {
    StoreHealth.JVM.reachable();
  }

  @Test
  void should_retry_while_cassandra_is_unreachable_and_return_the_first_result() {
    AtomicInteger attempts = new AtomicInteger();
    try (LogLines log = LogLines.of(StoreHealth.class)) {
      String result =
          Retry.call(
              PATIENT,
              "creating the schema",
              () -> {
                if (attempts.incrementAndGet() <= 3) {
                  throw new NoNodeAvailableException();
                }
                return "created";
              });

      assertThat(result).isEqualTo("created");
      assertThat(attempts).hasValue(4);
      assertThat(StoreHealth.JVM.outage()).as("the success ended the outage").isEmpty();
      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(log.at(Level.WARN).get(0)).contains("(creating the schema failed: ");
      assertThat(log.at(Level.INFO)).hasSize(1);
      assertThat(log.at(Level.INFO).get(0)).contains("(3 retries)");
    }
  }

  @Test
  void should_throw_a_refusal_at_once_without_retrying() {
    AtomicInteger attempts = new AtomicInteger();
    InvalidQueryException refused = new InvalidQueryException(null, "no such table");

    assertThatThrownBy(
            () ->
                Retry.run(
                    PATIENT,
                    "creating the schema",
                    () -> {
                      attempts.incrementAndGet();
                      throw refused;
                    }))
        .isSameAs(refused);
    assertThat(attempts).hasValue(1);
    assertThat(StoreHealth.JVM.outage()).isEmpty();
  }

  @Test
  void should_give_up_after_the_give_up_time_with_what_it_was_doing_and_why() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Retry.run(
                    IMPATIENT,
                    "creating the schema",
                    () -> {
                      attempts.incrementAndGet();
                      throw new NoNodeAvailableException();
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "creating the schema: Cassandra at "
                + IMPATIENT.where()
                + " unreachable for longer than 30 ms (retry-give-up): "
                + Failures.describe(new NoNodeAvailableException()))
        .hasCauseInstanceOf(NoNodeAvailableException.class);
    assertThat(attempts.get()).isGreaterThan(1);
  }
}
