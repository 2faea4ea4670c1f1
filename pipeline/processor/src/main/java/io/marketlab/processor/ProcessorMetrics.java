package io.marketlab.processor;

import io.marketlab.config.ScrapeTargets;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's metrics in Prometheus format (names in docs/METRICS.md). One registry per JVM:
 * the driver serves it on {@code --metrics-port}; on a cluster each executor JVM serves its own
 * (the writes happen there) on a free port. Each endpoint registers itself as a Prometheus
 * file-discovery target of job {@code processor} in {@code --metrics-targets} when that is given,
 * and removes itself when the JVM ends cleanly (after a kill -9 the target stays, down: that is
 * what the {@code ProcessorDown} alert sees).
 */
final class ProcessorMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorMetrics.class);

  /** Executors learn where to register from their environment (spark.executorEnv.*). */
  static final String TARGETS_ENV = "MARKETLAB_METRICS_TARGETS";

  static final String PART_ENV = "MARKETLAB_METRICS_PART";

  static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

  static final Counter TRADES_STORED =
      Counter.builder()
          .name("marketlab_processor_trades_stored_total")
          .help("Trade rows Cassandra acknowledged (each retry of a row counts once, when stored)")
          .register(REGISTRY);
  static final Histogram STORE_LATENCY =
      Histogram.builder()
          .name("marketlab_processor_store_latency_seconds")
          .help("Receipt of a trade at the ingest to Cassandra acknowledging its row")
          .classicOnly()
          .classicUpperBounds(
              0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
          .register(REGISTRY);
  static final Counter WRITE_RETRIES =
      Counter.builder()
          .name("marketlab_processor_write_retries_total")
          .help("Cassandra write requests sent again after a failure (unreachable, timeout)")
          .register(REGISTRY);
  static final Counter ROWS_REFUSED =
      Counter.builder()
          .name("marketlab_processor_rows_refused_total")
          .help("Rows Cassandra refused for good, kept as processor dead letters")
          .register(REGISTRY);
  static final Counter BATCHES =
      Counter.builder()
          .name("marketlab_processor_batches_total")
          .help("Micro-batches (or real-time batches) completed, per query")
          .labelNames("query")
          .register(REGISTRY);
  static final Counter RECORDS =
      Counter.builder()
          .name("marketlab_processor_records_total")
          .help("Kafka records read, per query")
          .labelNames("query")
          .register(REGISTRY);
  static final Histogram BATCH_DURATION =
      Histogram.builder()
          .name("marketlab_processor_batch_duration_seconds")
          .help("Wall time of one batch (triggerExecution), per query")
          .labelNames("query")
          .classicOnly()
          .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
          .register(REGISTRY);
  static final Gauge STATE_ROWS =
      Gauge.builder()
          .name("marketlab_processor_state_rows")
          .help("Rows in the query's state store (per-symbol state), after its last batch")
          .labelNames("query")
          .register(REGISTRY);
  static final Gauge LAG =
      Gauge.builder()
          .name("marketlab_processor_lag_records")
          .help(
              "Records Kafka holds beyond what the query's last batch read (latest - end offsets)")
          .labelNames("query")
          .register(REGISTRY);

  static final Counter ANOMALIES =
      Counter.builder()
          .name("marketlab_processor_anomalies_total")
          .help("Anomalies raised and written (docs/ANALYTICS.md), per kind")
          .labelNames("kind")
          .register(REGISTRY);

  private static HTTPServer server;

  private ProcessorMetrics() {}

  /** An anomaly written (a re-run batch counts it again). */
  static void anomaly(String kind) {
    ANOMALIES.labelValues(kind).inc();
  }

  /** A trade row stored, received at the ingest at {@code receivedAtUs} (µs since epoch). */
  static void stored(long receivedAtUs, long nowMicros) {
    TRADES_STORED.inc();
    if (receivedAtUs > 0 && nowMicros >= receivedAtUs) {
      STORE_LATENCY.observe((nowMicros - receivedAtUs) / 1e6);
    }
  }

  /**
   * Serves this JVM's registry on 127.0.0.1:{@code port} (0 = a free one) once, and registers it as
   * target {@code part} in {@code targetsDir} (when not empty).
   *
   * @return the port served on
   */
  static synchronized int serve(int port, String targetsDir, String part) {
    if (server != null) {
      return server.getPort();
    }
    try {
      server =
          HTTPServer.builder().hostname("127.0.0.1").port(port).registry(REGISTRY).buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the processor's metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    int served = server.getPort();
    if (targetsDir != null && !targetsDir.isBlank()) {
      Path file = register(Path.of(targetsDir), part, served);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      Files.deleteIfExists(file);
                    } catch (IOException e) {
                      // a stale target shows as down, which is true once this JVM is gone
                    }
                  },
                  "metrics-target-removal"));
    }
    LOG.info("metrics of {} on http://127.0.0.1:{}/metrics", part, served);
    return served;
  }

  /**
   * On an executor JVM of a cluster (not the driver, which serves already), serves its metrics and
   * registers them, as its environment says; nothing elsewhere. Cheap after the first call.
   */
  static void onExecutor() {
    if (server != null) {
      return;
    }
    SparkEnv env = SparkEnv.get();
    if (env == null || "driver".equals(env.executorId())) {
      return;
    }
    String targets = System.getenv(TARGETS_ENV);
    String part = System.getenv(PART_ENV);
    if (part == null || part.isBlank()) {
      return;
    }
    try {
      serve(0, targets, part + "-executor-" + env.executorId());
    } catch (UncheckedIOException e) {
      LOG.warn("executor metrics not served: {}", e.getMessage());
    }
  }

  /** Writes {@code DIR/processor/PART.json} (Prometheus file discovery), atomically. */
  static Path register(Path targetsDir, String part, int port) {
    return ScrapeTargets.ofRoot(targetsDir)
        .register("processor", part, "127.0.0.1:" + port, java.util.Map.of());
  }
}
