package io.marketlab.processor;

import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to reach Cassandra and how to write: travels with the tasks, so the
 * executors need no settings of their own.
 *
 * @param retryGiveUpMs how long an unreachable store is waited for; 0 = forever
 * @param webhook where anomalies are POSTed ({@link AnomalyWebhook.Settings#NONE}: nowhere)
 */
record StoreSettings(
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    String consistency,
    int tradesTtlSeconds,
    int maxInFlight,
    int batchStatements,
    long retryBackoffMinMs,
    long retryBackoffMaxMs,
    long retryGiveUpMs,
    AnomalyWebhook.Settings webhook)
    implements Serializable {

  /** Without a webhook. */
  StoreSettings(
      List<String> contactPoints,
      String localDatacenter,
      String keyspace,
      String consistency,
      int tradesTtlSeconds,
      int maxInFlight,
      int batchStatements,
      long retryBackoffMinMs,
      long retryBackoffMaxMs,
      long retryGiveUpMs) {
    this(
        contactPoints,
        localDatacenter,
        keyspace,
        consistency,
        tradesTtlSeconds,
        maxInFlight,
        batchStatements,
        retryBackoffMinMs,
        retryBackoffMaxMs,
        retryGiveUpMs,
        AnomalyWebhook.Settings.NONE);
  }

  public StoreSettings {
    java.util.Objects.requireNonNull(webhook, "webhook");
    contactPoints = List.copyOf(contactPoints);
    if (maxInFlight < 1 || batchStatements < 1) {
      throw new IllegalArgumentException("max in flight and batch statements must be >= 1");
    }
    if (retryBackoffMinMs < 1 || retryBackoffMaxMs < retryBackoffMinMs || retryGiveUpMs < 0) {
      throw new IllegalArgumentException("retry backoff must be 1 ms <= min <= max, give-up >= 0");
    }
  }

  public static StoreSettings of(ProcessorConfig config) {
    return new StoreSettings(
        config.cassandraContactPoints(),
        config.localDatacenter(),
        config.keyspace(),
        config.consistency(),
        config.tradesTtlSeconds(),
        config.maxInFlight(),
        config.batchStatements(),
        config.retryBackoffMin().toMillis(),
        config.retryBackoffMax().toMillis(),
        config.retryGiveUp().toMillis(),
        config.webhook());
  }

  /** Where, for log lines: {@code 127.0.0.1:9042 (datacenter1)}. */
  String where() {
    return String.join(",", contactPoints) + " (" + localDatacenter + ")";
  }
}
