package io.marketlab.processor;

import io.marketlab.model.TradeSchema;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trade rows and dead letters through Spark's Real-Time Mode ({@code trade-rows=real-time}): a
 * stateless query on the same topic, with its own checkpoint ({@code <checkpoint>-rows}), whose
 * long-running tasks decode each record and write it the moment it arrives ({@link Writer}), while
 * the stateful micro-batch query judges lateness and keeps the candles. Real-Time Mode is
 * at-least-once; every write is an idempotent upsert, so that is exact too.
 *
 * <p>Both queries write a trade's {@code is_late}: this one false at the record's Kafka time (µs),
 * the stateful one true 1 µs later for late trades only, so a late trade ends flagged whichever
 * query is first ({@link CassandraWriter#rowWriteTime}).
 *
 * <p>Real-Time Mode runs one task per Kafka partition for the whole checkpoint interval: the
 * processor needs that many task slots besides the stateful query's (local[N] or executor cores);
 * with fewer, whole partitions wait for the interval to end.
 */
final class RealTimeRows {

  private static final Logger LOG = LoggerFactory.getLogger(RealTimeRows.class);

  /**
   * Spark loggers that report a stopping Real-Time Mode query's interrupted tasks as errors
   * (aborted writes, lost RPC endpoints, rejected status updates, job groups already gone):
   * harmless, and silenced when the processor stops it (the JVM is ending then).
   */
  static final List<String> NOISY_ON_STOP =
      List.of(
          "org.apache.spark.sql.execution.datasources.v2.WriteToDataSourceV2Exec",
          "org.apache.spark.sql.execution.datasources.v2.DataWritingSparkTask",
          "org.apache.spark.util.Utils",
          "org.apache.spark.scheduler.TaskSchedulerImpl",
          "org.apache.spark.scheduler.DAGScheduler",
          "org.apache.spark.scheduler.TaskSetManager",
          "org.apache.spark.executor.Executor");

  private RealTimeRows() {}

  /** Starts the real-time query on the configured Kafka topic. */
  public static StreamingQuery start(
      SparkSession spark, ProcessorConfig config, ProcessorStore store) throws TimeoutException {
    Dataset<Row> kafka =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.kafkaBootstrap())
            .option("subscribe", config.topic())
            .option("startingOffsets", config.startingOffsets())
            .option("failOnDataLoss", config.failOnDataLoss())
            .load();
    return start(Transforms.decode(kafka, TradeSchema.json()), config, store);
  }

  /** Starts the real-time query on decoded Kafka-shaped records (tests use a memory stream). */
  public static StreamingQuery start(
      Dataset<Row> decoded, ProcessorConfig config, ProcessorStore store) throws TimeoutException {
    ProcessorQuery.configure(decoded.sparkSession(), config);
    return decoded
        .writeStream()
        .queryName(config.queryName() + "-rows")
        .outputMode(OutputMode.Update())
        .option("checkpointLocation", config.rowsCheckpointDir())
        .trigger(Trigger.RealTime(config.realTimeBatch().toMillis(), TimeUnit.MILLISECONDS))
        .foreach(new Writer(store))
        .start();
  }

  /** Stops the query without Spark reporting its interrupted tasks as errors. */
  public static void stopQuietly(StreamingQuery query) throws TimeoutException {
    silence();
    query.stop();
  }

  private static void silence() {
    try {
      for (String logger : NOISY_ON_STOP) {
        org.apache.logging.log4j.core.config.Configurator.setLevel(
            logger, org.apache.logging.log4j.Level.OFF);
      }
    } catch (LinkageError | RuntimeException e) { // another logging backend: leave it as it is
      LOG.debug("cannot silence Spark's loggers: {}", e.toString());
    }
  }

  /** Writes each decoded record as it comes: a trade row, or a dead letter. */
  static final class Writer extends ForeachWriter<Row> {

    private static final long serialVersionUID = 1L;

    private final ProcessorStore store;
    private transient ProcessorStore.RowWriter rows;

    Writer(ProcessorStore store) {
      this.store = store;
    }

    @Override
    public boolean open(long partitionId, long epochId) {
      rows = store.openRealTime();
      return true;
    }

    @Override
    public void process(Row row) {
      if (DecodedRows.isDeadLetter(row)) {
        rows.deadLetter(DecodedRows.toDeadLetter(row));
      } else {
        rows.realTimeTrade(DecodedRows.toTrade(row), row.getAs("topic"));
      }
    }

    @Override
    public void close(Throwable error) {
      if (rows == null) {
        return;
      }
      if (error == null) {
        rows.finish();
      } else {
        rows.abandon();
      }
    }
  }
}
