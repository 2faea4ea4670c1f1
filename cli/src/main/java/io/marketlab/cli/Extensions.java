package io.marketlab.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Registers the commands other modules contribute. Those cli is compiled against (ingest,
 * importers, bench, dashboard) are named here; a module cli only has at run time (scenarios: {@code
 * lab scenario}) lists its top-level picocli command in {@code
 * META-INF/services/java.lang.Runnable}: a {@code Runnable} annotated with {@link Command}, with a
 * public no-argument constructor. Classes listed there without {@code @Command} are not commands
 * and are left alone.
 */
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
    for (ServiceLoader.Provider<Runnable> contributed :
        ServiceLoader.load(Runnable.class).stream().toList()) {
      if (contributed.type().isAnnotationPresent(Command.class)) {
        lab.addSubcommand(contributed.get());
      }
    }
  }
}
