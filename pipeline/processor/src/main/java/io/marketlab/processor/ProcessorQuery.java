package io.marketlab.processor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.marketlab.model.GapSchema;
import io.marketlab.model.TradeSchema;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming query: Kafka → Avro decode → {@code groupByKey(symbol).flatMapGroupsWithState}
 * (lateness and open candles per symbol in Spark's state store, {@link SymbolStateFunction}) →
 * {@code foreachBatch} ({@link BatchWriter}: executors write their partitions). Everything after
 * the Kafka read runs on the executors; per symbol, all its rows of a batch meet in one task.
 */
final class ProcessorQuery {

  /** The SQL setting that picks Spark's state store implementation. */
  public static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";

  /** RocksDB writes a changelog per batch instead of a snapshot: cheap commits. */
  static final String ROCKSDB_CHANGELOG =
      "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled";

  /** How Spark writes checkpoint files (offsets, commits, state). */
  static final String CHECKPOINT_FILE_MANAGER = "spark.sql.streaming.checkpointFileManagerClass";

  /**
   * For a checkpoint on the local disk: {@link LocalCheckpointFiles} (java.nio). Spark's default
   * (FileContext) renames each checkpoint file through Hadoop's ChecksumFs, which without Hadoop's
   * native library forks a shell command per file, and even its FileSystem-based manager forks a
   * {@code chmod} per file it creates: with offsets, commits and each state partition's files that
   * cost a large part of a small batch on this machine.
   */
  static final String LOCAL_CHECKPOINT_FILE_MANAGER = LocalCheckpointFiles.class.getName();

  private ProcessorQuery() {}

  /**
   * The stateful part, on decoded rows (a stream, or a static Dataset whose state starts empty). A
   * trade's raw value is dropped before the shuffle: only dead letters keep theirs.
   */
  public static Dataset<OutputRow> stateful(Dataset<Row> decoded, long watermarkDelayMs) {
    return stateful(decoded, watermarkDelayMs, true);
  }

  /**
   * @param tradeRows false when a real-time query writes the trade rows: then only late trades come
   *     out one by one, and a tally per symbol
   */
  public static Dataset<OutputRow> stateful(
      Dataset<Row> decoded, long watermarkDelayMs, boolean tradeRows) {
    return stateful(decoded, watermarkDelayMs, tradeRows, null, Analytics.Params.DEFAULTS);
  }

  /**
   * @param gapsTopic the topic whose rows are gap rows ({@link Transforms#decode(Dataset, String,
   *     String)}), which keep their raw value too; null = none
   * @param anomalies the anomaly detectors' settings
   */
  public static Dataset<OutputRow> stateful(
      Dataset<Row> decoded,
      long watermarkDelayMs,
      boolean tradeRows,
      String gapsTopic,
      Analytics.Params anomalies) {
    Column keepsRaw = col(Transforms.REASON).isNotNull();
    if (gapsTopic != null) {
      keepsRaw = keepsRaw.or(col("topic").equalTo(lit(gapsTopic)));
    }
    Dataset<Row> slim =
        decoded.withColumn("raw", when(keepsRaw, col("raw")).otherwise(lit(null).cast("binary")));
    return slim.groupByKey((MapFunction<Row, String>) SymbolStateFunction::keyOf, Encoders.STRING())
        .flatMapGroupsWithState(
            new SymbolStateFunction(watermarkDelayMs, tradeRows, gapsTopic, anomalies),
            OutputMode.Update(),
            Encoders.BINARY(),
            Encoders.bean(OutputRow.class),
            GroupStateTimeout.NoTimeout());
  }

  /** Starts the query on Kafka with the configured state store. */
  public static StreamingQuery start(SparkSession spark, ProcessorConfig config, BatchWriter writer)
      throws TimeoutException {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.kafkaBootstrap())
            // The gaps topic too: the anomaly detectors skip what a recorded gap meets.
            .option("subscribe", config.topic() + "," + GapSchema.topicFor(config.topic()))
            .option("startingOffsets", config.startingOffsets())
            .option("failOnDataLoss", config.failOnDataLoss());
    if (config.maxOffsetsPerTrigger() > 0) {
      reader = reader.option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger());
    }
    Dataset<Row> decoded =
        Transforms.decode(reader.load(), TradeSchema.json(), GapSchema.topicFor(config.topic()));
    return start(spark, decoded, config, writer);
  }

  /** Starts the query on any stream of Kafka-shaped records already decoded (tests use memory). */
  public static StreamingQuery start(
      SparkSession spark, Dataset<Row> decoded, ProcessorConfig config, BatchWriter writer)
      throws TimeoutException {
    configure(spark, config);
    return stateful(
            decoded,
            config.watermarkDelay().toMillis(),
            writer.writesTradeRows(),
            GapSchema.topicFor(config.topic()),
            config.anomalies())
        .writeStream()
        .queryName(config.queryName())
        .outputMode(OutputMode.Update())
        .option("checkpointLocation", config.checkpointDir())
        .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
        .foreachBatch(writer)
        .start();
  }

  /**
   * The SQL settings of queries started from now on: the state store (a checkpoint keeps the
   * provider it was created with, Spark records it in the offset log, so this matters for new
   * checkpoints) and, for a local checkpoint, the checkpoint file manager.
   */
  static void configure(SparkSession spark, ProcessorConfig config) {
    spark.conf().set(STATE_STORE_PROVIDER, config.stateStoreProvider());
    if (config.stateStoreProvider().contains("RocksDB")) {
      spark.conf().set(ROCKSDB_CHANGELOG, "true");
    }
    if (isLocal(config.checkpointDir())) {
      spark.conf().set(CHECKPOINT_FILE_MANAGER, LOCAL_CHECKPOINT_FILE_MANAGER);
    }
  }

  /** A path without a scheme, or a {@code file:} URI. */
  static boolean isLocal(String location) {
    return location.startsWith("file:") || !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }
}
