package io.marketlab.processor;

import io.marketlab.config.LabSettings;
import io.marketlab.config.ProcessorReady;
import io.marketlab.config.Settings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for spark-submit ({@code --class io.marketlab.processor.ProcessorMain}). Settings
 * come from {@code --name=value} arguments, else from {@code PROCESSOR_NAME} environment variables
 * (name upper-cased, '-' as '_', or the lab's own variable such as {@code LAB_KAFKA_BOOTSTRAP}),
 * else the defaults of the lab's settings registry ({@link Settings}; {@code lab settings} lists
 * them).
 */
public final class ProcessorMain {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorMain.class);

  private ProcessorMain() {}

  public static void main(String[] args) throws TimeoutException {
    ProcessorConfig config;
    try {
      config = configFrom(List.of(args), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("processor: " + e.getMessage());
      System.err.println(
          "settings (--name=value, or the environment variable `lab settings` names): "
              + String.join(", ", Settings.DEF.arguments().keySet()));
      System.exit(2);
      return;
    }
    try {
      run(config);
    } catch (RuntimeException e) {
      // One line an operator can act on; the cause follows for developers.
      LOG.error("processor stopped: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  /**
   * Connects (waiting for Cassandra if it is not up yet), applies the schema, runs the query until
   * it stops (SIGTERM) or fails. The status file says which of these it is doing.
   */
  public static void run(ProcessorConfig config) throws TimeoutException {
    ProcessorStatus status = ProcessorStatus.start(config.statusPath(), config.queryName());
    try {
      runQuery(config, status);
    } catch (RuntimeException | TimeoutException e) {
      status.failed(e.getMessage());
      throw e;
    } finally {
      status.close();
    }
  }

  private static void runQuery(ProcessorConfig config, ProcessorStatus status)
      throws TimeoutException {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[4]"); // run directly (not via spark-submit): local mode
    }
    conf.setIfMissing("spark.app.name", "marketlab-processor");
    conf.setIfMissing("spark.sql.shuffle.partitions", "2");
    // Streaming (and stateful) queries do without adaptive execution anyway; off, Spark does not
    // warn about it at every query start.
    conf.setIfMissing("spark.sql.adaptive.enabled", "false");
    // executors on a cluster serve their own metrics (the writes happen there) and register them
    conf.setIfMissing("spark.executorEnv." + ProcessorMetrics.PART_ENV, config.queryName());
    if (!config.metricsTargets().isBlank()) {
      conf.setIfMissing(
          "spark.executorEnv." + ProcessorMetrics.TARGETS_ENV, config.metricsTargets());
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    int metricsPort =
        ProcessorMetrics.serve(config.metricsPort(), config.metricsTargets(), config.queryName());
    spark.streams().addListener(new MetricsListener());
    spark.streams().addListener(new ProgressLog());
    spark.sparkContext().addSparkListener(new StageTimes());
    CassandraStore store = new CassandraStore(StoreSettings.of(config));
    store.applySchema(config.replication());
    status.watchNodes(store::anyNodeUp);
    KafkaWait.await(config.kafkaBootstrap(), StoreSettings.of(config));
    if (config.realTimeRows()) {
      TaskSlots.check(spark.sparkContext(), config);
    }
    StreamingQuery rows = config.realTimeRows() ? RealTimeRows.start(spark, config, store) : null;
    AtomicReference<StreamingQuery> gaps =
        new AtomicReference<>(GapQuery.start(spark, config, StoreSettings.of(config)));
    BatchWriter writer = new BatchWriter(store, rows == null, status, Clock.systemUTC());
    AtomicReference<StreamingQuery> query =
        new AtomicReference<>(ProcessorQuery.start(spark, config, writer));
    AtomicBoolean stopping = new AtomicBoolean();
    // Hadoop's hook manager runs hooks by priority; Spark stops its context at a lower one (40), so
    // the queries stop first and a SIGTERM ends between batches, not in the middle of one. The
    // Cassandra sessions close after Spark (SessionPool).
    org.apache.hadoop.util.ShutdownHookManager.get()
        .addShutdownHook(
            () -> {
              LOG.info("stopping query {} (signal)", config.queryName());
              stopping.set(true);
              try {
                if (rows != null) {
                  RealTimeRows.stopQuietly(rows);
                }
                gaps.get().stop();
                query.get().stop();
              } catch (TimeoutException e) {
                LOG.warn(
                    "query {} did not stop in time; the next start replays its last batch",
                    config.queryName());
              }
              status.stopped();
            },
            100);
    awaitFirstTrigger(query.get());
    status.running();
    LOG.info(
        "{} query {} (id {}) reads topic {} from {}, writes keyspace {} at {}, checkpoint {}, "
            + "state store {}, status {}, metrics http://127.0.0.1:{}/metrics{}",
        ProcessorReady.MARKER,
        config.queryName(),
        query.get().id(),
        config.topic(),
        config.kafkaBootstrap(),
        config.keyspace(),
        config.cassandraContactPoints(),
        config.checkpointDir(),
        config.stateStoreProvider(),
        config.statusPath(),
        metricsPort,
        rows == null
            ? ""
            : "; trade rows by real-time query "
                + rows.name()
                + ", checkpoint "
                + config.rowsCheckpointDir());
    int restarts = 0;
    while (true) {
      try {
        awaitEither(spark, query.get(), rows, gaps.get());
        if (stopping.get() || !query.get().isActive()) {
          status.stopped();
          return;
        }
        if (rows != null && !rows.isActive()) {
          throw new IllegalStateException("query " + rows.name() + " stopped on its own");
        }
        if (!gaps.get().isActive()) {
          throw new IllegalStateException("query " + gaps.get().name() + " stopped on its own");
        }
      } catch (StreamingQueryException e) {
        if (gaps.get().exception().isDefined()) {
          if (!stopping.get()
              && restarts < MAX_KNOWN_BUG_RESTARTS
              && isKafkaMetricsBugAfterResume(e)) {
            restarts++;
            LOG.warn(
                "query {}: Spark's Kafka progress metrics failed after a resumed batch (the known"
                    + " Spark 4.1 bug); restarting the query ({}/{})",
                gaps.get().name(),
                restarts,
                MAX_KNOWN_BUG_RESTARTS);
            gaps.set(GapQuery.start(spark, config, StoreSettings.of(config)));
            continue;
          }
          throw new IllegalStateException(
              "query "
                  + gaps.get().name()
                  + " failed (a restart resumes from checkpoint "
                  + GapQuery.checkpointDir(config)
                  + "): "
                  + e.getMessage(),
              e);
        }
        if (rows != null && rows.exception().isDefined()) {
          throw new IllegalStateException(
              "query "
                  + rows.name()
                  + " failed (a restart resumes from "
                  + "checkpoint "
                  + config.rowsCheckpointDir()
                  + "): "
                  + e.getMessage(),
              e);
        }
        if (stopping.get()
            || restarts >= MAX_KNOWN_BUG_RESTARTS
            || !isKafkaMetricsBugAfterResume(e)) {
          throw new IllegalStateException(
              "query "
                  + config.queryName()
                  + " failed (a restart resumes "
                  + "from checkpoint "
                  + config.checkpointDir()
                  + "): "
                  + e.getMessage(),
              e);
        }
        restarts++;
        // Spark 4.1.1: the first batch after a restart that re-runs a batch planned before the
        // crash
        // completes and commits, then progress reporting dereferences Kafka offsets it never
        // fetched
        // (KafkaMicroBatchStream.metrics, Some(null)). The batch is committed, so starting the
        // query
        // again from the same checkpoint continues exactly where it stopped.
        LOG.warn(
            "query {}: Spark's Kafka progress metrics failed after the first batch resumed from the "
                + "checkpoint (a known Spark 4.1 bug; the batch is committed); restarting the query ({}/{})",
            config.queryName(),
            restarts,
            MAX_KNOWN_BUG_RESTARTS);
        query.set(ProcessorQuery.start(spark, config, writer));
      }
    }
  }

  /**
   * Until the stateful query ends, or the gaps query, or (when there is one) the real-time query.
   */
  private static void awaitEither(
      SparkSession spark, StreamingQuery query, StreamingQuery rows, StreamingQuery gaps)
      throws StreamingQueryException {
    spark.streams().resetTerminated();
    if (query.isActive() && gaps.isActive() && (rows == null || rows.isActive())) {
      spark.streams().awaitAnyTermination();
    }
    if (!gaps.isActive()) {
      gaps.awaitTermination(); // throws its failure
    }
    if (rows != null && !rows.isActive()) {
      rows.awaitTermination(); // throws its failure
    }
    if (!query.isActive()) {
      query.awaitTermination();
    }
  }

  private static final int MAX_KNOWN_BUG_RESTARTS = 3;

  /**
   * Ready means the stream has run its first trigger (Kafka reader created, offsets fetched), not
   * just that start() returned: otherwise the first trades pay for that setup as latency. Spark
   * reports the first no-data trigger at once, so lastProgress() appears within a trigger.
   */
  private static void awaitFirstTrigger(StreamingQuery query) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (query.lastProgress() == null && query.isActive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The NullPointerException of KafkaMicroBatchStream.metrics after a resumed batch, and nothing
   * else.
   */
  static boolean isKafkaMetricsBugAfterResume(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NullPointerException && cause.getStackTrace().length > 0) {
        StackTraceElement top = cause.getStackTrace()[0];
        if (top.getClassName().startsWith("org.apache.spark.sql.kafka010.KafkaMicroBatchStream")
            && top.getMethodName().equals("metrics")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Settings from arguments first, then environment, then defaults: the processor's settings of the
   * lab's one registry ({@link Settings}, those with a program argument).
   */
  public static ProcessorConfig configFrom(List<String> args, Map<String, String> env) {
    LabSettings s = LabSettings.fromArguments(args, env, System.getProperties());
    return new ProcessorConfig(
        s.kafkaBootstrap(),
        s.get(Settings.PROCESSOR_TOPIC),
        s.get(Settings.PROCESSOR_STARTING_OFFSETS),
        s.get(Settings.PROCESSOR_MAX_OFFSETS_PER_TRIGGER),
        s.get(Settings.PROCESSOR_FAIL_ON_DATA_LOSS),
        s.cassandraContactPoints(),
        s.get(Settings.CASSANDRA_DATACENTER),
        s.get(Settings.PROCESSOR_KEYSPACE),
        Replication.parse(s.get(Settings.PROCESSOR_REPLICATION)),
        s.get(Settings.PROCESSOR_CONSISTENCY),
        s.get(Settings.PROCESSOR_TRADES_TTL_SECONDS),
        s.get(Settings.PROCESSOR_CHECKPOINT),
        s.get(Settings.PROCESSOR_WATERMARK_DELAY),
        s.get(Settings.PROCESSOR_TRIGGER_INTERVAL),
        s.get(Settings.PROCESSOR_QUERY_NAME),
        s.get(Settings.PROCESSOR_MAX_IN_FLIGHT),
        s.get(Settings.PROCESSOR_BATCH_STATEMENTS),
        s.get(Settings.PROCESSOR_RETRY_BACKOFF_MIN),
        s.get(Settings.PROCESSOR_RETRY_BACKOFF_MAX),
        s.get(Settings.PROCESSOR_RETRY_GIVE_UP),
        s.get(Settings.PROCESSOR_STATE_STORE),
        s.get(Settings.PROCESSOR_STATUS_FILE),
        s.get(Settings.PROCESSOR_TRADE_ROWS),
        s.get(Settings.PROCESSOR_REAL_TIME_BATCH),
        s.get(Settings.PROCESSOR_METRICS_PORT),
        s.get(Settings.PROCESSOR_METRICS_TARGETS),
        new Analytics.Params(
            s.get(Settings.ANOMALY_HALFLIFE),
            s.get(Settings.ANOMALY_WARMUP),
            s.get(Settings.ANOMALY_JUMP_THRESHOLD),
            s.get(Settings.ANOMALY_JUMP_FLOOR),
            s.get(Settings.ANOMALY_VOLUME_THRESHOLD),
            s.get(Settings.ANOMALY_VOLUME_FLOOR),
            (int) s.get(Settings.ANOMALY_COOLDOWN).toSeconds()),
        new AnomalyWebhook.Settings(
            s.get(Settings.ANOMALY_WEBHOOK_URL),
            s.get(Settings.ANOMALY_WEBHOOK_TIMEOUT).toMillis(),
            s.get(Settings.ANOMALY_WEBHOOK_RETRIES),
            s.get(Settings.ANOMALY_WEBHOOK_QUEUE)));
  }
}
