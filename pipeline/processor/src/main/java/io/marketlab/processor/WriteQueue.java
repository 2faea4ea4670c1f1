package io.marketlab.processor;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.layout.Tables.Trades;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows one task writes, on their way to Cassandra: rows of one partition grouped into UNLOGGED
 * batches (one mutation on the replica, no batch log) of at most {@code batch-statements} rows and
 * about {@value #MAX_BATCH_BYTES} bytes, sent asynchronously with at most {@code max-in-flight}
 * requests in flight (one semaphore per session, shared by the JVM's tasks).
 *
 * <p>When requests fail, the queue stops sending, waits for what is in flight, and then:
 *
 * <ul>
 *   <li>unreachable, timed out, unavailable, overloaded ({@link Failures#RETRY}): pauses with
 *       exponential backoff and sends the same requests again, for as long as it takes (or until
 *       {@code retry-give-up}); the task, the batch and so the query just wait;
 *   <li>refused ({@link Failures#REFUSED}: InvalidQueryException and the like, or a server error
 *       that persists): a batch is split and its rows sent one by one; a row refused on its own is
 *       written to {@code dead_letters} with the reason instead, so one bad row never fails, or
 *       stalls, its batch;
 *   <li>anything else fails the task (Spark then fails the query; a restart replays the batch).
 * </ul>
 *
 * Everything it sends is an idempotent upsert, so sending a request twice is harmless.
 *
 * <p>An <em>eager</em> queue (the real-time query's: its task runs for a whole checkpoint interval,
 * rows come one at a time and each should be stored at once) sends a row as soon as its partition
 * has fewer than {@value #EAGER_IN_FLIGHT_PER_PARTITION} requests in flight; rows that come while
 * it has that many wait and go together, when it has room again or as a full batch, so a burst is
 * batched by itself and a trickle is sent row by row. A thread of its own ({@link #TICK_MS} ms)
 * sends what waits and retries what failed even when no further row comes, so a row that failed in
 * an outage is sent again when the store is back, not when the interval ends.
 */
final class WriteQueue {

  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

  /** Well under Cassandra's batch_size_fail_threshold (50 KiB). */
  static final int MAX_BATCH_BYTES = 40 * 1024;

  /** An eager queue's requests in flight per partition before rows wait to be batched. */
  static final int EAGER_IN_FLIGHT_PER_PARTITION = 4;

  /** How often an eager queue's own thread sends waiting rows and retries failed ones. */
  static final long TICK_MS = 2;

  /** Sends one request (the session's executeAsync). */
  interface Requests {
    CompletionStage<?> execute(Statement<?> statement);
  }

  /** The statement that writes a dead letter. */
  interface DeadLetterStatements {
    BatchableStatement<?> of(DeadLetter letter);
  }

  /**
   * A row to write, its estimated size, its table, and the record it came from (for the dead letter
   * standing for it if it is refused).
   *
   * @param statement null for a row that could not even be bound
   * @param topic the Kafka topic the source was read from
   * @param mustLand the dead letter of a refused row: if it is refused too, the store itself is
   *     broken (keyspace gone?), and the task fails rather than lose the row
   */
  record Item(
      BatchableStatement<?> statement,
      int bytes,
      String table,
      Object source,
      String topic,
      boolean mustLand) {}

  /**
   * What one request carries: one row, or an UNLOGGED batch of one partition's rows.
   *
   * @param group the partition's group it was drained from (null for a dead letter or a split row)
   */
  private record Unit(List<Item> items, int attempts, Group group) {

    Unit(List<Item> items, int attempts) {
      this(items, attempts, null);
    }

    Statement<?> statement() {
      if (items.size() == 1) {
        return items.get(0).statement();
      }
      BatchStatementBuilder batch =
          BatchStatement.builder(DefaultBatchType.UNLOGGED).setIdempotence(true);
      for (Item item : items) {
        batch.addStatement(item.statement());
      }
      return batch.build();
    }

    Unit again() {
      return new Unit(items, attempts + 1, group);
    }

    String table() {
      return items.get(0).table();
    }
  }

  private record Failure(Unit unit, Throwable error) {}

  /** The rows of one partition waiting to be sent together. */
  private static final class Group {
    List<Item> items = new ArrayList<>();
    int bytes;

    /** Requests of this partition in flight (an eager queue's limit). */
    final AtomicInteger inFlight = new AtomicInteger();

    Unit drain() {
      Unit unit = new Unit(items, 0, this);
      items = new ArrayList<>();
      bytes = 0;
      return unit;
    }
  }

  private final Requests requests;
  private final Semaphore permits;
  private final StoreSettings settings;
  private final DeadLetterStatements deadLetters;
  private final StoreHealth health;
  private final Backoff backoff;
  private final Map<String, Group> groups = new HashMap<>();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idle = new Object();
  private final Set<String> deadLettered = new HashSet<>();
  private long refused;
  private final boolean eager;
  private ScheduledExecutorService ticks;

  /** What failed the eager queue's own thread: the task's next call fails with it. */
  private RuntimeException failed;

  WriteQueue(
      Requests requests,
      Semaphore permits,
      StoreSettings settings,
      DeadLetterStatements deadLetters,
      StoreHealth health) {
    this(requests, permits, settings, deadLetters, health, false);
  }

  /**
   * @param eager send rows as they come (see the class comment), with a thread of its own that runs
   *     until {@link #finish} or {@link #abandon}
   */
  WriteQueue(
      Requests requests,
      Semaphore permits,
      StoreSettings settings,
      DeadLetterStatements deadLetters,
      StoreHealth health,
      boolean eager) {
    this.requests = requests;
    this.permits = permits;
    this.settings = settings;
    this.deadLetters = deadLetters;
    this.health = health;
    this.backoff = Backoff.of(settings);
    this.eager = eager;
  }

  /** Queues a row of the partition {@code partition} (any text naming table and key). */
  synchronized void add(String partition, Item item) {
    rethrow();
    Group group = groups.computeIfAbsent(partition, p -> new Group());
    if (!group.items.isEmpty() && group.bytes + item.bytes() > MAX_BATCH_BYTES) {
      submit(group.drain());
    }
    group.items.add(item);
    group.bytes += item.bytes();
    if (group.items.size() >= settings.batchStatements()
        || (eager && group.inFlight.get() < EAGER_IN_FLIGHT_PER_PARTITION)) {
      submit(group.drain());
    }
    if (eager && ticks == null) {
      startTicking();
    }
  }

  /** A row whose values could not be bound: refused before it is sent. */
  synchronized void refuseUnbound(Item item, Throwable error) {
    refuse(item, error);
  }

  private void startTicking() {
    ticks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "marketlab-write-queue");
              thread.setDaemon(true);
              return thread;
            });
    ticks.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * An eager queue's own step: retries what failed (waiting through an outage, which holds the
   * task's next row back too) and sends rows that wait while their partition has room.
   */
  private synchronized void tick() {
    if (ticks == null) {
      return;
    }
    try {
      if (!failures.isEmpty()) {
        handleFailures();
      }
      for (Group group : groups.values()) {
        if (!group.items.isEmpty() && group.inFlight.get() < EAGER_IN_FLIGHT_PER_PARTITION) {
          send(group.drain());
        }
      }
    } catch (RuntimeException e) { // the task's next add or finish fails with it
      failed = e;
      stopTicking();
    }
  }

  private void rethrow() {
    if (failed != null) {
      RuntimeException e = failed;
      failed = null;
      throw e;
    }
  }

  /** Stops an eager queue's thread without waiting for what is queued (the task failed). */
  synchronized void abandon() {
    stopTicking();
  }

  private void stopTicking() {
    if (ticks != null) {
      ticks.shutdownNow();
      ticks = null;
    }
  }

  /**
   * Sends what is still queued and returns once every row is written (or dead-lettered).
   *
   * @return how many Kafka records were dead-lettered because Cassandra refused their rows
   */
  synchronized long finish() {
    rethrow();
    for (Group group : groups.values()) {
      if (!group.items.isEmpty()) {
        submit(group.drain());
      }
    }
    groups.clear();
    try {
      handleFailures();
    } finally {
      stopTicking();
    }
    return refused;
  }

  /** Sends a unit, after dealing with whatever failed so far (so nothing piles up in an outage). */
  private void submit(Unit unit) {
    if (!failures.isEmpty()) {
      handleFailures();
    }
    send(unit);
  }

  private void send(Unit unit) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to Cassandra", e);
    }
    inFlight.incrementAndGet();
    if (unit.group() != null) {
      unit.group().inFlight.incrementAndGet();
    }
    CompletionStage<?> stage;
    try {
      stage = requests.execute(unit.statement());
    } catch (RuntimeException e) {
      completed(unit, e);
      return;
    }
    stage.whenComplete((result, error) -> completed(unit, error));
  }

  private void completed(Unit unit, Throwable error) {
    permits.release();
    if (unit.group() != null) {
      unit.group().inFlight.decrementAndGet();
    }
    if (error == null) {
      health.reachable();
      countStored(unit);
    } else {
      failures.add(new Failure(unit, error));
    }
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** The trade rows of an acknowledged request, in the processor's metrics. */
  private static void countStored(Unit unit) {
    long now = -1;
    for (Item item : unit.items()) {
      if (item.source() instanceof TradeRow trade && Trades.NAME.equals(item.table())) {
        if (now < 0) {
          java.time.Instant instant = java.time.Instant.now();
          now = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
        }
        ProcessorMetrics.stored(trade.receivedAtUs(), now);
      }
    }
  }

  private void awaitIdle() {
    synchronized (idle) {
      while (inFlight.get() > 0) {
        try {
          idle.wait(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while writing to Cassandra", e);
        }
      }
    }
  }

  /**
   * Returns once nothing is in flight and nothing has failed: retries what the store could not take
   * now (after a pause), splits or dead-letters what it refuses.
   */
  private void handleFailures() {
    while (true) {
      awaitIdle();
      if (failures.isEmpty()) {
        backoff.reset();
        return;
      }
      List<Unit> again = new ArrayList<>();
      Failure unreachable = null;
      for (Failure failure = failures.poll(); failure != null; failure = failures.poll()) {
        switch (Failures.of(failure.error())) {
          case RETRY -> {
            again.add(failure.unit().again());
            unreachable = failure;
          }
          case SUSPECT -> {
            if (failure.unit().attempts() + 1 < Failures.SUSPECT_ATTEMPTS) {
              again.add(failure.unit().again());
            } else {
              refuse(failure.unit(), failure.error());
            }
          }
          case REFUSED -> refuse(failure.unit(), failure.error());
          case FATAL ->
              throw new IllegalStateException(
                  "writing to "
                      + failure.unit().table()
                      + " failed: "
                      + Failures.describe(failure.error()),
                  failure.error());
        }
      }
      if (unreachable != null) {
        health.unreachable(
            settings.where(),
            "writing " + unreachable.unit().table(),
            unreachable.error(),
            settings.retryBackoffMaxMs());
        if (backoff.exhausted()) {
          throw new IllegalStateException(
              "Cassandra at "
                  + settings.where()
                  + " unreachable for "
                  + "longer than "
                  + settings.retryGiveUpMs()
                  + " ms (retry-give-up): "
                  + Failures.describe(unreachable.error()),
              unreachable.error());
        }
      }
      if (!again.isEmpty()) {
        ProcessorMetrics.WRITE_RETRIES.inc(again.size());
        backoff.pause();
      }
      for (Unit unit : again) {
        send(unit);
      }
    }
  }

  /** A refused batch is split (one row may be to blame); a refused row becomes a dead letter. */
  private void refuse(Unit unit, Throwable error) {
    if (unit.items().size() > 1) {
      for (Item item : unit.items()) {
        send(new Unit(List.of(item), 0));
      }
    } else {
      refuse(unit.items().get(0), error);
    }
  }

  private void refuse(Item item, Throwable error) {
    String reason = "Cassandra refused the " + item.table() + " row: " + Failures.describe(error);
    if (item.mustLand()) {
      throw new IllegalStateException(
          reason
              + " (the dead letter of a refused row; is the "
              + "keyspace "
              + settings.keyspace()
              + " intact?)",
          error);
    }
    ProcessorMetrics.ROWS_REFUSED.inc();
    DeadLetter letter = deadLetterFor(item, reason);
    if (letter == null) {
      LOG.error("{}; row skipped: {}", reason, item.source());
      return;
    }
    if (deadLettered.add(
        letter.topic() + "|" + letter.kafkaPartition() + "|" + letter.kafkaOffset())) {
      refused++;
    }
    LOG.warn(
        "{}; written to {} instead ({} partition {} offset {})",
        reason,
        DeadLetters.NAME,
        letter.topic(),
        letter.kafkaPartition(),
        letter.kafkaOffset());
    send(
        new Unit(
            List.of(
                new Item(
                    deadLetters.of(letter),
                    CassandraWriter.bytes(letter),
                    DeadLetters.NAME,
                    letter,
                    letter.topic(),
                    true)),
            0));
  }

  /** The dead letter standing for a refused row, or null for rows not read from Kafka. */
  private static DeadLetter deadLetterFor(Item item, String reason) {
    if (item.source() instanceof TradeRow t) {
      return new DeadLetter(
          item.topic(),
          t.kafkaPartition(),
          t.kafkaOffset(),
          t.kafkaTsMs(),
          TradeAvro.encode(t),
          reason);
    }
    if (item.source() instanceof LateTrade late) {
      TradeRow t = late.trade();
      return new DeadLetter(
          item.topic(),
          t.kafkaPartition(),
          t.kafkaOffset(),
          t.kafkaTsMs(),
          TradeAvro.encode(t),
          reason);
    }
    if (item.source()
        instanceof DeadLetter d) { // keep the record, drop the value it could not take
      return new DeadLetter(
          d.topic(),
          d.kafkaPartition(),
          d.kafkaOffset(),
          d.kafkaTsMs(),
          new byte[0],
          d.reason() + "; value of " + d.value().length + " bytes not stored: " + reason);
    }
    return null;
  }
}
