package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.dashboard.CassandraMarketStore;
import io.marketlab.dashboard.DashboardConfig;
import io.marketlab.dashboard.DashboardServer;
import io.marketlab.dashboard.PipelineConfig;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.harness.DayRange;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.ingest.FinnhubClientConfig;
import io.marketlab.ingest.ReplayServerConfig;
import io.marketlab.model.session.SessionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on one machine, dashboard included: engines, the Spark processor, a feed (live
 * Finnhub when FINNHUB_TOKEN is set, else a recorded session replayed by the local server that
 * speaks Finnhub's protocol), the ingest and the dashboard. Ctrl-C stops what it started, in
 * reverse order. A processor that exits on its own is restarted on its checkpoint by the harness (a
 * bounded number of times); when the harness gives up, the demo stops with exit code 1 and the
 * processor's log tail.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole pipeline with the live dashboard: live Finnhub if FINNHUB_TOKEN is set, else the project's recorded BTC+ETH session. Ctrl-C stops it.")
final class DemoCommand implements Callable<Integer> {

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  @Option(
      names = "--session",
      description =
          "Session to replay (default: replay-data/btc-eth-demo.session.gz; ignored when live).")
  Path session;

  @Option(
      names = "--speed",
      defaultValue = "1",
      description = "Replay speed: a factor or 'max' (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--symbols",
      split = ",",
      description = "Live mode: symbols to subscribe (default: BINANCE:BTCUSDT,BINANCE:ETHUSDT).")
  List<String> symbols;

  @Option(
      names = "--port",
      defaultValue = "8088",
      description = "Dashboard port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--replay", description = "Replay even when FINNHUB_TOKEN is set.")
  boolean forceReplay;

  @Option(
      names = "--exit-when-done",
      description =
          "Replay mode: stop once every trade of the session is stored (for scripts and CI).")
  boolean exitWhenDone;

  @Override
  public Integer call() throws Exception {
    LabSettings settings = LabSettings.load();
    String token = System.getenv("FINNHUB_TOKEN");
    boolean live = token != null && !token.isBlank() && !forceReplay;
    Path file = null;
    List<String> subscribe;
    if (live) {
      subscribe = symbols == null ? List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT") : symbols;
    } else {
      file =
          session != null
              ? session
              : settings.projectRoot().resolve("replay-data/btc-eth-demo.session.gz");
      if (!Files.isRegularFile(file)) {
        throw new LabException("no session at " + file);
      }
      try (SessionReader reader = SessionReader.open(file)) {
        subscribe = reader.header().symbols();
      }
    }
    String runId = RUN_ID.format(java.time.Instant.now());
    // A replayed session holds the same trades every time: each run gets its own keyspace and
    // topic,
    // so a second demo never doubles the first one's candles. Live data goes to `market`.
    String keyspace = live ? "market" : "demo_" + runId;
    String topic = live ? "trades" : "demo.trades." + runId;
    RunNames names =
        new RunNames(
            "demo",
            topic,
            topic + ".dlq",
            keyspace,
            settings.workDir().resolve("checkpoints").resolve(keyspace),
            "processor");
    Feed feed =
        live
            ? Feed.finnhub(FinnhubClientConfig.DEFAULT_URL, token, subscribe)
            : Feed.replay(file, ReplayServerConfig.parseSpeed(speed));

    List<AutoCloseable> started = new ArrayList<>();
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              System.err.println("lab: stopping the demo...");
              stop.countDown();
              closeAll(started);
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    System.err.println(
        "lab: demo "
            + (live ? "on live Finnhub " + subscribe : "replaying " + file + " at speed " + speed)
            + "; keyspace "
            + keyspace
            + ", topic "
            + topic);
    EngineSet engines = EngineSet.create(settings, false);
    started.add(engines);
    engines.start();
    startPrometheus(settings, started);

    // Registered before it starts: a Ctrl-C while the processor starts stops what already runs.
    PipelineStack stack =
        PipelineStack.builder(engines, names, feed)
            .progress(line -> System.err.println("lab: " + line))
            .build();
    started.add(stack);
    stack.start();

    DashboardConfig dashboardConfig =
        DashboardConfig.fromSettings(settings)
            .withPort(port)
            .withCassandra(
                engines.cassandra().getContactPoints(),
                engines.cassandra().getLocalDatacenter(),
                keyspace)
            .withSymbols(subscribe);
    DashboardServer dashboard =
        new DashboardServer(
            new CassandraMarketStore(stack.session(), keyspace, subscribe),
            dashboardConfig,
            PipelineConfig.forRun(engines.kafka().getBootstrapServers(), topic, names.checkpoint())
                .withPrometheus(settings.get(Settings.DASHBOARD_PROMETHEUS_URL))
                .withKafkaTimeout(settings.get(Settings.DASHBOARD_KAFKA_TIMEOUT)));
    started.add(dashboard);
    dashboard.registerScrapeTarget(settings.workDir(), "dashboard-" + dashboard.port());
    System.out.println("dashboard: " + dashboard.url() + "   (Ctrl-C stops the demo)");
    System.err.println(
        "lab: metrics: ingest "
            + stack.ingestMetricsUrl().orElse("off")
            + ", dashboard "
            + dashboard.url()
            + "metrics (scraped by the lab's Prometheus when it runs)");

    long expected = -1;
    DayRange days =
        new DayRange(LocalDate.now(ZoneOffset.UTC).minusDays(1), LocalDate.now(ZoneOffset.UTC));
    if (!live) {
      Expectation session = Expectation.ofSession(file);
      expected = session.trades();
      days = session.days();
    }
    boolean announced = false;
    int exitCode = 0;
    while (!stop.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
      if (stack.failure().isPresent()) {
        System.err.println("lab: the demo stops: " + stack.failure().get());
        exitCode = 1;
        break;
      }
      var metrics = stack.ingestMetrics();
      long stored = storedSoFar(stack, days);
      String replay =
          stack
              .replayProgress()
              .map(
                  progress ->
                      "replayed "
                          + progress.framesReplayed()
                          + "/"
                          + progress.totalFrames()
                          + " frames")
              .orElse("live");
      int restarts = stack.processorRestarts();
      System.err.printf(
          "lab: %s | ingested %d trades (dlq %d) | stored %d%s | %s%n",
          replay,
          metrics.trades(),
          metrics.deadLetters(),
          stored,
          restarts == 0 ? "" : " | processor restarted " + restarts + "x",
          dashboard.url());
      // The trade rows come from the real-time query; the page also needs the stateful query's
      // rows (candles, each symbol's newest trade time) of the same trades.
      if (expected >= 0 && stored >= expected && !announced && stack.processorCaughtUp()) {
        announced = true;
        System.err.println(
            "lab: the session is replayed and stored ("
                + stored
                + " trades); the dashboard stays up until Ctrl-C");
        if (exitWhenDone) {
          break;
        }
      }
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    closeAll(started);
    return exitCode;
  }

  /**
   * The lab's Prometheus, so every part of the demo is scraped (file-discovered targets): adopted
   * when {@code lab up} started it (and left running), else started and stopped with the demo;
   * without the program, one line says how to install it and the demo runs on.
   */
  private static void startPrometheus(LabSettings settings, List<AutoCloseable> started) {
    LocalPrometheus prometheus = new LocalPrometheus(settings, false);
    if (prometheus.binary().isEmpty()) {
      System.err.println("lab: " + prometheus.missingMessage() + "; the demo runs without it");
      return;
    }
    started.add(prometheus);
    try {
      prometheus.start();
      System.err.println("lab: Prometheus " + prometheus.url() + " scrapes every part");
    } catch (RuntimeException e) {
      System.err.println("lab: Prometheus did not start (" + e.getMessage() + "); going on");
    }
  }

  private static long storedSoFar(PipelineStack stack, DayRange days) {
    try {
      return stack.countStoredTrades(days);
    } catch (RuntimeException e) {
      return -1; // the keyspace may not exist yet
    }
  }

  private static synchronized void closeAll(List<AutoCloseable> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("lab: stopping " + started.get(i) + " failed: " + e.getMessage());
      }
    }
    started.clear();
  }
}
