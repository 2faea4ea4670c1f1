package io.marketlab.cli;

import picocli.CommandLine;

/** Registers the commands other modules contribute (ingest, importers, scenarios). */
final class Extensions {

  private Extensions() {}

  static void register(CommandLine lab) {
    lab.addSubcommand(new io.marketlab.ingest.cli.ReplayCommand());
    lab.addSubcommand(new io.marketlab.ingest.cli.RecordCommand());
    lab.addSubcommand(new io.marketlab.ingest.cli.IngestCommand());
    lab.addSubcommand(new io.marketlab.ingest.cli.ConsumeCommand());
    lab.addSubcommand(new io.marketlab.importers.ImportCommand());
    lab.addSubcommand(new io.marketlab.bench.BenchCommand());
    lab.addSubcommand(new io.marketlab.dashboard.DashboardCommand());
    lab.addSubcommand(new io.marketlab.scenarios.ScenarioCommand());
  }
}
