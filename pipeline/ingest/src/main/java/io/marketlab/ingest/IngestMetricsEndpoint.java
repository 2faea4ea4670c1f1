package io.marketlab.ingest;

import io.marketlab.config.ScrapeTargets;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest's {@code /metrics} (names in docs/METRICS.md): a registry of its own (several ingests
 * may share a JVM) whose every metric reads {@link IngestMetrics} when scraped, so the receive
 * thread does exactly what it did before (a few {@code LongAdder} increments, no lock); registered
 * as a Prometheus file-discovery target of job {@code ingest} while it lives.
 */
final class IngestMetricsEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestMetricsEndpoint.class);

  static final String JOB = "ingest";

  /** Categories always exposed (at 0 until one happens), so rates exist from the start. */
  static final List<String> DEAD_LETTER_CATEGORIES =
      List.of("malformed", "unknown-type", "rejected");

  static final List<String> GAP_CATEGORIES = List.of(FeedGap.INGEST_START, FeedGap.RECONNECT);

  private final HTTPServer server;
  private final ScrapeTargets targets;
  private final String part;

  private IngestMetricsEndpoint(HTTPServer server, ScrapeTargets targets, String part) {
    this.server = server;
    this.targets = targets;
    this.part = part;
  }

  /** Serves {@code metrics} as {@code config} says and registers the target. */
  static IngestMetricsEndpoint start(IngestMetrics metrics, IngestMetricsConfig config) {
    PrometheusRegistry registry = registry(metrics);
    HTTPServer server;
    try {
      server =
          HTTPServer.builder()
              .hostname("127.0.0.1")
              .port(config.port())
              .registry(registry)
              .buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the ingest's metrics on 127.0.0.1:"
              + config.port()
              + " ("
              + e.getMessage()
              + "); choose another LAB_INGEST_METRICS_PORT, 0 for a free one, -1 for none",
          e);
    }
    ScrapeTargets targets = null;
    if (config.targets() != null) {
      targets = ScrapeTargets.ofRoot(config.targets());
      try {
        targets.register(JOB, config.part(), "127.0.0.1:" + server.getPort(), Map.of());
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    return new IngestMetricsEndpoint(server, targets, config.part());
  }

  int port() {
    return server.getPort();
  }

  /** Where {@code targets} holds this endpoint's target file (for tests and messages). */
  static Path targetFile(Path targets, String part) {
    return targets.resolve(JOB).resolve(part + ".json");
  }

  @Override
  public void close() {
    if (targets != null) {
      try {
        targets.remove(JOB, part);
      } catch (UncheckedIOException e) {
        // a stale target shows as down, which is true once this ingest is gone
        LOG.warn("ingest {}: {}", part, e.getMessage());
      }
    }
    server.close();
  }

  static PrometheusRegistry registry(IngestMetrics metrics) {
    PrometheusRegistry registry = new PrometheusRegistry();
    counter(
        registry,
        "marketlab_ingest_frames_total",
        "Websocket frames received (trades, pings, errors, malformed), whether or not the"
            + " journal took them",
        IngestMetrics::frames,
        metrics);
    counter(
        registry,
        "marketlab_ingest_trades_total",
        "Valid trades received and journaled (price updates included)",
        IngestMetrics::trades,
        metrics);
    counter(
        registry,
        "marketlab_ingest_price_updates_total",
        "Of those, price updates (volume 0)",
        IngestMetrics::priceUpdates,
        metrics);
    counter(
        registry,
        "marketlab_ingest_trades_acked_total",
        "Trades Kafka acknowledged (each once, also after a resend)",
        IngestMetrics::acked,
        metrics);
    counter(
        registry,
        "marketlab_ingest_pings_total",
        "Ping frames received",
        IngestMetrics::pings,
        metrics);
    counter(
        registry,
        "marketlab_ingest_server_errors_total",
        "Error frames the feed sent (invalid symbol, too many symbols, ...)",
        IngestMetrics::serverErrors,
        metrics);
    counter(
        registry,
        "marketlab_ingest_reconnects_total",
        "Connections to the feed lost (closed, failed or silent); each is followed by a reconnect",
        IngestMetrics::reconnects,
        metrics);
    counter(
        registry,
        "marketlab_ingest_send_failures_total",
        "Kafka send attempts that failed (each record is resent from the journal: not a loss)",
        IngestMetrics::sendFailures,
        metrics);
    counter(
        registry,
        "marketlab_ingest_send_retries_total",
        "Times the sender went back to the journal after a failure",
        IngestMetrics::sendRetries,
        metrics);
    counter(
        registry,
        "marketlab_ingest_journal_full_refusals_total",
        "Frames the full journal refused: LOST (LAB_INGEST_JOURNAL_MAX_BYTES)",
        IngestMetrics::lostJournalFullFrames,
        metrics);
    counter(
        registry,
        "marketlab_ingest_journal_full_lost_trades_total",
        "Valid trades in the frames the full journal refused: LOST",
        IngestMetrics::lostJournalFullTrades,
        metrics);
    counter(
        registry,
        "marketlab_ingest_journal_write_errors_total",
        "Frames lost because the disk refused the journal write",
        IngestMetrics::lostJournalErrorFrames,
        metrics);
    labelled(
        registry,
        "marketlab_ingest_dead_letters_total",
        "Dead letters Kafka acknowledged, one per bad frame, by reason category",
        "reason",
        DEAD_LETTER_CATEGORIES,
        metrics::deadLettersByReason);
    labelled(
        registry,
        "marketlab_ingest_gaps_total",
        "Gap records Kafka acknowledged (one per symbol and loss of the feed), by category",
        "category",
        GAP_CATEGORIES,
        metrics::gapsByCategory);
    counter(
        registry,
        "marketlab_ingest_gaps_lost_total",
        "Gap records that could not be sent to Kafka (logged at ERROR)",
        IngestMetrics::gapsLost,
        metrics);
    gauge(
        registry,
        "marketlab_ingest_connected",
        "1 while a connection to the feed is open and subscribed, else 0",
        m -> m.isConnected() ? 1 : 0,
        metrics);
    gauge(
        registry,
        "marketlab_ingest_journal_pending_frames",
        "Journal entries (frames and gap records) Kafka has not acknowledged yet",
        IngestMetrics::journalDepth,
        metrics);
    gauge(
        registry,
        "marketlab_ingest_journal_pending_bytes",
        "Journal bytes (entry headers included) of the frames Kafka has not acknowledged yet",
        IngestMetrics::journalPendingBytes,
        metrics);
    gauge(
        registry,
        "marketlab_ingest_journal_bytes",
        "Disk the journal's segments take (what LAB_INGEST_JOURNAL_MAX_BYTES bounds): the"
            + " pending frames plus acknowledged ones of segments not yet deleted",
        IngestMetrics::journalBytes,
        metrics);
    registry.register(ackLatency(metrics.ackLatency()));
    return registry;
  }

  private static void counter(
      PrometheusRegistry registry,
      String name,
      String help,
      ToLongFunction<IngestMetrics> value,
      IngestMetrics metrics) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.applyAsLong(metrics)))
        .register(registry);
  }

  private static void gauge(
      PrometheusRegistry registry,
      String name,
      String help,
      ToLongFunction<IngestMetrics> value,
      IngestMetrics metrics) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.applyAsLong(metrics)))
        .register(registry);
  }

  private static void labelled(
      PrometheusRegistry registry,
      String name,
      String help,
      String label,
      List<String> always,
      java.util.function.Supplier<Map<String, Long>> values) {
    Consumer<CounterWithCallback.Callback> callback =
        out -> {
          Map<String, Long> all = new TreeMap<>();
          for (String category : always) {
            all.put(category, 0L);
          }
          all.putAll(values.get());
          all.forEach((category, count) -> out.call(count, category));
        };
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(label)
        .callback(callback)
        .register(registry);
  }

  private static Collector ackLatency(LatencyBuckets buckets) {
    return new Collector() {
      @Override
      public MetricSnapshot collect() {
        return HistogramSnapshot.builder()
            .name("marketlab_ingest_ack_latency_seconds")
            .help("Receipt of a trade at the ingest to Kafka acknowledging it")
            .dataPoint(
                HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(buckets.buckets())
                    .sum(buckets.sumSeconds())
                    .build())
            .build();
      }

      @Override
      public String getPrometheusName() {
        return "marketlab_ingest_ack_latency_seconds";
      }
    };
  }
}
