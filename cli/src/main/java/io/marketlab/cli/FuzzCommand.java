package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab fuzz}: runs the Jazzer fuzz tests for longer than {@code mvn test} does (there each
 * {@code @FuzzTest} only replays its committed inputs). One Maven run per target, one after the
 * other (Jazzer fuzzes one test per JVM), with the root POM's {@code fuzz} profile.
 */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = {
      "Fuzz the parsers with Jazzer: each target for --minutes, one after the other.",
      "A crashing input is kept in the target's src/test/resources/.../<Class>Inputs/<method>/"
          + " (mvn test then replays it); inputs that found new code go to <module>/.cifuzz-corpus/."
    })
final class FuzzCommand implements Callable<Integer> {

  /** One {@code @FuzzTest} method; {@link FuzzCommandTest} checks that each exists. */
  record Target(String name, String module, String testClass, String method, String what) {

    String test() {
      return testClass + "#" + method;
    }

    /** Where Jazzer keeps this test's inputs in the source tree (crashes land there). */
    Path inputs(Path root) {
      int dot = testClass.lastIndexOf('.');
      return root.resolve(module)
          .resolve("src/test/resources")
          .resolve(testClass.substring(0, dot).replace('.', '/'))
          .resolve(testClass.substring(dot + 1) + "Inputs")
          .resolve(method);
    }
  }

  static final List<Target> TARGETS =
      List.of(
          new Target(
              "codec",
              "pipeline/model",
              "io.marketlab.model.finnhub.FinnhubCodecFuzzTest",
              "parse",
              "Finnhub frame codec: parse, parseClientRequest, tradeFrame round trip"),
          new Target(
              "session-read",
              "pipeline/model",
              "io.marketlab.model.session.SessionFuzzTest",
              "readAnyFile",
              "session reader on any bytes, then write and read again"),
          new Target(
              "session-roundtrip",
              "pipeline/model",
              "io.marketlab.model.session.SessionFuzzTest",
              "writeThenRead",
              "SessionWriter then SessionReader: any header and frames read back equal"),
          new Target(
              "importers",
              "pipeline/importers",
              "io.marketlab.importers.ImporterFuzzTest",
              "importAny",
              "every importer (binance-capture, binance-csv, lean, csv; plain, gz, zip)"),
          new Target(
              "scenario-loader",
              "scenarios",
              "io.marketlab.scenarios.spec.ScenarioLoaderFuzzTest",
              "load",
              "scenario files (YAML)"),
          new Target(
              "dashboard-params",
              "pipeline/dashboard",
              "io.marketlab.dashboard.ApiParametersFuzzTest",
              "query",
              "dashboard API parameters over HTTP (candles, trades)"));

  private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");

  @Option(
      names = "--minutes",
      paramLabel = "N",
      defaultValue = "10",
      description = "How long to fuzz each target (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description = "Fuzz only this target (default: all, one after the other); see --list.")
  String target;

  @Option(names = "--list", description = "List the targets and exit.")
  boolean list;

  @Option(names = "--dry-run", description = "Print the Maven commands instead of running them.")
  boolean dryRun;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (list) {
      for (Target each : TARGETS) {
        System.out.printf(Locale.ROOT, "%-18s %-20s %s%n", each.name(), each.module(), each.what());
      }
      return 0;
    }
    if (minutes < 1) {
      throw new LabException("--minutes must be at least 1, got " + minutes);
    }
    List<Target> chosen = chosen(target);
    Path root = LabSettings.findProjectRoot();
    List<String> summary = new ArrayList<>();
    int findings = 0;
    for (Target each : chosen) {
      List<String> command = command(each, minutes);
      if (dryRun) {
        System.out.println(String.join(" ", command));
        continue;
      }
      List<Path> before = crashes(each.inputs(root));
      System.out.printf(
          Locale.ROOT, "lab fuzz: %s (%s) for %d min%n", each.name(), each.test(), minutes);
      Run run = run(command, root);
      List<Path> found = new ArrayList<>(crashes(each.inputs(root)));
      found.removeAll(before);
      findings += found.size();
      summary.add(
          String.format(
              Locale.ROOT,
              "%-18s %s, %s%s",
              each.name(),
              run.executions() < 0
                  ? "executions unknown"
                  : String.format(Locale.ROOT, "%,d executions", run.executions()),
              found.isEmpty() && run.exit() == 0
                  ? "no finding"
                  : found.size() + " finding(s), Maven exit " + run.exit(),
              found.isEmpty() ? "" : ": " + found));
    }
    if (!dryRun) {
      System.out.println("lab fuzz: summary");
      summary.forEach(line -> System.out.println("  " + line));
    }
    return findings > 0 ? 1 : 0;
  }

  static List<Target> chosen(String name) {
    if (name == null) {
      return TARGETS;
    }
    for (Target each : TARGETS) {
      if (each.name().equals(name)) {
        return List.of(each);
      }
    }
    List<String> names = TARGETS.stream().map(Target::name).toList();
    throw new LabException("unknown fuzz target '" + name + "'; targets: " + names);
  }

  /** The Maven command that fuzzes {@code target}; -am builds the modules it depends on. */
  static List<String> command(Target target, int minutes) {
    return List.of(
        "mvn",
        "-B",
        "test",
        "-Pfuzz",
        "-pl",
        target.module(),
        "-am",
        "-Dsurefire.failIfNoSpecifiedTests=false",
        "-Dtest=" + target.test(),
        "-Dfuzz.duration=" + minutes + "m");
  }

  private record Run(int exit, long executions) {}

  private static Run run(List<String> command, Path root) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new LabException(
          "cannot run Maven (" + e.getMessage() + "); Debian: apt-get install -y maven");
    }
    long executions = -1;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println(line);
        Matcher done = DONE.matcher(line);
        if (done.find()) {
          executions = Long.parseLong(done.group(1));
        }
      }
    }
    return new Run(process.waitFor(), executions);
  }

  private static List<Path> crashes(Path inputs) {
    if (!Files.isDirectory(inputs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(inputs)) {
      return files
          .filter(path -> path.getFileName().toString().matches("(crash|timeout|oom)-.*"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + inputs, e);
    }
  }
}
