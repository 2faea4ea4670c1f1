package io.marketlab.bench;

import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.LabSettings;
import io.marketlab.harness.LatencyStats;
import io.marketlab.harness.StoredTrade;
import io.marketlab.model.session.SessionReader;
import io.marketlab.model.session.SessionStats;
import io.marketlab.scenarios.compare.Comparisons;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline's figures on this machine: sustained trades/s from a max-speed replay into
 * Cassandra (between the first and the last stored trade), and end-to-end latency (stored − receipt
 * at the ingest) at a live-like rate. Each run also checks that the result is exact.
 */
@Command(name = "pipeline", description = "Sustained trades/s replay→Cassandra at max speed, and end-to-end latency at a live-like rate.")
final class PipelineBench implements Callable<Integer> {

  @Option(names = "--throughput-session", description = "Session for the max-speed run (default: the SPY day, 250,601 trades).")
  Path throughputSession;

  @Option(names = "--latency-session", description = "Session for the latency run (default: replay-data/btc-eth-demo.session.gz).")
  Path latencySession;

  @Option(names = "--rate", defaultValue = "100", description = "Trades/s of the latency run (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--skip-throughput", description = "Only the latency run.")
  boolean skipThroughput;

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    try (EngineSet engines = EngineSet.create(settings, false)) {
      engines.start();
      if (!skipThroughput) {
        Path session = throughputSession != null ? throughputSession : BenchCommand.Ingest.defaultSession(settings);
        PipelineRun.Result result = PipelineRun.run(engines, PipelineRun.Options.of("bench-throughput", session)
            .withStallTimeout(java.time.Duration.ofMinutes(5)), System.err::println);
        System.out.printf(Locale.ROOT, "throughput: %d trades stored; sustained %.0f trades/s (first to last stored); "
            + "replay→Kafka %.1f s; exact: %s%n", result.trades().size(), sustained(result.trades()),
            result.replayTook().toMillis() / 1000.0, exact(result));
      }
      Path session = latencySession != null ? latencySession
          : settings.projectRoot().resolve("replay-data/btc-eth-demo.session.gz");
      SessionStats stats = SessionReader.stats(session);
      double sessionSeconds = Math.max(1, (stats.lastOffsetMicros() - stats.firstOffsetMicros()) / 1e6);
      double speed = rate / (stats.trades() / sessionSeconds);
      PipelineRun.Result result = PipelineRun.run(engines, PipelineRun.Options.of("bench-latency", session)
          .withSpeed(speed), System.err::println);
      LatencyStats latency = LatencyStats.of(result.latencyMillis());
      LatencyStats steady = LatencyStats.of(afterWarmUp(result.trades(), WARM_UP_MICROS));
      System.out.printf(Locale.ROOT, "latency at %.0f trades/s (speed %.2f, %d trades): p50 %d ms, p95 %d ms, p99 %d ms, "
          + "max %d ms; exact: %s%n", rate, speed, result.trades().size(), latency.p50(), latency.p95(), latency.p99(),
          latency.max(), exact(result));
      System.out.printf(Locale.ROOT, "  steady state (trades received %d s or more after the first; the processor's first "
          + "micro-batches after a cold start carry Spark's planning and code generation): %d trades, p50 %d ms, "
          + "p95 %d ms, p99 %d ms, max %d ms%n", WARM_UP_MICROS / 1_000_000, steady.count(), steady.p50(), steady.p95(),
          steady.p99(), steady.max());
    }
    return 0;
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

  private static String exact(PipelineRun.Result result) {
    Check trades = Comparisons.trades(result.reference().trades(), result.trades());
    if (!trades.passed()) {
      return "NO: " + trades.detail();
    }
    for (Check candles : Comparisons.candles(result.reference().candles(), result.candles(), List.of(Resolution.values()))) {
      if (!candles.passed()) {
        return "NO: " + candles.detail();
      }
    }
    return "yes (trades and 1s/1m/1h candles equal the reference)";
  }
}
