package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * A processor started while Kafka is away waits for it instead of exiting: before, each start
 * during the kill-kafka-3min outage failed within 40 s ("Timed out waiting for a node assignment")
 * and supervision used up to 5 restarts on nothing.
 */
class KafkaWaitTest {

  private static final String WHERE = "127.0.0.1:9092";

  @Test
  void should_retry_with_backoff_until_kafka_answers_and_say_so_once_each_way() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    List<Long> pauses = new ArrayList<>();
    KafkaWait.Probe probe =
        () -> {
          if (attempts.incrementAndGet() <= 4) {
            throw new TimeoutException("Timed out waiting for a node assignment. Call: listNodes");
          }
          return "1 broker(s)";
        };

    try (LogLines log = LogLines.of(KafkaWait.class)) {
      int failed = KafkaWait.await(WHERE, probe, new Backoff(100, 400, 0), pauses::add);

      assertThat(failed).isEqualTo(4);
      assertThat(attempts).hasValue(5);
      assertThat(pauses).containsExactly(100L, 200L, 400L, 400L);
      assertThat(log.at(Level.WARN))
          .containsExactly(
              "Kafka at "
                  + WHERE
                  + " is unreachable (TimeoutException: Timed out waiting for a node assignment."
                  + " Call: listNodes); the processor waits for it, retrying with backoff up to"
                  + " 400 ms");
      assertThat(log.at(Level.INFO)).hasSize(1);
      assertThat(log.at(Level.INFO).get(0))
          .startsWith("Kafka at " + WHERE + " reachable (1 broker(s)) after ")
          .endsWith(" s (4 failed attempts); starting the queries");
    }
  }

  @Test
  void should_say_nothing_when_kafka_answers_at_once() throws Exception {
    List<Long> pauses = new ArrayList<>();
    try (LogLines log = LogLines.of(KafkaWait.class)) {
      int failed =
          KafkaWait.await(WHERE, () -> "1 broker(s)", new Backoff(100, 400, 0), pauses::add);

      assertThat(failed).isZero();
      assertThat(pauses).isEmpty();
      assertThat(log.lines()).isEmpty();
    }
  }

  @Test
  void should_give_up_with_the_last_error_when_the_backoff_is_exhausted() {
    KafkaWait.Probe never =
        () -> {
          throw new TimeoutException("no node");
        };
    Backoff quick = new Backoff(1, 1, 1);

    assertThatThrownBy(
            () ->
                KafkaWait.await(
                    WHERE,
                    never,
                    quick,
                    pause -> {
                      Thread.sleep(5);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Kafka at " + WHERE + " unreachable for ")
        .hasMessageEndingWith("TimeoutException: no node");
  }

  @Test
  void the_real_probe_should_fail_against_a_port_where_no_kafka_listens() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      KafkaWait.Probe probe = KafkaWait.adminProbe("127.0.0.1:" + silent.getLocalPort(), 1_000);

      assertThatThrownBy(probe::check).isInstanceOf(Exception.class);
    }
  }
}
