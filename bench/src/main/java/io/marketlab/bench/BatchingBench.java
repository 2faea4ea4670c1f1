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
import java.util.TreeMap;
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

  /** "query NAME: ... ; driver stream thread cpu 12.3 ms per batch at 45 records per batch". */
  static final Pattern CPU_LINE =
      Pattern.compile(
          "query (\\S+): (\\d+) batches, .*driver stream thread cpu ([0-9.]+) ms per batch at"
              + " (\\d+) records per batch");

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
        for (Map.Entry<String, double[]> query : driverCpu(log).entrySet()) {
          double[] figures = query.getValue();
          System.out.printf(
              Locale.ROOT,
              "  %s: %.0f batches, driver stream thread cpu %.1f ms per batch at %.0f records per"
                  + " batch%n",
              query.getKey(),
              figures[0],
              figures[1] / Math.max(1, figures[0]),
              figures[2] / Math.max(1, figures[0]));
        }
      }
      String candles = sameCandles(runs.get(0).stored().candles(), runs.get(1).stored().candles());
      String trades = sameTrades(runs.get(0).stored().trades(), runs.get(1).stored().trades());
      System.out.println("candles identical: " + candles);
      System.out.println("trades identical: " + trades);
      return candles.startsWith("yes") && trades.startsWith("yes") ? 0 : 1;
    }
  }

  /**
   * Per query of the log: batches, and the sums over its progress lines of driver CPU ms and of
   * records (each weighted by the line's batches).
   */
  static Map<String, double[]> driverCpu(Path log) {
    Map<String, double[]> byQuery = new TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      System.err.println("lab bench batching: cannot read " + log + ": " + e.getMessage());
      return byQuery;
    }
    for (String line : lines) {
      Matcher match = CPU_LINE.matcher(line);
      if (match.find()) {
        double batches = Double.parseDouble(match.group(2));
        double[] sums = byQuery.computeIfAbsent(match.group(1), q -> new double[3]);
        sums[0] += batches;
        sums[1] += batches * Double.parseDouble(match.group(3));
        sums[2] += batches * Double.parseDouble(match.group(4));
      }
    }
    return byQuery;
  }

  /** "yes (N candles)" or the first difference, updated_at left out. */
  static String sameCandles(List<StoredCandle> a, List<StoredCandle> b) {
    Map<String, StoredCandle> left = new HashMap<>();
    for (StoredCandle candle : a) {
      left.put(key(candle), withoutUpdate(candle));
    }
    if (a.size() != b.size()) {
      return "no: " + a.size() + " candles against " + b.size();
    }
    for (StoredCandle candle : b) {
      StoredCandle other = left.get(key(candle));
      if (!withoutUpdate(candle).equals(other)) {
        return "no: " + withoutUpdate(candle) + " against " + other;
      }
    }
    return "yes (" + a.size() + " candles, every field but updated_at)";
  }

  private static String key(StoredCandle candle) {
    return candle.symbol() + "|" + candle.resolution() + "|" + candle.windowStartMs();
  }

  private static StoredCandle withoutUpdate(StoredCandle c) {
    return new StoredCandle(
        c.symbol(),
        c.resolution(),
        c.windowStartMs(),
        c.open(),
        c.high(),
        c.low(),
        c.close(),
        c.volume(),
        c.vwap(),
        c.tradeCount(),
        c.firstTradeMs(),
        c.lastTradeMs(),
        c.bucket(),
        c.isFinal(),
        0);
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
