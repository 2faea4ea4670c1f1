package io.marketlab.processor;

import static io.marketlab.processor.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor-side write path against a scripted Cassandra (no server): batching per partition,
 * the in-flight bound, retries through an outage, dead letters for what it refuses.
 */
class WriteQueueTest {

  private static final long T0 = 1_723_161_240_000L;

  /** 3 rows a batch, 4 in flight, backoff 1 ms to 4 ms, never give up. */
  private static final StoreSettings SETTINGS =
      new StoreSettings(List.of("127.0.0.1:9042"), "dc1", "ks", "ONE", 0, 4, 3, 1, 4, 0);

  private final ScheduledExecutorService replies = Executors.newScheduledThreadPool(2);
  private final StoreHealth health = new StoreHealth();

  @AfterEach
  void stop() {
    replies.shutdownNow();
  }

  /** A Cassandra that answers after a millisecond, or fails as the script says. */
  private final class ScriptedCassandra implements WriteQueue.Requests {
    final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    final Set<String> stored = ConcurrentHashMap.newKeySet();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Function<List<String>, Throwable> failure;
    final long replyMs;

    ScriptedCassandra(Function<List<String>, Throwable> failure) {
      this(failure, 1);
    }

    ScriptedCassandra(Function<List<String>, Throwable> failure, long replyMs) {
      this.failure = failure;
      this.replyMs = replyMs;
    }

    @Override
    public CompletionStage<?> execute(Statement<?> statement) {
      List<String> rows = new ArrayList<>();
      if (statement instanceof BatchStatement batch) {
        for (BatchableStatement<?> row : batch) {
          rows.add(((SimpleStatement) row).getQuery());
        }
        assertThat(batch.isIdempotent()).isTrue();
      } else {
        rows.add(((SimpleStatement) statement).getQuery());
      }
      requests.add(rows);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<Object> reply = new CompletableFuture<>();
      Throwable error = failure.apply(rows);
      replies.schedule(
          () -> {
            inFlight.decrementAndGet();
            if (error == null) {
              stored.addAll(rows);
              reply.complete(null);
            } else {
              reply.completeExceptionally(error);
            }
          },
          replyMs,
          TimeUnit.MILLISECONDS);
      return reply;
    }
  }

  private WriteQueue queue(ScriptedCassandra cassandra, StoreSettings settings, int permits) {
    return new WriteQueue(
        cassandra,
        new Semaphore(permits),
        settings,
        letter ->
            SimpleStatement.newInstance("dead " + letter.kafkaOffset() + ": " + letter.reason()),
        health);
  }

  private WriteQueue eagerQueue(ScriptedCassandra cassandra, int permits) {
    return new WriteQueue(
        cassandra,
        new Semaphore(permits),
        SETTINGS,
        letter -> SimpleStatement.newInstance("dead " + letter.kafkaOffset()),
        health,
        true);
  }

  private static WriteQueue.Item row(String name, long offset) {
    return new WriteQueue.Item(
        SimpleStatement.newInstance(name),
        100,
        "trades",
        trade("S", 10, 1, T0, offset),
        "trades",
        false);
  }

