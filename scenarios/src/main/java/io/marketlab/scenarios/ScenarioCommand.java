package io.marketlab.scenarios;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.Reports;
import io.marketlab.scenarios.report.ScenarioResult;
import io.marketlab.scenarios.run.ScenarioRunner;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.spec.ScenarioException;
import io.marketlab.scenarios.spec.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lab scenario run NAME...|--all} and {@code lab scenario list}: replayed sessions as
 * regression gates. Exit 0 when every check passes, 1 when one fails (each failure one line), 2 for
 * a bad scenario file or usage.
 */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description =
        "Run scenarios (scenarios/gate/*.yaml): replay a session through the real pipeline, check it exactly.",
    subcommands = {
      ScenarioCommand.Run.class,
      ScenarioCommand.ListScenarios.class,
      ScenarioCommand.Analytics.class
    })
public final class ScenarioCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where scenarios are looked up: --dir, else scenarios/gate under the project root. */
  static Path scenarioDir(Path option, LabSettings settings) {
    return option != null ? option : settings.projectRoot().resolve("scenarios/gate");
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run scenarios one after another on the running engines (started if needed) and write reports.",
        "Example: lab scenario run binance-btc-eth kill-processor",
        "         lab scenario run --all --report-dir /tmp/gate"
      })
  static final class Run implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
        arity = "0..*",
        paramLabel = "NAME",
        description = "scenario names (file names without .yaml) or files; required unless --all")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "every scenario of the directory")
    boolean all;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "scenario directory (default: scenarios/gate)")
    Path dir;

    @Option(
        names = "--report-dir",
        paramLabel = "DIR",
        description =
            "where to write report.json, junit.xml, report.html (default: target/scenario-reports/<time>/)")
    Path reportDir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (all == !names.isEmpty()) {
        err.println("lab scenario run: give scenario NAMEs or --all (not both)");
        return 2;
      }
      LabSettings settings = LabSettings.load();
      Path scenarioDir = scenarioDir(dir, settings);
      ScenarioLoader loader = new ScenarioLoader(settings.projectRoot());
      List<Scenario> scenarios = new ArrayList<>();
      try {
        List<Path> files = all ? ScenarioLoader.files(scenarioDir) : find(names, scenarioDir);
        for (Path file : files) {
          scenarios.add(loader.load(file));
        }
      } catch (ScenarioException e) {
        err.println("lab scenario: " + e.getMessage());
        return 2;
      }
      Path reports =
          reportDir != null
              ? reportDir
              : settings
                  .projectRoot()
                  .resolve("target/scenario-reports")
                  .resolve(
                      LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      List<ScenarioResult> results = new ArrayList<>();
      Instant started = Instant.now();
      Path html = null;
      try (EngineSet engines = EngineSet.create(settings, false)) {
        try {
          engines.start();
        } catch (EngineException e) {
          for (Scenario scenario : scenarios) {
            results.add(
                new ScenarioResult(
                    scenario.name(),
                    scenario.description(),
                    scenario.session().describe(),
                    Instant.now(),
                    Duration.ZERO,
                    List.of(
                        Check.of(
                            "engines", false, "Kafka and Cassandra up", "down", e.getMessage())),
                    new long[0],
                    java.util.Map.of()));
          }
        }
        ScenarioRunner runner =
            new ScenarioRunner(
                engines,
                line -> {
                  err.println(line);
                  err.flush();
                });
        for (Scenario scenario : scenarios) {
          if (results.size() == scenarios.size()) {
            break; // the engines did not start: every scenario already failed
          }
          ScenarioResult result = runner.run(scenario);
          results.add(result);
          print(out, result);
          html = Reports.write(reports, results);
        }
      }
      html = Reports.write(reports, results).toAbsolutePath();
      int failed = 0;
      for (ScenarioResult result : results) {
        for (String line : result.failureLines()) {
          out.println(line);
          failed++;
        }
      }
      out.printf(
          Locale.ROOT,
          "%d scenario(s) in %.1f min: %d passed, %d failed, %d skipped; report %s%n",
          results.size(),
          Duration.between(started, Instant.now()).toMillis() / 60_000.0,
          results.stream().filter(r -> !r.isSkipped() && r.passed()).count(),
          results.stream().filter(r -> !r.passed()).count(),
          results.stream().filter(ScenarioResult::isSkipped).count(),
          html);
      out.flush();
      return failed == 0 ? 0 : 1;
    }

    private static void print(PrintWriter out, ScenarioResult result) {
      out.printf(
          Locale.ROOT,
          "%s %s (%.1f s)%s%n",
          result.status(),
          result.name(),
          result.took().toMillis() / 1000.0,
          result.isSkipped() ? ": " + result.skipped() : "");
      for (Check check : result.checks()) {
        out.println("  " + check.oneLine());
      }
      out.flush();
    }

    /** NAME = DIR/NAME.yaml (or .yml); a name ending in .yaml/.yml is a file path. */
    static List<Path> find(List<String> names, Path dir) {
      List<Path> files = new ArrayList<>();
      for (String name : names) {
        Path file = name.matches(".*\\.ya?ml") ? Path.of(name) : dir.resolve(name + ".yaml");
        if (!Files.isRegularFile(file) && !name.matches(".*\\.ya?ml")) {
          file = dir.resolve(name + ".yml");
        }
        if (!Files.isRegularFile(file)) {
          List<String> known = new ArrayList<>();
          if (Files.isDirectory(dir)) {
            for (Path path : ScenarioLoader.files(dir)) {
              known.add(path.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
            }
          }
          throw new ScenarioException(
              "no scenario '"
                  + name
                  + "' in "
                  + dir
                  + " (known: "
                  + String.join(", ", known)
                  + ")");
        }
        files.add(file);
      }
      return files;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the scenarios and what they replay.")
  static final class ListScenarios implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "scenario directory (default: scenarios/gate)")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      LabSettings settings = LabSettings.load();
      ScenarioLoader loader = new ScenarioLoader(settings.projectRoot());
      int bad = 0;
      try {
        for (Path file : ScenarioLoader.files(scenarioDir(dir, settings))) {
          try {
            Scenario scenario = loader.load(file);
            String speed = scenario.speedText();
            out.printf(
                Locale.ROOT,
                "%-24s %s; speed %s%s%s%n",
                scenario.name(),
                scenario.session().describe(),
                speed,
                scenario.steps().isEmpty() ? "" : "; " + steps(scenario),
                scenario.repeat() > 1 ? "; " + scenario.repeat() + " runs" : "");
            if (!scenario.description().isEmpty()) {
              out.println("    " + scenario.description().lines().findFirst().orElse(""));
            }
          } catch (ScenarioException e) {
            spec.commandLine().getErr().println("lab scenario: " + e.getMessage());
            bad++;
          }
        }
      } catch (ScenarioException e) {
        spec.commandLine().getErr().println("lab scenario: " + e.getMessage());
        return 2;
      }
      out.flush();
      return bad == 0 ? 0 : 2;
    }

    private static String steps(Scenario scenario) {
      List<String> steps = new ArrayList<>();
      for (var step : scenario.steps()) {
        steps.add(step.describe());
      }
      return String.join(", ", steps);
    }
  }

  @Command(
      name = "analytics",
      mixinStandardHelpOptions = true,
      description = {
        "Count the anomalies the detectors raise per symbol-hour on scenarios' sessions, at the"
            + " settings in force (LAB_ANOMALY_*), with no engines: the reference's own"
            + " computation, which the gate checks the processor against.",
        "Example: lab scenario analytics binance-btc-eth equities-spy-bac-aig",
        "         LAB_ANOMALY_JUMP_THRESHOLD=10 lab scenario analytics --all"
      })
  static final class Analytics implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
        arity = "0..*",
        paramLabel = "NAME",
        description = "scenario names or files; required unless --all")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "every scenario of the directory")
    boolean all;

    @Option(
        names = "--list",
        description = "also one line per anomaly (time, kind, score, value, baseline)")
    boolean list;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "scenario directory (default: scenarios/gate)")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (all == !names.isEmpty()) {
        err.println("lab scenario analytics: give scenario NAMEs or --all (not both)");
        return 2;
      }
      LabSettings settings = LabSettings.load();
      ScenarioLoader loader = new ScenarioLoader(settings.projectRoot());
      io.marketlab.scenarios.run.SessionCache sessions =
          new io.marketlab.scenarios.run.SessionCache(settings.workDir().resolve("sessions"));
      io.marketlab.scenarios.reference.ReferenceAnalytics.Params params =
          io.marketlab.scenarios.run.ScenarioRunner.anomalyParams(settings);
      out.println("anomaly settings: " + params);
      int failed = 0;
      try {
        Path scenarioDir = scenarioDir(dir, settings);
        List<Path> files = all ? ScenarioLoader.files(scenarioDir) : Run.find(names, scenarioDir);
        for (Path file : files) {
          Scenario scenario = loader.load(file);
          try {
            out.println(
                io.marketlab.scenarios.run.ScenarioRunner.analyticsSummary(
                    scenario, sessions, params, list, err::println));
          } catch (RuntimeException e) {
            err.println("lab scenario analytics: " + scenario.name() + ": " + e.getMessage());
            failed++;
          }
          out.flush();
        }
      } catch (ScenarioException e) {
        err.println("lab scenario: " + e.getMessage());
        return 2;
      }
      return failed == 0 ? 0 : 1;
    }
  }
}
