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
 *     bounds the driver memory of one batch
 * @param failOnDataLoss fail when offsets vanished (topic recreated, retention); default true
 * @param cassandraContactPoints {@code host:port} list; default {@code 127.0.0.1:9042}
 * @param localDatacenter the driver's local data center; default {@code datacenter1}
 * @param keyspace default {@code market}
 * @param replication default SimpleStrategy, factor 1
 * @param consistency consistency level of reads and writes; default {@code LOCAL_QUORUM} (reads of
 *     just-written trades must see them, also with a replication factor above 1)
 * @param tradesTtlSeconds TTL of rows in trades and late_trades; 0 (default) = keep forever. If
 *     set, at least one hour, far beyond the watermark delay: candles are built from stored trades
 * @param checkpointDir Spark checkpoint location, holds the Kafka offsets (required)
 * @param watermarkDelay how far behind its symbol's latest trade a trade may be and still count in
 *     candles; default 10 s
 * @param triggerInterval micro-batch interval; default 0 (next batch as soon as one ends)
 * @param queryName the streaming query's name; default {@code marketlab-processor}
 */
public record ProcessorConfig(
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
    String queryName) {

  public ProcessorConfig {
    require(kafkaBootstrap, "kafka bootstrap servers");
    require(topic, "topic");
    require(startingOffsets, "starting offsets");
    require(checkpointDir, "checkpoint directory");
    require(localDatacenter, "local datacenter");
    require(queryName, "query name");
    Objects.requireNonNull(replication, "replication");
    cassandraContactPoints = List.copyOf(cassandraContactPoints);
    if (cassandraContactPoints.isEmpty()) {
      throw new IllegalArgumentException("at least one Cassandra contact point (host:port) is needed");
    }
    for (String point : cassandraContactPoints) {
      if (!point.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException("Cassandra contact point must be host:port, got '" + point + "'");
      }
    }
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new IllegalArgumentException("keyspace must match [a-z][a-z0-9_]*, got '" + keyspace + "'");
    }
    if (maxOffsetsPerTrigger < 0) {
      throw new IllegalArgumentException("max offsets per trigger must be >= 0, got " + maxOffsetsPerTrigger);
    }
    if (tradesTtlSeconds != 0 && tradesTtlSeconds < 3600) {
      throw new IllegalArgumentException("trades TTL must be 0 (none) or >= 3600 s, got " + tradesTtlSeconds);
    }
    if (watermarkDelay.isNegative() || triggerInterval.isNegative()) {
      throw new IllegalArgumentException("watermark delay and trigger interval must be >= 0");
    }
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
