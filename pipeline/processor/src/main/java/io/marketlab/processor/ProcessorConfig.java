package io.marketlab.processor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the processor. Read from arguments/environment in {@link ProcessorMain} only.
 *
 * @param kafkaBootstrap Kafka bootstrap servers, {@code host:port[,host:port]} (required)
 * @param topic topic of Avro trades; default {@code trades}
 * @param startingOffsets where a query without checkpoint starts: {@code earliest} (default),
 *     {@code latest} or Spark's JSON; later runs resume from the checkpoint only
 * @param maxOffsetsPerTrigger records per micro-batch at most (0 = no limit); default 50,000, which
 *     bounds the work (and executor memory) of one batch
 * @param failOnDataLoss fail when offsets vanished (topic recreated, retention); default true
 * @param cassandraContactPoints {@code host:port} list; default {@code 127.0.0.1:9042}
 * @param localDatacenter the driver's local data center; default {@code datacenter1}
 * @param keyspace default {@code market}
 * @param replication default SimpleStrategy, factor 1
 * @param consistency consistency level of the writes; default {@code LOCAL_QUORUM}
 * @param tradesTtlSeconds TTL of rows in trades and late_trades; 0 (default) = keep forever. If
 *     set, at least one hour
 * @param checkpointDir Spark checkpoint location, holds the Kafka offsets and the per-symbol state
 *     (required)
 * @param watermarkDelay how far behind its symbol's latest trade a trade may be and still count in
 *     candles; default 10 s
 * @param triggerInterval micro-batch interval; default 0 (next batch as soon as one ends)
 * @param queryName the streaming query's name; default {@code marketlab-processor}
 * @param maxInFlight Cassandra write requests in flight at most per executor JVM; default 256
 * @param batchStatements rows of one partition per UNLOGGED batch at most; default 50
 * @param retryBackoffMin first pause before a failed write is retried; default 100 ms
 * @param retryBackoffMax longest pause between retries; default 5 s
 * @param retryGiveUp how long an unreachable Cassandra is waited for before the query fails; 0
 *     (default) = forever
 * @param stateStoreProvider Spark state store provider class; default RocksDB
 * @param statusFile the JSON status file; empty (default) = {@code
 *     <checkpoint>/processor-status.json}
 * @param tradeRows {@code micro-batch} (default): the stateful query writes every row; {@code
 *     real-time}: a Real-Time Mode query writes trade rows and dead letters as they arrive
 * @param realTimeBatch checkpoint interval of the real-time query; default 5 min
 * @param metricsPort port of the driver's Prometheus metrics; 0 (default) = any free port
 * @param metricsTargets directory of Prometheus file-discovery targets to register in; empty
 *     (default) = none
 * @param anomalies the anomaly detectors' settings (docs/ANALYTICS.md)
 * @param webhook where anomalies are POSTed; {@link AnomalyWebhook.Settings#NONE} = nowhere
 */
record ProcessorConfig(
    String kafkaBootstrap,
    String topic,
    String startingOffsets,
    long maxOffsetsPerTrigger,
    boolean failOnDataLoss,
    List<String> cassandraContactPoints,
    String localDatacenter,
    String keyspace,
    Replication replication,
    String consistency,
    int tradesTtlSeconds,
    String checkpointDir,
    Duration watermarkDelay,
    Duration triggerInterval,
    String queryName,
    int maxInFlight,
    int batchStatements,
    Duration retryBackoffMin,
    Duration retryBackoffMax,
    Duration retryGiveUp,
    String stateStoreProvider,
    String statusFile,
    String tradeRows,
    Duration realTimeBatch,
    int metricsPort,
    String metricsTargets,
    Analytics.Params anomalies,
    AnomalyWebhook.Settings webhook) {

  public ProcessorConfig {
    require(kafkaBootstrap, "kafka bootstrap servers");
    require(topic, "topic");
    require(startingOffsets, "starting offsets");
    require(checkpointDir, "checkpoint directory");
    require(localDatacenter, "local datacenter");
    require(queryName, "query name");
    require(stateStoreProvider, "state store provider");
    Objects.requireNonNull(statusFile, "status file");
    Objects.requireNonNull(metricsTargets, "metrics targets");
    Objects.requireNonNull(anomalies, "anomaly settings");
    Objects.requireNonNull(webhook, "anomaly webhook");
    if (!tradeRows.equals("micro-batch") && !tradeRows.equals("real-time")) {
      throw new IllegalArgumentException(
          "trade rows must be micro-batch or real-time, got '" + tradeRows + "'");
    }
    if (realTimeBatch.toMillis() < 1_000) {
      throw new IllegalArgumentException(
          "real-time batch must be at least 1 s, got " + realTimeBatch.toMillis() + " ms");
    }
    Objects.requireNonNull(replication, "replication");
    cassandraContactPoints = List.copyOf(cassandraContactPoints);
    if (cassandraContactPoints.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one Cassandra contact point (host:port) is needed");
    }
    for (String point : cassandraContactPoints) {
      if (!point.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException(
            "Cassandra contact point must be host:port, got '" + point + "'");
      }
    }
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new IllegalArgumentException(
          "keyspace must match [a-z][a-z0-9_]*, got '" + keyspace + "'");
    }
    if (maxOffsetsPerTrigger < 0) {
      throw new IllegalArgumentException(
          "max offsets per trigger must be >= 0, got " + maxOffsetsPerTrigger);
    }
    if (tradesTtlSeconds != 0 && tradesTtlSeconds < 3600) {
      throw new IllegalArgumentException(
          "trades TTL must be 0 (none) or >= 3600 s, got " + tradesTtlSeconds);
    }
    if (watermarkDelay.isNegative() || triggerInterval.isNegative()) {
      throw new IllegalArgumentException("watermark delay and trigger interval must be >= 0");
    }
    if (retryBackoffMin.toMillis() < 1 || retryBackoffMax.compareTo(retryBackoffMin) < 0) {
      throw new IllegalArgumentException(
          "retry backoff must be at least 1 ms and max >= min, got "
              + retryBackoffMin.toMillis()
              + " ms .. "
              + retryBackoffMax.toMillis()
              + " ms");
    }
  }

  /** Whether trade rows and dead letters have their own Real-Time Mode query. */
  public boolean realTimeRows() {
    return tradeRows.equals("real-time");
  }

  /** The checkpoint of the real-time trade-rows query: {@code <checkpoint>-rows}. */
  public String rowsCheckpointDir() {
    return checkpointDir.replaceFirst("/+$", "") + "-rows";
  }

  /** Where the status file is: the setting, else processor-status.json in the checkpoint. */
  public String statusPath() {
    if (!statusFile.isBlank()) {
      return statusFile;
    }
    return checkpointDir.replaceFirst("/+$", "") + "/processor-status.json";
  }

  /** The defaults of the settings registry, with the two settings that have none here. */
  public static ProcessorConfig defaults(String kafkaBootstrap, String checkpointDir) {
    return ProcessorMain.configFrom(
        List.of("--kafka-bootstrap=" + kafkaBootstrap, "--checkpoint=" + checkpointDir), Map.of());
  }

  private static void require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}
