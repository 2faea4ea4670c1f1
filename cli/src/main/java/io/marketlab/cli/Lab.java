package io.marketlab.cli;

import io.marketlab.fixtures.EngineException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lab} command: one entry point for engines, data, pipeline and scenarios. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    version = "Market Lab 0.1",
    description =
        "Market Lab: real Kafka, Cassandra and Spark on this machine, replayed market sessions, exact checks.",
    subcommands = {
      UpCommand.class,
      StatusCommand.class,
      DownCommand.class,
      DemoCommand.class,
      ResetCommand.class,
      LogsCommand.class,
      SettingsCommand.class,
      FuzzCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Lab implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    if (Runtime.version().feature() < 17) {
      System.err.println("lab: Java 17 or newer is needed; this is Java " + Runtime.version());
      return 2;
    }
    return commandLine().execute(args);
  }

  /** The whole {@code lab} command tree, as {@link #run} executes it. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Lab());
    Extensions.register(commandLine);
    commandLine.setExecutionExceptionHandler(Lab::oneLine);
    return commandLine;
  }

  /** Expected failures are one clear line and a non-zero exit; only bugs get a stack trace. */
  private static int oneLine(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof EngineException
        || e instanceof LabException
        || e instanceof IllegalArgumentException) {
      err.println("lab: " + e.getMessage());
      return 1;
    }
    err.println("lab: unexpected error: " + e);
    e.printStackTrace(err);
    return 3;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
