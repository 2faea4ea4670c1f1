package io.marketlab.ingest;

import io.marketlab.config.Settings;
import java.util.Objects;

/**
 * Settings of a {@link TradeProducer}.
 *
 * @param bootstrapServers Kafka bootstrap servers (default {@code 127.0.0.1:9092})
 * @param topic trades topic (default {@code trades})
 * @param dlqTopic dead-letter topic (default {@code trades.dlq})
 * @param lingerMs producer {@code linger.ms} (default 1: a little batching, barely any delay)
 * @param ingestId identity of this ingest run, stamped on every trade (default: a new {@link
 *     IngestIds#newId()})
 */
public record TradeProducerConfig(
    String bootstrapServers, String topic, String dlqTopic, int lingerMs, String ingestId) {

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:" + Settings.KAFKA_PORT.parsedDefault();
  public static final String DEFAULT_TOPIC = Settings.TOPIC.parsedDefault();
  public static final String DEFAULT_DLQ_TOPIC = Settings.DLQ_TOPIC.parsedDefault();
  public static final int DEFAULT_LINGER_MS = Settings.LINGER_MS.parsedDefault();

  public TradeProducerConfig {
    bootstrapServers = orDefault(bootstrapServers, DEFAULT_BOOTSTRAP);
    topic = orDefault(topic, DEFAULT_TOPIC);
    dlqTopic = orDefault(dlqTopic, DEFAULT_DLQ_TOPIC);
    if (lingerMs < 0) {
      throw new IllegalArgumentException("lingerMs must be >= 0, got " + lingerMs);
    }
    ingestId = orDefault(ingestId, IngestIds.newId());
    if (Objects.equals(topic, dlqTopic)) {
      throw new IllegalArgumentException("trades and dead-letter topics must differ: " + topic);
    }
  }

  static TradeProducerConfig defaults(String bootstrapServers) {
    return new TradeProducerConfig(bootstrapServers, null, null, DEFAULT_LINGER_MS, null);
  }

  TradeProducerConfig withIngestId(String value) {
    return new TradeProducerConfig(bootstrapServers, topic, dlqTopic, lingerMs, value);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
