package io.marketlab.bench;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The same session through the processor twice, at max speed, with small and large micro-batches
 * ({@code maxOffsetsPerTrigger} 100 and 50,000): the tables must be identical (candles field by
 * field, trades as a multiset of their values, both also against the reference), and the driver's
 * CPU per batch (the CPU time of each query's stream execution thread, from the processor's
 * progress lines) must not grow with the batch.
 */
@Command(
    name = "batching",
    mixinStandardHelpOptions = true,
    description =
        "One session with small and large micro-batches: identical tables, and the driver's CPU"
            + " per batch beside the records per batch.")
final class BatchingBench implements Callable<Integer> {

  @Option(
      names = "--session",
      description = "Session to replay (default: replay-data/btc-eth-demo.session.gz).")
  Path session;

  @Option(
      names = "--small",
      defaultValue = "100",
      description = "maxOffsetsPerTrigger of the small-batch run (default: ${DEFAULT-VALUE}).")
  long small;

  @Option(
      names = "--large",
      defaultValue = "50000",
      description = "maxOffsetsPerTrigger of the large-batch run (default: ${DEFAULT-VALUE}).")
  long large;

  /**
   * The processor's line per stateful batch (BatchWriter): "batch 7: 100 records, ... ; driver cpu
   * 2.1 ms in the batch, 5.3 ms before it".
   */
  static final Pattern BATCH_LINE =
      Pattern.compile(
          "BatchWriter - batch \\d+: (\\d+) records, .*; driver cpu ([0-9.]+) ms in the batch"
              + "(?:, ([0-9.]+) ms before it)?");

  /**
   * Batches, mean records per batch, and the median driver CPU ms in a batch and before it (NaN
   * when no batch had one).
   */
  record DriverCpu(int batches, double recordsPerBatch, double inBatchMs, double beforeMs) {}

  @Override
  public Integer call() {
    if (small < 1 || large < small) {
      System.err.println("lab bench batching: need 1 <= --small <= --large");
      return 2;
    }
    LabSettings settings = LabSettings.load();
    Path file =
        session != null
            ? session
            : settings.projectRoot().resolve("replay-data/btc-eth-demo.session.gz");
    try (EngineSet engines = EngineSet.create(settings, false)) {
      engines.start();
      List<PipelineBench.Measured> runs = new ArrayList<>();
      for (long size : List.of(small, large)) {
        EngineSet view =
            engines.with(Settings.PROCESSOR_MAX_OFFSETS_PER_TRIGGER, Long.toString(size));
        PipelineBench.Measured run =
            PipelineBench.run(
                view,
                "bench-batch-" + size,
                file,
                Double.POSITIVE_INFINITY,
                Expectation.DEFAULT_STALL_TIMEOUT);
        runs.add(run);
        Path log = settings.logDir().resolve(run.names().processor() + ".log");
        System.out.printf(
            Locale.ROOT,
            "maxOffsetsPerTrigger %d: %d trades, %d candles; exact: %s%n",
            size,
            run.stored().trades().size(),
            run.stored().candles().size(),
            run.exact());
        DriverCpu cpu = driverCpu(log);
        System.out.printf(
            Locale.ROOT,
            "  stateful query: %d batches with records, %.0f records per batch; driver cpu per"
                + " batch (median): %.1f ms in foreachBatch, %.1f ms between batches (offsets,"
                + " planning, WAL, commit)%n",
            cpu.batches(),
            cpu.recordsPerBatch(),
            cpu.inBatchMs(),
            cpu.beforeMs());
        if (cpu.batches() == 0) {
          System.err.println("lab bench batching: no batch lines with the driver's CPU in " + log);
          return 1;
        }
      }
      String candles = sameCandles(runs.get(0).stored().candles(), runs.get(1).stored().candles());
      String trades = sameTrades(runs.get(0).stored().trades(), runs.get(1).stored().trades());
      System.out.println("candles identical: " + candles);
      System.out.println("trades identical: " + trades);
      return candles.startsWith("yes") && trades.startsWith("yes") ? 0 : 1;
    }
  }

  /** The stateful query's batches in a processor log. */
  static DriverCpu driverCpu(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      System.err.println("lab bench batching: cannot read " + log + ": " + e.getMessage());
      return new DriverCpu(0, 0, Double.NaN, Double.NaN);
    }
    long records = 0;
    List<Double> inBatch = new ArrayList<>();
    List<Double> before = new ArrayList<>();
    for (String line : lines) {
      Matcher match = BATCH_LINE.matcher(line);
      if (match.find()) {
        long rows = Long.parseLong(match.group(1));
        if (rows == 0) {
          continue;
        }
        records += rows;
        inBatch.add(Double.parseDouble(match.group(2)));
        if (match.group(3) != null) {
          before.add(Double.parseDouble(match.group(3)));
        }
      }
    }
    return new DriverCpu(
        inBatch.size(),
        inBatch.isEmpty() ? 0 : (double) records / inBatch.size(),
        median(inBatch),
        median(before));
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** "yes (N candles)" or the first difference, updated_at left out. */
  static String sameCandles(List<StoredCandle> a, List<StoredCandle> b) {
    Map<String, StoredCandle> left = new HashMap<>();
    for (StoredCandle candle : a) {
      left.put(key(candle), candle.withoutUpdatedAt());
    }
    if (a.size() != b.size()) {
      return "no: " + a.size() + " candles against " + b.size();
    }
    for (StoredCandle candle : b) {
      StoredCandle other = left.get(key(candle));
      if (!candle.withoutUpdatedAt().equals(other)) {
        return "no: " + candle.withoutUpdatedAt() + " against " + other;
      }
    }
    return "yes (" + a.size() + " candles, every field but updated_at)";
  }

  private static String key(StoredCandle candle) {
    return candle.symbol() + "|" + candle.resolution() + "|" + candle.windowStartMs();
  }

  /**
   * "yes (N trades)" when both runs stored the same trades as a multiset of their values (symbol,
   * time, price, volume, conditions, late flag): the run's ingest id and timestamps differ by
   * design.
   */
  static String sameTrades(List<StoredTrade> a, List<StoredTrade> b) {
    Map<String, Integer> counts = new HashMap<>();
    for (StoredTrade trade : a) {
      counts.merge(values(trade), 1, Integer::sum);
    }
    for (StoredTrade trade : b) {
      String key = values(trade);
      Integer left = counts.get(key);
      if (left == null) {
        return "no: " + key + " only in the second run";
      }
      if (left == 1) {
        counts.remove(key);
      } else {
        counts.put(key, left - 1);
      }
    }
    if (!counts.isEmpty()) {
      return "no: " + counts.keySet().iterator().next() + " only in the first run";
    }
    return "yes (" + a.size() + " trades)";
  }

  private static String values(StoredTrade t) {
    return t.symbol()
        + "|"
        + t.timeMs()
        + "|"
        + t.price()
        + "|"
        + t.volume()
        + "|"
        + t.conditions()
        + "|"
        + t.late();
  }
}
