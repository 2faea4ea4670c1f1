package io.marketlab.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.marketlab.fixtures.EngineSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the engines under the pipeline take on their own, measured in the same run as the pipeline:
 * Cassandra with single asynchronous inserts and with single-partition UNLOGGED batches of 100
 * (rows shaped like the trades table, all in one partition as a one-symbol day is, at most 256
 * requests in flight, as the processor's writers), and a bare KafkaConsumer reading a topic from
 * start to end. The pipeline's figure is then given as a share of each.
 */
final class Baselines {

  /** Requests in flight, as the processor's default max-in-flight. */
  static final int IN_FLIGHT = 256;

  /** Rows per UNLOGGED batch. */
  static final int BATCH_ROWS = 100;

  private Baselines() {}

  /** Rows/s of one way of writing {@code rows} rows. */
  record Rate(long rows, Duration took) {
    double perSecond() {
      return rows / Math.max(1e-6, took.toNanos() / 1e9);
    }
  }

  /** The pipeline's replication on these engines: 1, or min(3, N) replicas on N nodes. */
  static String replication(EngineSet engines) {
    if (engines.nodes() == 1) {
      return "{'class': 'SimpleStrategy', 'replication_factor': 1}";
    }
    return "{'class': 'NetworkTopologyStrategy', '"
        + engines.cassandra().getLocalDatacenter()
        + "': "
        + io.marketlab.fixtures.Topology.replicationFactor(engines.nodes())
        + "}";
  }

  /**
   * Single inserts and batches of 100 into a table shaped like trades, in its own keyspace with the
   * pipeline's replication and consistency.
   */
  static Map<String, Rate> cassandra(EngineSet engines, String keyspace, int rows) {
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoints(engines.cassandra().getContactPoints())
            .withLocalDatacenter(engines.cassandra().getLocalDatacenter())
            .withConfigLoader(
                // as the processor's sessions: 256 requests in flight can queue for seconds
                com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                    .withDuration(
                        com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                        Duration.ofSeconds(10))
                    // as the processor writes: LOCAL_QUORUM (on 3 nodes, 2 of 3 replicas)
                    .withString(
                        com.datastax.oss.driver.api.core.config.DefaultDriverOption
                            .REQUEST_CONSISTENCY,
                        "LOCAL_QUORUM")
                    .build())
            .build()) {
      session.execute(
          "CREATE KEYSPACE IF NOT EXISTS "
              + keyspace
              + " WITH replication = "
              + replication(engines));
      // the trades table's shape (pipeline/processor Schema), written here on its own
      session.execute(
          "CREATE TABLE IF NOT EXISTS "
              + keyspace
              + ".trades (symbol text, day date, trade_ts timestamp, ingest_id text, frame_seq"
              + " bigint, index_in_frame int, price double, volume double, is_price_update boolean,"
              + " is_late boolean, conditions frozen<list<text>>, received_at bigint, kafka_partition int,"
              + " kafka_offset bigint, kafka_ts timestamp, stored_at bigint, PRIMARY KEY ((symbol,"
              + " day), trade_ts, ingest_id, frame_seq, index_in_frame))");
      PreparedStatement insert =
          session.prepare(
              "INSERT INTO "
                  + keyspace
                  + ".trades (symbol, day, trade_ts, ingest_id, frame_seq, index_in_frame, price,"
                  + " volume, is_price_update, is_late, conditions, received_at, kafka_partition,"
                  + " kafka_offset, kafka_ts, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  + " ?, ?, ?, ?, ?)");
      LocalDate day = LocalDate.of(2013, 10, 7);
      long t0 = Instant.parse("2013-10-07T08:00:00Z").toEpochMilli();
      IntFunction<BoundStatement> row =
          i ->
              insert
                  .bind(
                      "BENCH",
                      day,
                      Instant.ofEpochMilli(t0 + i / 4),
                      "bench-ingest",
                      (long) i,
                      i % 4,
                      167.41 + (i % 100) / 100.0,
                      100.0,
                      false,
                      false,
                      List.of("@"),
                      System.currentTimeMillis() * 1000,
                      0,
                      (long) i,
                      Instant.ofEpochMilli(t0),
                      System.currentTimeMillis() * 1000)
                  .setIdempotent(true);
      // warm-up: connections, prepared statement, JIT
      run(session, rows / 10, i -> row.apply(i));
      Rate single = run(session, rows, i -> row.apply(i));
      Rate batched =
          run(
              session,
              rows / BATCH_ROWS,
              b -> {
                BatchStatementBuilder batch =
                    BatchStatement.builder(DefaultBatchType.UNLOGGED).setIdempotence(true);
                for (int i = 0; i < BATCH_ROWS; i++) {
                  batch.addStatement(row.apply(rows + b * BATCH_ROWS + i));
                }
                return batch.build();
              });
      return Map.of(
          "single",
          single,
          "batched",
          new Rate((long) (rows / BATCH_ROWS) * BATCH_ROWS, batched.took()));
    }
  }

  private static Rate run(CqlSession session, int requests, IntFunction<Statement<?>> statement) {
    Semaphore permits = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    java.util.concurrent.ScheduledExecutorService later =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "baseline-resend");
              thread.setDaemon(true);
              return thread;
            });
    try {
      long started = System.nanoTime();
      for (int i = 0; i < requests && failure.get() == null; i++) {
        permits.acquireUninterruptibly();
        send(session, statement.apply(i), 1, failure, permits, later);
      }
      permits.acquireUninterruptibly(IN_FLIGHT);
      if (failure.get() != null) {
        throw new IllegalStateException(
            "the Cassandra baseline failed: " + failure.get(), failure.get());
      }
      return new Rate(requests, Duration.ofNanos(System.nanoTime() - started));
    } finally {
      later.shutdownNow();
    }
  }

  /**
   * Writes that time out are sent again (they are idempotent) after an exponential backoff, as the
   * processor does: up to this many attempts (about a minute of backoff) before the baseline fails.
   */
  static final int ATTEMPTS = 40;

  /** The backoff before attempt {@code attempt + 1}: 50 ms doubling up to 2 s. */
  static long backoffMillis(int attempt) {
    return Math.min(2_000, 50L << Math.min(attempt - 1, 10));
  }

  private static void send(
      CqlSession session,
      Statement<?> statement,
      int attempt,
      AtomicReference<Throwable> failure,
      Semaphore permits,
      java.util.concurrent.ScheduledExecutorService later) {
    session
        .executeAsync(statement)
        .whenComplete(
            (result, error) -> {
              if (error != null && attempt < ATTEMPTS && timedOut(error)) {
                later.schedule(
                    () -> send(session, statement, attempt + 1, failure, permits, later),
                    backoffMillis(attempt),
                    TimeUnit.MILLISECONDS);
                return;
              }
              if (error != null) {
                failure.compareAndSet(null, error);
              }
              permits.release();
            });
  }

  private static boolean timedOut(Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    return cause instanceof com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException
        || cause instanceof com.datastax.oss.driver.api.core.DriverTimeoutException;
  }

  /** A bare KafkaConsumer reading every partition of {@code topic} from its start to its end. */
  static Rate kafka(String bootstrap, String topic, Consumer<String> progress) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(PartitionInfo::partition)
              .map(p -> new TopicPartition(topic, p))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = 0;
      for (long offset : end.values()) {
        total += offset;
      }
      long read = 0;
      long started = System.nanoTime();
      long deadline = started + TimeUnit.MINUTES.toNanos(5);
      while (read < total && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        read += records.count();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (read < total) {
        progress.accept("kafka baseline: read " + read + " of " + total + " records in 5 min");
      }
      return new Rate(read, took);
    }
  }
}
