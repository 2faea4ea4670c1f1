package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketlab.config.LabSettings;
import io.marketlab.config.ScrapeTargets;
import io.marketlab.config.Settings;
import io.marketlab.config.SharedInputs;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.fixtures.metrics.PrometheusApi;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.testinfra.LabEngines;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's real Prometheus: it scrapes the local engines' metrics agents, loads the rules of
 * deploy/prometheus, and an alert fires when a target stops answering and resolves once it answers
 * again. Needs the {@code prometheus} program (Debian package); under CI its absence fails.
 */
@LabEngines
class PrometheusIT {

  private static LocalPrometheus prometheus;
  private static PrometheusApi api;
  private static ScrapeTargets targets;

  @BeforeAll
  static void start(EngineSet engines) throws IOException {
    LabSettings base = engines.settings();
    LocalPrometheus probe = new LocalPrometheus(base, false);
    if (probe.binary().isEmpty()) {
      if (SharedInputs.required()) {
        throw new AssertionError(probe.missingMessage());
      }
      assumeTrue(false, probe.missingMessage());
    }
    // its own work directory and port, so that a Prometheus of lab up on this machine is left
    // alone; it scrapes the engines' metrics agents as that one does
    workDir = Files.createTempDirectory("prometheus-it");
    LabSettings settings =
        base.with(Settings.WORK_DIR, workDir.toString())
            .with(Settings.PROMETHEUS_PORT, Integer.toString(freePort()))
            .with(Settings.PROMETHEUS_SCRAPE_INTERVAL, "1s");
    targets = new ScrapeTargets(settings.workDir());
    register(targets, "kafka", engines.kafka());
    register(targets, "cassandra", engines.cassandra());
    prometheus = new LocalPrometheus(settings, false);
    prometheus.start();
    api = new PrometheusApi(prometheus.url());
  }

  private static Path workDir;

  /** A local engine's metrics endpoint ({@code http://host:port}) as a target of {@code job}. */
  private static void register(ScrapeTargets targets, String job, Object engine) {
    if (engine instanceof LocalEngine local) {
      local
          .metricsUrl()
          .ifPresent(url -> targets.register(job, job, url.replaceFirst("^http://", ""), Map.of()));
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (prometheus != null) {
      prometheus.stop();
    }
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void it_should_scrape_the_local_engines_and_load_the_rules(EngineSet engines) throws Exception {
    assumeTrue(
        engines.kafka() instanceof LocalEngine && engines.cassandra() instanceof LocalEngine,
        "only local engines carry the metrics agent");

    await(() -> up("kafka") && up("cassandra"), "kafka and cassandra targets up");

    assertThat(api.query("kafka_controller_active_controller_count")).isNotEmpty();
    assertThat(api.query("cassandra_storage_load_bytes")).isNotEmpty();
    assertThat(api.query("count(ALERTS{alertname=\"EngineDown\",job=~\"kafka|cassandra\"})"))
        .isEmpty();
  }

  @Test
  void a_target_that_stops_answering_should_fire_its_alert_and_resolve_when_back()
      throws Exception {
    int port = freePort();
    String part = "dashboard-prometheus-it";
    targets.register("dashboard", part, "127.0.0.1:" + port, Map.of());
    try {
      await(() -> firing("EngineDown", part), "EngineDown firing for " + part);

      try (HTTPServer server =
          HTTPServer.builder()
              .hostname("127.0.0.1")
              .port(port)
              .registry(new PrometheusRegistry())
              .buildAndStart()) {
        await(() -> !firing("EngineDown", part), "EngineDown resolved for " + part);
      }
    } finally {
      targets.remove("dashboard", part);
    }
  }

  /**
   * A run's ingest registers its /metrics in the lab's targets while it runs (and removes it when
   * it stops); scraped by the real Prometheus, its counters equal the reference's trade count.
   */
  @Test
  void a_run_s_ingest_should_be_scraped_with_exactly_the_trades_kafka_acknowledged(
      EngineSet engines, @TempDir Path dir) throws Exception {
    Path session = SharedData.binanceSession(engines.settings().projectRoot(), dir);
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    RunNames names = RunNames.unique("it-ingest-metrics", engines.settings().workDir());
    String part = names.ingest();
    Path labTarget =
        new ScrapeTargets(engines.settings().workDir())
            .root()
            .resolve("ingest")
            .resolve(part + ".json");
    try (PipelineStack stack =
        PipelineStack.builder(engines, names, Feed.replay(session, Double.POSITIVE_INFINITY))
            .ingestOnly()
            .start()) {
      int port = stack.ingestMetricsPort().orElseThrow();
      assertThat(Files.readString(labTarget)).contains("\"127.0.0.1:" + port + "\"");
      // This Prometheus has a work directory of its own: give it the same target.
      targets.register("ingest", part, "127.0.0.1:" + port, Map.of());
      try {
        stack.awaitReplayed(reference.trades().size());
        String acked = "marketlab_ingest_trades_acked_total{part=\"" + part + "\"}";
        await(
            () -> value(acked) == reference.trades().size(),
            acked + " = " + reference.trades().size());
        assertThat(value("marketlab_ingest_trades_total{part=\"" + part + "\"}"))
            .isEqualTo(reference.trades().size());
        assertThat(value("marketlab_ingest_connected{part=\"" + part + "\"}")).isEqualTo(1);
        assertThat(value("marketlab_ingest_ack_latency_seconds_count{part=\"" + part + "\"}"))
            .isEqualTo(reference.trades().size());
      } finally {
        targets.remove("ingest", part);
      }
    }
    assertThat(labTarget).doesNotExist();
  }

  /** The value of a query with one sample, or -1 when it has none (yet). */
  private static double value(String promql) {
    try {
      List<PrometheusApi.Sample> samples = api.query(promql);
      return samples.size() == 1 ? samples.get(0).value() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean up(String job) {
    try {
      return api.targets().stream().anyMatch(t -> t.job().equals(job) && t.up());
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean firing(String alert, String part) {
    try {
      List<PrometheusApi.Alert> alerts = api.alerts();
      return alerts.stream()
          .anyMatch(
              a ->
                  a.name().equals(alert)
                      && a.state().equals("firing")
                      && part.equals(a.labels().get("part")));
    } catch (IOException e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not within 90 s: " + what + " (Prometheus: " + api.targetSummary() + ")");
      }
      Thread.sleep(250);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
