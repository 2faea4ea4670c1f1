package io.marketlab.ingest;

import io.marketlab.ingest.journal.JournalConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link Ingest}.
 *
 * @param client websocket side: url, token, symbols, silence timeout, backoff
 * @param producer Kafka side: bootstrap servers, topics, linger, the ingest id of a new journal
 * @param journal the disk journal every frame goes through (directory, max bytes, segment size,
 *     fsync interval); required by {@link Ingest#start}, null only until {@link #withJournal}
 * @param progressInterval a one-line progress log this often; zero turns it off (default 5 s)
 * @param symbolCheckUrl REST base URL (e.g. {@code https://finnhub.io/api/v1}) used to check the
 *     symbols before subscribing; null skips the check (default null)
 * @param metrics where the Prometheus {@code /metrics} is served and registered; default off (the
 *     lab's commands and harness take {@code LAB_INGEST_METRICS_PORT})
 */
public record IngestConfig(
    FinnhubClientConfig client,
    TradeProducerConfig producer,
    JournalConfig journal,
    Duration progressInterval,
    URI symbolCheckUrl,
    IngestMetricsConfig metrics) {

  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  public IngestConfig {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(producer, "producer");
    metrics = metrics == null ? IngestMetricsConfig.off() : metrics;
    progressInterval = progressInterval == null ? DEFAULT_PROGRESS_INTERVAL : progressInterval;
    if (progressInterval.isNegative()) {
      throw new IllegalArgumentException("progressInterval must be >= 0, got " + progressInterval);
    }
  }

  /** Without a metrics endpoint. */
  public IngestConfig(
      FinnhubClientConfig client,
      TradeProducerConfig producer,
      JournalConfig journal,
      Duration progressInterval,
      URI symbolCheckUrl) {
    this(client, producer, journal, progressInterval, symbolCheckUrl, null);
  }

  /** Defaults for everything else; give the journal with {@link #withJournal}. */
  public static IngestConfig of(URI url, String token, List<String> symbols, String bootstrap) {
    return new IngestConfig(
        FinnhubClientConfig.of(url, token, symbols),
        TradeProducerConfig.defaults(bootstrap),
        null,
        null,
        null);
  }

  public IngestConfig withClient(FinnhubClientConfig value) {
    return new IngestConfig(value, producer, journal, progressInterval, symbolCheckUrl, metrics);
  }

  public IngestConfig withProducer(TradeProducerConfig value) {
    return new IngestConfig(client, value, journal, progressInterval, symbolCheckUrl, metrics);
  }

  public IngestConfig withJournal(JournalConfig value) {
    return new IngestConfig(client, producer, value, progressInterval, symbolCheckUrl, metrics);
  }

  IngestConfig withProgressInterval(Duration value) {
    return new IngestConfig(client, producer, journal, value, symbolCheckUrl, metrics);
  }

  IngestConfig withSymbolCheckUrl(URI value) {
    return new IngestConfig(client, producer, journal, progressInterval, value, metrics);
  }

  /** Serving the ingest's metrics as {@code value} says. */
  public IngestConfig withMetrics(IngestMetricsConfig value) {
    return new IngestConfig(client, producer, journal, progressInterval, symbolCheckUrl, value);
  }
}
