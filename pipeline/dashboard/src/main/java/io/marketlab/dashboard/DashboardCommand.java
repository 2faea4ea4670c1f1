package io.marketlab.dashboard;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.config.SettingsDefaults;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab dashboard}: serves the live page until Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    defaultValueProvider = SettingsDefaults.class,
    description =
        "Serve the live dashboard (candles, trades, latency) over Cassandra until Ctrl-C.")
public final class DashboardCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      descriptionKey = "lab.dashboard.port",
      description = "Web port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      descriptionKey = "lab.dashboard.bindAddress",
      description =
          "Address the web server binds; 0.0.0.0 in a container (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--cassandra",
      paramLabel = "HOST:PORT",
      split = ",",
      descriptionKey = "lab.cassandra.contactPoints",
      description = "Cassandra contact points (default: ${DEFAULT-VALUE}).")
  List<String> cassandra;

  @Option(
      names = "--datacenter",
      paramLabel = "NAME",
      descriptionKey = "lab.cassandra.datacenter",
      description = "Cassandra local datacenter (default: ${DEFAULT-VALUE}).")
  String datacenter;

  @Option(
      names = "--keyspace",
      paramLabel = "NAME",
      descriptionKey = "lab.processor.keyspace",
      description = "Keyspace the processor writes (default: ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(
      names = "--max-clients",
      paramLabel = "N",
      descriptionKey = "lab.dashboard.maxClients",
      description =
          "Live (SSE) clients served at once; one more gets HTTP 503 (default: ${DEFAULT-VALUE}).")
  int maxClients;

  @Option(
      names = "--client-queue",
      paramLabel = "EVENTS",
      descriptionKey = "lab.dashboard.clientQueue",
      description =
          "Live events that may wait for one client; a client further behind is dropped"
              + " (default: ${DEFAULT-VALUE}).")
  int clientQueue;

  @Option(
      names = "--allowed-hosts",
      paramLabel = "NAME",
      split = ",",
      descriptionKey = "lab.dashboard.allowedHosts",
      description =
          "Host names answered besides localhost, 127.0.0.1 and [::1]; others get HTTP 403"
              + " (default: none).")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers of the pipeline page (default: the lab's Kafka, see lab"
              + " settings; 'none' = no pipeline page).")
  String kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      descriptionKey = "lab.topic",
      description =
          "Trades topic the pipeline page shows, with TOPIC.gaps (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description =
          "The processor's checkpoint directory, for its lag and status (default: the"
              + " lab.processor.checkpoint setting; none = no lag shown).")
  String checkpoint;

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      descriptionKey = "lab.dashboard.prometheusUrl",
      description = "Prometheus whose health the pipeline page shows (default: none).")
  String prometheus;

  @Option(
      names = "--symbols",
      paramLabel = "SYMBOL",
      split = ",",
      description = "Symbols to offer, comma-separated (default: read from the store).")
  List<String> symbols = new ArrayList<>();

  @Override
  public Integer call() {
    DashboardConfig config;
    PipelineConfig pipeline;
    try {
      List<InetSocketAddress> points = new ArrayList<>();
      for (String point : cassandra) {
        points.add(DashboardConfig.parseHostPort(point));
      }
      config =
          DashboardConfig.defaults()
              .withHost(bind)
              .withPort(port)
              .withCassandra(points, datacenter, keyspace)
              .withSymbols(symbols)
              .withLiveLimits(maxClients, clientQueue)
              .withAllowedHosts(allowedHosts);
      pipeline = pipelineConfig();
    } catch (IllegalArgumentException e) {
      System.err.println("dashboard: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // The JVM halts once the hooks return: wait in the hook until the server closed cleanly.
    Thread hook =
        new Thread(
            () -> {
              stopped.countDown();
              awaitQuietly(closed);
            },
            "dashboard-shutdown");
    try (MarketStore store = CassandraMarketStore.connect(config);
        DashboardServer server = new DashboardServer(store, config, pipeline)) {
      Runtime.getRuntime().addShutdownHook(hook);
      registerScrapeTarget(server);
      System.out.println(
          "Dashboard: " + server.url() + "  (metrics " + server.url() + "metrics; Ctrl-C to stop)");
      stopped.await();
      return 0;
    } catch (StoreUnavailableException | IllegalStateException e) {
      System.err.println("dashboard: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } finally {
      closed.countDown();
    }
  }

  /** So that the lab's Prometheus scrapes it; a dashboard without that still serves its page. */
  private static void registerScrapeTarget(DashboardServer server) {
    try {
      server.registerScrapeTarget(
          LabSettings.loadAnywhere().workDir(), "dashboard-" + server.port());
    } catch (RuntimeException e) {
      System.err.println("dashboard: not registered for Prometheus: " + e.getMessage());
    }
  }

  /** The settings in force, with what the options say instead. */
  private PipelineConfig pipelineConfig() {
    LabSettings settings = LabSettings.loadAnywhere();
    if (topic != null) {
      settings = settings.with(Settings.TOPIC, topic).with(Settings.DLQ_TOPIC, topic + ".dlq");
    }
    if (checkpoint != null) {
      settings = settings.with(Settings.PROCESSOR_CHECKPOINT, checkpoint);
    }
    if (prometheus != null) {
      settings = settings.with(Settings.DASHBOARD_PROMETHEUS_URL, prometheus);
    }
    if (kafka != null) {
      settings = settings.with(Settings.KAFKA_BOOTSTRAP, kafka.equals("none") ? "" : kafka);
    }
    PipelineConfig config = PipelineConfig.fromSettings(settings);
    return "none".equals(kafka)
        ? new PipelineConfig(
            "",
            config.tradesTopic(),
            config.deadLetterTopic(),
            config.checkpoint(),
            config.statusFile(),
            config.prometheusUrl(),
            config.kafkaTimeout())
        : config;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DashboardCommand()).execute(args));
  }
}
