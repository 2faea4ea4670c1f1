package io.marketlab.bench;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.Feed;
import io.marketlab.harness.LatencyStats;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.ReplayReference;
import io.marketlab.harness.RunNames;
import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredRun;
import io.marketlab.harness.StoredTrade;
import io.marketlab.model.session.SessionReader;
import io.marketlab.model.session.SessionStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline's figures on this machine: sustained trades/s from a max-speed replay into
 * Cassandra (between the first and the last stored trade), and end-to-end latency (stored − receipt
 * at the ingest) at a live-like rate. Each run also checks that the result is exact, against the
 * independent reference when it is on the class path (it is under ./lab; see {@link
 * ReplayReference}).
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "Sustained trades/s replay→Cassandra at max speed, and end-to-end latency at a live-like rate.")
final class PipelineBench implements Callable<Integer> {

  @Option(
      names = "--throughput-session",
      description = "Session for the max-speed run (default: the SPY day, 250,601 trades).")
  Path throughputSession;

  @Option(
      names = "--latency-session",
      description = "Session for the latency run (default: replay-data/btc-eth-demo.session.gz).")
  Path latencySession;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Trades/s of the latency run (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--skip-throughput", description = "Only the latency run.")
  boolean skipThroughput;

  @Option(
      names = "--skip-baselines",
      description =
          "No Cassandra and Kafka baselines beside the throughput run (they take about 30 s).")
  boolean skipBaselines;

  @Option(
      names = "--baseline-rows",
      defaultValue = "200000",
      description = "Rows each Cassandra baseline writes (default: ${DEFAULT-VALUE}).")
  int baselineRows;

  @Option(
      names = "--executors",
      description =
          "Executor JVMs of the processor on a Spark cluster (lab up --spark-cluster, then"
              + " LAB_SPARK_MASTER=spark://127.0.0.1:7077); default: the lab.processor.executors"
              + " setting.")
  Integer executors;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description =
          "Kafka brokers and Cassandra nodes to run on (as lab up --nodes N; default: the"
              + " lab.nodes setting, or the running lab's count)")
  Integer nodes;

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    if (nodes != null) {
      settings = settings.with(Settings.NODES, nodes.toString());
    }
    if (executors != null) {
      if (settings.get(Settings.SPARK_MASTER).startsWith("local")) {
        System.err.println(
            "lab bench: --executors needs a Spark cluster: lab up --spark-cluster, then"
                + " LAB_SPARK_MASTER=spark://127.0.0.1:"
                + settings.get(Settings.SPARK_MASTER_PORT)
                + " (now "
                + settings.get(Settings.SPARK_MASTER)
                + ")");
        return 2;
      }
      settings = settings.with(Settings.PROCESSOR_EXECUTORS, executors.toString());
    }
    System.err.printf(
        Locale.ROOT,
        "bench: processor on %s%s, trade rows %s, %d Kafka partitions%n",
        settings.get(Settings.SPARK_MASTER),
        settings.get(Settings.SPARK_MASTER).startsWith("local")
            ? ""
            : " with "
                + settings.get(Settings.PROCESSOR_EXECUTORS)
                + " executors x "
                + settings.get(Settings.PROCESSOR_EXECUTOR_CORES)
                + " cores",
        settings.get(Settings.PROCESSOR_TRADE_ROWS),
        settings.get(Settings.KAFKA_PARTITIONS));
    try (EngineSet engines = EngineSet.create(settings, false)) {
      long startNanos = System.nanoTime();
      engines.start();
      long resident = 0;
      for (LocalEngine engine : engines.localEngines()) {
        resident += engine.status().residentBytes().orElse(0);
      }
      System.out.printf(
          Locale.ROOT,
          "engines: %s; ready in %.1f s (0 when they ran already); resident memory %d MB over %d"
              + " engine JVMs%n",
          engines.provider(),
          (System.nanoTime() - startNanos) / 1e9,
          resident >> 20,
          engines.localEngines().size());
      if (!skipThroughput) {
        Path session =
            throughputSession != null
                ? throughputSession
                : BenchCommand.Ingest.defaultSession(settings);
        Measured result =
            run(
                engines,
                "bench-throughput",
                session,
                Double.POSITIVE_INFINITY,
                Duration.ofMinutes(5));
        double pipeline = sustained(result.stored().trades());
        System.out.printf(
            Locale.ROOT,
            "throughput: %d trades stored; sustained %.0f trades/s (first to last stored); "
                + "replay→Kafka %.1f s; exact: %s%n",
            result.stored().trades().size(),
            pipeline,
            result.stored().replayTook().toMillis() / 1000.0,
            result.exact());
        if (!skipBaselines) {
          baselines(engines, result.names(), pipeline);
        }
      }
      Path session =
          latencySession != null
              ? latencySession
              : settings.projectRoot().resolve("replay-data/btc-eth-demo.session.gz");
      SessionStats stats = SessionReader.stats(session);
      double sessionSeconds =
          Math.max(1, (stats.lastOffsetMicros() - stats.firstOffsetMicros()) / 1e6);
      double speed = rate / (stats.trades() / sessionSeconds);
      Measured result =
          run(engines, "bench-latency", session, speed, Expectation.DEFAULT_STALL_TIMEOUT);
      List<StoredTrade> trades = result.stored().trades();
      LatencyStats latency = LatencyStats.of(result.stored().latencyMillis());
      LatencyStats steady = LatencyStats.of(afterWarmUp(trades, WARM_UP_MICROS));
      System.out.printf(
          Locale.ROOT,
          "latency at %.0f trades/s (speed %.2f, %d trades): p50 %d ms, p95 %d ms, p99 %d ms, "
              + "max %d ms; exact: %s%n",
          rate,
          speed,
          trades.size(),
          latency.p50(),
          latency.p95(),
          latency.p99(),
          latency.max(),
          result.exact());
      LatencyStats candles = LatencyStats.of(result.stored().candleLatencyMillis());
      System.out.printf(
          Locale.ROOT,
          "  candles (updated_at of each candle − receipt of the latest trade it holds, whole run,"
              + " %d candles): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
          candles.count(),
          candles.p50(),
          candles.p95(),
          candles.p99(),
          candles.max());
      System.out.printf(
          Locale.ROOT,
          "  steady state (trades received %d s or more after the first; the processor's first "
              + "micro-batches after a cold start carry Spark's planning and code generation): %d trades, p50 %d ms, "
              + "p95 %d ms, p99 %d ms, max %d ms%n",
          WARM_UP_MICROS / 1_000_000,
          steady.count(),
          steady.p50(),
          steady.p95(),
          steady.p99(),
          steady.max());
    }
    return 0;
  }

  /** What one run stored, and whether it is exactly what the reference predicts. */
  record Measured(StoredRun stored, String exact, RunNames names) {}

  /** The engines on their own, measured now, and the pipeline's share of each. */
  private void baselines(EngineSet engines, RunNames names, double pipeline) {
    System.err.println("baselines: bare KafkaConsumer over the run's topic " + names.topic());
    Baselines.Rate kafka =
        Baselines.kafka(engines.kafka().getBootstrapServers(), names.topic(), System.err::println);
    System.err.printf(
        Locale.ROOT,
        "baselines: Cassandra, %d rows as single inserts, then as batches of %d%n",
        baselineRows,
        Baselines.BATCH_ROWS);
    Map<String, Baselines.Rate> cassandra =
        Baselines.cassandra(engines, names.keyspace() + "_baseline", baselineRows);
    double single = cassandra.get("single").perSecond();
    double batched = cassandra.get("batched").perSecond();
    System.out.printf(
        Locale.ROOT,
        "baselines (same engines, same run): Cassandra single async inserts %.0f rows/s;"
            + " single-partition UNLOGGED batches of %d %.0f rows/s; bare KafkaConsumer %.0f"
            + " records/s%n",
        single,
        Baselines.BATCH_ROWS,
        batched,
        kafka.perSecond());
    System.out.printf(
        Locale.ROOT,
        "  pipeline %.0f trades/s = %.0f %% of the batched Cassandra baseline, %.0f %% of single"
            + " inserts, %.0f %% of the bare Kafka consumer%n",
        pipeline,
        100 * pipeline / batched,
        100 * pipeline / single,
        100 * pipeline / kafka.perSecond());
  }

  /** One replay of the whole session through the pipeline, on its own topic and keyspace. */
  static Measured run(
      EngineSet engines, String name, Path session, double speed, Duration stallTimeout) {
    ReplayReference.Prediction prediction = predict(session);
    Expectation expected = prediction.expectation().withStallTimeout(stallTimeout);
    RunNames names = RunNames.unique(name, engines.settings().workDir());
    System.err.printf(
        Locale.ROOT,
        "%s: %d trades in the session (%s), topic %s, keyspace %s%n",
        name,
        expected.trades(),
        ReplayReference.find().isPresent() ? "reference" : "session file",
        names.topic(),
        names.keyspace());
    StoredRun stored;
    try (PipelineStack stack =
        PipelineStack.builder(engines, names, Feed.replay(session, speed))
            .progress(line -> System.err.println(name + ": " + line))
            .start()) {
      stored = stack.finishReplay(expected);
    }
    return new Measured(stored, prediction.verdict(stored.trades(), stored.candles()), names);
  }

  /**
   * The reference's prediction when the scenarios module is on the class path (as under ./lab);
   * else the session's own trade count, unchecked.
   */
  private static ReplayReference.Prediction predict(Path session) {
    Optional<ReplayReference> reference = ReplayReference.find();
    if (reference.isPresent()) {
      return reference.get().predict(session);
    }
    Expectation fromSession = Expectation.ofSession(session);
    return new ReplayReference.Prediction() {
      @Override
      public Expectation expectation() {
        return fromSession;
      }

      @Override
      public String verdict(List<StoredTrade> trades, List<StoredCandle> candles) {
        return "not checked (no reference calculator on the class path)";
      }
    };
  }

  private static final long WARM_UP_MICROS = 5_000_000;

  /** Latencies (ms) of the trades received at least {@code warmUpMicros} after the first one. */
  static long[] afterWarmUp(List<StoredTrade> trades, long warmUpMicros) {
    long first = Long.MAX_VALUE;
    for (StoredTrade trade : trades) {
      first = Math.min(first, trade.receivedAtMicros());
    }
    List<Long> kept = new java.util.ArrayList<>();
    for (StoredTrade trade : trades) {
      if (trade.receivedAtMicros() - first >= warmUpMicros) {
        kept.add(Math.max(0, (trade.storedAtMicros() - trade.receivedAtMicros()) / 1000));
      }
    }
    return kept.stream().mapToLong(Long::longValue).toArray();
  }

  /** Trades per second between the first and the last stored_at. */
  static double sustained(List<StoredTrade> trades) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (StoredTrade trade : trades) {
      first = Math.min(first, trade.storedAtMicros());
      last = Math.max(last, trade.storedAtMicros());
    }
    return trades.size() / Math.max(1e-3, (last - first) / 1e6);
  }
}
