package io.marketlab.dashboard;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the pipeline page looks at: the Kafka cluster and topics, the processor's checkpoint and
 * status file, and a Prometheus server if there is one.
 *
 * @param bootstrap Kafka bootstrap servers; empty = no pipeline page (its API answers 503)
 * @param tradesTopic the trades topic; its gaps travel on {@code TOPIC.gaps}
 * @param deadLetterTopic the ingest's dead-letter topic
 * @param checkpoint the processor's checkpoint directory (its committed offsets give the lag), or
 *     null when the processor runs elsewhere (no lag then)
 * @param statusFile the processor's status file, or null: {@code
 *     <checkpoint>/processor-status.json}
 * @param prometheusUrl the base URL of a Prometheus server ({@code http://127.0.0.1:9090}); empty =
 *     none, the page does not list it
 * @param kafkaTimeout how long one Kafka request (metadata, offsets, a page of records) may take
 */
public record PipelineConfig(
    String bootstrap,
    String tradesTopic,
    String deadLetterTopic,
    Path checkpoint,
    Path statusFile,
    String prometheusUrl,
    Duration kafkaTimeout) {

  /** The processor's default status file name inside its checkpoint (ProcessorConfig). */
  static final String STATUS_FILE_NAME = "processor-status.json";

  public PipelineConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(prometheusUrl, "prometheusUrl");
    if (tradesTopic == null || tradesTopic.isBlank()) {
      throw new IllegalArgumentException("the trades topic must be given");
    }
    if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
      throw new IllegalArgumentException("the dead-letter topic must be given");
    }
    if (kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
      throw new IllegalArgumentException("kafkaTimeout must be positive, got " + kafkaTimeout);
    }
    prometheusUrl = prometheusUrl.trim().replaceFirst("/+$", "");
    if (!prometheusUrl.isEmpty() && !prometheusUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
      throw new IllegalArgumentException(
          "the Prometheus URL must be http(s)://host:port, got '" + prometheusUrl + "'");
    }
  }

  /** No pipeline page: the dashboard serves the market page only. */
  public static PipelineConfig none() {
    return new PipelineConfig(
        "",
        Settings.TOPIC.parsedDefault(),
        Settings.DLQ_TOPIC.parsedDefault(),
        null,
        null,
        "",
        Settings.DASHBOARD_KAFKA_TIMEOUT.parsedDefault());
  }

  /**
   * The settings in force: the lab's Kafka, topics, the processor's checkpoint and status file
   * (when set) and {@link Settings#DASHBOARD_PROMETHEUS_URL}.
   */
  public static PipelineConfig fromSettings(LabSettings settings) {
    String checkpoint = settings.get(Settings.PROCESSOR_CHECKPOINT);
    String status = settings.get(Settings.PROCESSOR_STATUS_FILE);
    return new PipelineConfig(
        settings.kafkaBootstrap(),
        settings.get(Settings.TOPIC),
        settings.get(Settings.DLQ_TOPIC),
        localPath(checkpoint),
        localPath(status),
        settings.get(Settings.DASHBOARD_PROMETHEUS_URL),
        settings.get(Settings.DASHBOARD_KAFKA_TIMEOUT));
  }

  /** A run's pipeline (lab demo, the tests): its topics, dead letters on {@code TOPIC.dlq}. */
  public static PipelineConfig forRun(String bootstrap, String tradesTopic, Path checkpoint) {
    return new PipelineConfig(
        bootstrap,
        tradesTopic,
        tradesTopic + ".dlq",
        checkpoint,
        null,
        "",
        Settings.DASHBOARD_KAFKA_TIMEOUT.parsedDefault());
  }

  public PipelineConfig withPrometheus(String url) {
    return new PipelineConfig(
        bootstrap, tradesTopic, deadLetterTopic, checkpoint, statusFile, url, kafkaTimeout);
  }

  public PipelineConfig withKafkaTimeout(Duration timeout) {
    return new PipelineConfig(
        bootstrap, tradesTopic, deadLetterTopic, checkpoint, statusFile, prometheusUrl, timeout);
  }

  boolean enabled() {
    return !bootstrap.isBlank();
  }

  /** The status file: as configured, else in the checkpoint; null when neither is known. */
  Path statusPath() {
    if (statusFile != null) {
      return statusFile;
    }
    return checkpoint == null ? null : checkpoint.resolve(STATUS_FILE_NAME);
  }

  /** The configured topics, or those of another trades topic ({@code X}, {@code X.dlq}, ...). */
  LabTopics topics(String otherTradesTopic) {
    if (otherTradesTopic == null || otherTradesTopic.equals(tradesTopic)) {
      return LabTopics.of(tradesTopic, deadLetterTopic);
    }
    return LabTopics.of(otherTradesTopic, otherTradesTopic + ".dlq");
  }

  /** A local directory or file; a URI of another file system (hdfs://, s3a://) is not read. */
  private static Path localPath(String location) {
    if (location == null || location.isBlank()) {
      return null;
    }
    if (location.startsWith("file:")) {
      return Path.of(java.net.URI.create(location));
    }
    return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? null : Path.of(location);
  }
}
