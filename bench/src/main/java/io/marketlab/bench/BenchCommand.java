package io.marketlab.bench;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.importers.ImportConfig;
import io.marketlab.importers.ImportFormat;
import io.marketlab.importers.Importer;
import io.marketlab.ingest.bench.IngestBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab bench ...}: benchmarks on the running engines (started if needed). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (not tests): measure speed on this machine and print figures.",
    subcommands = {BenchCommand.Ingest.class, PipelineBench.class, BatchingBench.class})
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Trades/s from a max-speed replay through the ingest into Kafka. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Trades/s from a max-speed replay through the ingest into Kafka (topic bench.trades).")
  static final class Ingest implements Callable<Integer> {

    @Parameters(
        arity = "0..1",
        description =
            "Session file (default: the SPY day of ../shared, 250,601 trades, imported once).")
    Path session;

    @Option(
        names = "--runs",
        defaultValue = "3",
        description = "Repetitions; the first warms the JVM (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
      LabSettings settings = LabSettings.load();
      Path file = session != null ? session : defaultSession(settings);
      try (EngineSet engines = EngineSet.create(settings, false)) {
        engines.start();
        for (int run = 1; run <= runs; run++) {
          IngestBenchmark.Result result =
              IngestBenchmark.run(file, engines.kafka().getBootstrapServers());
          System.out.println("run " + run + "/" + runs + ": " + result);
        }
      }
      return 0;
    }

    static Path defaultSession(LabSettings settings) {
      Path file = settings.workDir().resolve("sessions/spy-20131007.session.gz");
      if (!Files.exists(file)) {
        Path zip =
            settings
                .projectRoot()
                .resolve("../shared/replay-data/lean-equity-ticks/spy_20131007_trade.zip")
                .normalize();
        if (!Files.exists(zip)) {
          throw new IllegalArgumentException("no session given and " + zip + " is missing");
        }
        System.err.println("importing " + zip + " once into " + file);
        Importer.run(
            ImportConfig.of(ImportFormat.LEAN, List.of(zip), file).withName("spy-20131007"));
      }
      return file;
    }
  }
}
