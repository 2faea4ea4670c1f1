package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** One WARN when an outage starts, one INFO when it ends, however many writers fail meanwhile. */
class StoreHealthTest {

  private static final String WHERE = "127.0.0.1:9042 (dc1)";

  @Test
  void should_log_one_warn_per_outage_and_one_info_when_it_ends_with_the_retries_it_cost() {
    StoreHealth health = new StoreHealth();
    try (LogLines log = LogLines.of(StoreHealth.class)) {
      health.unreachable(WHERE, "writing trades", new NoNodeAvailableException(), 4_000);
      health.unreachable(WHERE, "writing candles", new DriverTimeoutException("slow"), 4_000);
      health.unreachable(WHERE, "writing trades", new NoNodeAvailableException(), 4_000);

      StoreHealth.Outage outage = health.outage().orElseThrow();
      assertThat(outage.retries()).isEqualTo(3);
      assertThat(outage.firstError()).isEqualTo(Failures.describe(new NoNodeAvailableException()));
      assertThat(log.at(Level.WARN))
          .containsExactly(
              "Cassandra at "
                  + WHERE
                  + " is unreachable (writing trades failed: "
                  + Failures.describe(new NoNodeAvailableException())
                  + "); writes wait and retry with backoff up to 4000 ms, the stream waits, "
                  + "Kafka keeps the data");

      health.reachable();
      health.reachable(); // no outage any more: nothing to say

      assertThat(health.outage()).isEmpty();
      assertThat(log.at(Level.INFO)).hasSize(1);
      assertThat(log.at(Level.INFO).get(0))
          .startsWith("Cassandra reachable again after ")
          .endsWith(" s (3 retries); writing resumes");
      assertThat(log.lines()).hasSize(2);
    }
  }

  @Test
  void should_start_a_new_outage_with_a_new_warn_and_its_own_retry_count() {
    StoreHealth health = new StoreHealth();
    try (LogLines log = LogLines.of(StoreHealth.class)) {
      health.unreachable(WHERE, "writing trades", new NoNodeAvailableException(), 10);
      health.reachable();
      health.unreachable(WHERE, "writing candles", new DriverTimeoutException("slow"), 10);
      health.unreachable(WHERE, "writing candles", new DriverTimeoutException("slow"), 10);

      assertThat(log.at(Level.WARN)).hasSize(2);
      assertThat(log.at(Level.WARN).get(1)).contains("writing candles failed: DriverTimeout");
      StoreHealth.Outage second = health.outage().orElseThrow();
      assertThat(second.retries()).isEqualTo(2);
      assertThat(second.firstError())
          .isEqualTo(Failures.describe(new DriverTimeoutException("slow")));
      health.reachable();
      assertThat(log.at(Level.INFO)).hasSize(2);
      assertThat(log.at(Level.INFO).get(0)).contains("(1 retries)");
      assertThat(log.at(Level.INFO).get(1)).contains("(2 retries)");
    }
  }

  @Test
  void should_warn_once_when_many_writer_threads_fail_at_the_same_time() throws Exception {
    StoreHealth health = new StoreHealth();
    int writers = 16;
    int failuresEach = 50;
    CountDownLatch go = new CountDownLatch(1);
    try (LogLines log = LogLines.of(StoreHealth.class)) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  for (int k = 0; k < failuresEach; k++) {
                    health.unreachable(WHERE, "writing trades", new NoNodeAvailableException(), 10);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }

      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(health.outage().orElseThrow().retries()).isEqualTo((long) writers * failuresEach);
    }
  }
}