  @Test
  void should_send_the_rows_of_a_partition_in_batches_of_at_most_the_batch_size() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> null);
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    for (int i = 0; i < 7; i++) {
      queue.add("P", row("p" + i, i));
    }
    queue.add("Q", row("q0", 10));
    queue.add("Q", row("q1", 11));

    assertThat(queue.finish()).isZero();

    assertThat(cassandra.requests)
        .containsExactlyInAnyOrder(
            List.of("p0", "p1", "p2"),
            List.of("p3", "p4", "p5"),
            List.of("p6"),
            List.of("q0", "q1"));
    assertThat(cassandra.stored).hasSize(9);
  }

  @Test
  void should_keep_a_batch_under_its_byte_bound() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> null);
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    for (int i = 0; i < 3; i++) {
      queue.add(
          "P",
          new WriteQueue.Item(
              SimpleStatement.newInstance("big" + i),
              WriteQueue.MAX_BATCH_BYTES / 2 + 1,
              "trades",
              trade("S", 1, 1, T0, i),
              "trades",
              false));
    }

    queue.finish();

    assertThat(cassandra.requests)
        .containsExactly(List.of("big0"), List.of("big1"), List.of("big2"));
  }

  @Test
  void an_eager_queue_should_send_a_row_at_once_without_waiting_for_more_or_for_the_end() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> null);
    WriteQueue queue = eagerQueue(cassandra, 4);

    queue.add("P", row("r1", 1));

    await().atMost(Duration.ofSeconds(10)).until(() -> cassandra.stored.contains("r1"));
    assertThat(cassandra.requests).containsExactly(List.of("r1"));
    queue.finish();
  }

  @Test
  void an_eager_queue_should_retry_a_failed_row_on_its_own_when_no_other_row_comes() {
    // The real-time query's task can sit idle for the rest of its checkpoint interval (minutes)
    // after an outage: a row that failed must be sent again when the store is back, not when the
    // interval ends (its rows would be missing all that time, and lost if the query stopped).
    AtomicInteger failuresLeft = new AtomicInteger(5);
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows -> failuresLeft.getAndDecrement() > 0 ? new NoNodeAvailableException() : null);
    WriteQueue queue = eagerQueue(cassandra, 4);

    queue.add("P", row("r1", 1));

    await().atMost(Duration.ofSeconds(10)).until(() -> cassandra.stored.contains("r1"));
    assertThat(cassandra.requests).hasSize(6);
    assertThat(queue.finish()).isZero();
    assertThat(health.outage()).isEmpty();
  }

  @Test
  void an_eager_queue_should_store_every_row_that_came_during_an_outage_without_a_finish()
      throws Exception {
    // The real-time query's situation: rows keep coming while Cassandra is away, then it is back;
    // the interval does not end, so nothing calls finish: every row must still be stored.
    AtomicInteger failuresLeft = new AtomicInteger(40);
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows -> failuresLeft.getAndDecrement() > 0 ? new NoNodeAvailableException() : null, 2);
    WriteQueue queue = eagerQueue(cassandra, 8);
    int rows = 300;
    Thread task =
        new Thread(
            () -> {
              for (int i = 0; i < rows; i++) {
                queue.add(i % 3 == 0 ? "P" : "Q", row("r" + i, i));
                if (i % 10 == 0) {
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            });
    task.start();
    task.join(30_000);

    await().atMost(Duration.ofSeconds(20)).until(() -> cassandra.stored.size() == rows);
    assertThat(queue.finish()).isZero();
  }

  @Test
  void an_eager_queue_should_batch_the_rows_that_come_while_their_partition_is_busy() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> null, 20);
    WriteQueue queue = eagerQueue(cassandra, 64);
    int rows = 60;

    for (int i = 0; i < rows; i++) {
      queue.add("P", row("r" + i, i));
    }
    queue.finish();

    assertThat(cassandra.stored).hasSize(rows);
    // the first EAGER_IN_FLIGHT_PER_PARTITION rows go alone; the rest wait and go in batches of
    // at most batch-statements (3 here)
    assertThat(cassandra.requests.subList(0, WriteQueue.EAGER_IN_FLIGHT_PER_PARTITION))
        .allSatisfy(request -> assertThat(request).hasSize(1));
    assertThat(cassandra.requests).allSatisfy(request -> assertThat(request).hasSizeLessThan(4));
    assertThat(cassandra.requests.size()).isLessThan(rows);
  }

  @Test
  void an_eager_queue_should_fail_the_task_with_what_failed_its_own_thread() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> new SyntaxError(null, "bad"));
    WriteQueue queue = eagerQueue(cassandra, 4);
    queue.add("P", row("r1", 1));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> queue.add("P", row("r2", 2))).hasMessageContaining("bad"));
  }

  @Test
  void should_never_have_more_requests_in_flight_than_its_permits() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> null);
    WriteQueue queue = queue(cassandra, SETTINGS, 2);
    for (int i = 0; i < 40; i++) {
      queue.add("P" + i, row("r" + i, i));
    }

    queue.finish();

    assertThat(cassandra.stored).hasSize(40);
    assertThat(cassandra.maxInFlight.get()).isEqualTo(2);
  }

  @Test
  void should_wait_through_an_outage_and_write_everything_once_it_ends() {
    AtomicInteger failuresLeft = new AtomicInteger(12);
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows ->
                failuresLeft.getAndDecrement() > 0
                    ? (failuresLeft.get() % 2 == 0
                        ? new NoNodeAvailableException()
                        : new WriteTimeoutException(
                            null, DefaultConsistencyLevel.ONE, 0, 1, WriteType.BATCH))
                    : null);
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    for (int i = 0; i < 20; i++) {
      queue.add("P" + (i % 4), row("r" + i, i));
    }

    assertThat(queue.finish()).isZero();

    assertThat(cassandra.stored).hasSize(20);
    assertThat(failuresLeft.get()).isNegative();
    assertThat(health.outage()).isEmpty(); // it ended with the first success
  }

  @Test
  void should_report_an_outage_while_it_lasts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows -> calls.incrementAndGet() <= 30 ? new DriverTimeoutException("timeout") : null);
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    queue.add("P", row("r", 1));
    CompletableFuture<Long> finished = CompletableFuture.supplyAsync(queue::finish);
    while (calls.get() < 5) {
      Thread.sleep(1);
    }

    assertThat(health.outage())
        .hasValueSatisfying(
            o -> {
              assertThat(o.firstError()).contains("DriverTimeoutException");
              assertThat(o.retries()).isPositive();
            });
    assertThat(finished.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(health.outage()).isEmpty();
  }

  @Test
  void should_give_up_after_the_give_up_time_if_one_is_set() {
    StoreSettings impatient =
        new StoreSettings(List.of("127.0.0.1:9042"), "dc1", "ks", "ONE", 0, 4, 3, 1, 4, 30);
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> new NoNodeAvailableException());
    WriteQueue queue = queue(cassandra, impatient, 4);
    queue.add("P", row("r", 1));

    assertThatThrownBy(queue::finish)
        .hasMessageContaining("retry-give-up")
        .hasMessageContaining("127.0.0.1:9042");
  }

  @Test
  void should_split_a_refused_batch_and_dead_letter_only_the_row_to_blame() {
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows ->
                rows.contains("poison")
                    ? new InvalidQueryException(
                        null, "Key length of 70000 is longer than maximum of 65535")
                    : null);
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    queue.add("P", row("a", 1));
    queue.add("P", row("poison", 2));
    queue.add("P", row("c", 3));

    assertThat(queue.finish()).isEqualTo(1);

    assertThat(cassandra.stored).contains("a", "c").doesNotContain("poison");
    assertThat(cassandra.stored)
        .anySatisfy(
            row ->
                assertThat(row)
                    .startsWith(
                        "dead 2: Cassandra refused the trades row: InvalidQueryException: Key length"));
  }

  @Test
  void should_retry_a_passing_server_error_and_dead_letter_one_that_persists() {
    AtomicInteger once = new AtomicInteger(1);
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows -> {
              if (rows.contains("always")) {
                return new ServerError(null, "java.lang.AssertionError");
              }
              return rows.contains("once") && once.getAndDecrement() > 0
                  ? new ServerError(null, "overloaded somehow")
                  : null;
            });
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    queue.add("P", row("once", 1));
    queue.add("Q", row("always", 2));

    assertThat(queue.finish()).isEqualTo(1);

    assertThat(cassandra.stored).contains("once").doesNotContain("always");
    assertThat(cassandra.stored).anyMatch(row -> row.startsWith("dead 2: "));
    assertThat(cassandra.requests.stream().filter(r -> r.contains("always")))
        .hasSize(Failures.SUSPECT_ATTEMPTS);
  }

  @Test
  void should_fail_the_task_when_even_the_dead_letter_is_refused() {
    ScriptedCassandra cassandra =
        new ScriptedCassandra(
            rows -> new InvalidQueryException(null, "Keyspace ks does not exist"));
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    queue.add("P", row("a", 1));

    assertThatThrownBy(queue::finish).hasMessageContaining("is the keyspace ks intact");
  }

  @Test
  void should_fail_the_task_on_a_statement_error_rather_than_dead_letter_every_row() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> new SyntaxError(null, "line 1"));
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    queue.add("P", row("a", 1));

    assertThatThrownBy(queue::finish).hasMessageContaining("SyntaxError");
  }

  @Test
  void should_dead_letter_a_row_that_could_not_be_bound() {
    ScriptedCassandra cassandra = new ScriptedCassandra(rows -> null);
    WriteQueue queue = queue(cassandra, SETTINGS, 4);
    queue.refuseUnbound(
        new WriteQueue.Item(null, 100, "trades", trade("S", 1, 1, T0, 5), "trades", false),
        new IllegalArgumentException("Invalid value for day"));

    assertThat(queue.finish()).isEqualTo(1);

    assertThat(cassandra.stored)
        .singleElement()
        .asString()
        .startsWith("dead 5: Cassandra refused the trades row: IllegalArgumentException");
  }

  @Test
  void should_classify_failures() {
    assertThat(
            Failures.of(
                new java.util.concurrent.CompletionException(new NoNodeAvailableException())))
        .isEqualTo(Failures.RETRY);
    assertThat(
            Failures.of(
                new IllegalStateException(
                    "cannot apply schema statement", new DriverTimeoutException("t"))))
        .isEqualTo(Failures.RETRY);
    assertThat(Failures.of(new InvalidQueryException(null, "Batch too large")))
        .isEqualTo(Failures.REFUSED);
    assertThat(Failures.of(new ServerError(null, "x"))).isEqualTo(Failures.SUSPECT);
    assertThat(Failures.of(new SyntaxError(null, "x"))).isEqualTo(Failures.FATAL);
    assertThat(Failures.of(new IllegalStateException("Session is closed")))
        .isEqualTo(Failures.FATAL);
  }
}
