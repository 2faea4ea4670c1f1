package io.marketlab.scenarios.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.marketlab.config.Durations;
import io.marketlab.harness.FaultTarget;
import io.marketlab.importers.ImportException;
import io.marketlab.importers.ImportFormat;
import io.marketlab.importers.TimeWindow;
import io.marketlab.ingest.SpeedProfile;
import io.marketlab.scenarios.inject.Injection;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads scenario files (YAML, see scenarios/README.md) into validated {@link Scenario}s. Every
 * mistake is one line naming the file and the field: {@code gate/x.yaml: field 'steps[0].at': bad
 * duration '10x' (use e.g. 500ms, 10s, 1.5s, 2m, 1h)}.
 *
 * <p>Paths are relative to the project root. {@code ../shared/...} names the shared real data; the
 * system property {@code lab.sharedDir} moves it.
 */
public final class ScenarioLoader {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final String SHARED_PREFIX = "../shared/";

  private final Path projectRoot;

  public ScenarioLoader(Path projectRoot) {
    this.projectRoot = projectRoot.toAbsolutePath().normalize();
  }

  /** Every {@code *.yaml} / {@code *.yml} in the directory, by file name. */
  public static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ScenarioException("no scenario directory " + dir);
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(path -> path.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ScenarioException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  public List<Scenario> loadAll(Path dir) {
    List<Scenario> scenarios = new ArrayList<>();
    for (Path file : files(dir)) {
      scenarios.add(load(file));
    }
    return scenarios;
  }

  public Scenario load(Path file) {
    String where = display(file);
    ScenarioSpec spec;
    try {
      spec = YAML.readValue(file.toFile(), ScenarioSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ScenarioException(
          where
              + ": unknown field '"
              + path(e)
              + "'"
              + keyLine(file, e.getPropertyName(), tokenLocation(e))
              + "; known: "
              + String.join(
                  ", ",
                  new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList())));
    } catch (JsonMappingException e) {
      throw new ScenarioException(
          where
              + ": field '"
              + path(e)
              + "'"
              + line(tokenLocation(e))
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new ScenarioException(
          where
              + ": not valid YAML"
              + line(e.getLocation())
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ScenarioException(where + ": cannot read: " + e.getMessage(), e);
    }
    if (spec == null) {
      throw new ScenarioException(where + ": empty scenario file");
    }
    return new Fields(where, file).scenario(spec);
  }

  private String display(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(projectRoot)
        ? projectRoot.relativize(absolute).toString()
        : file.toString();
  }

  /**
   * Resolves a path from a scenario file: relative to the project root, ../shared/ to
   * lab.sharedDir.
   */
  public Path resolve(String text) {
    String shared = System.getProperty("lab.sharedDir");
    if (shared != null && !shared.isBlank() && text.startsWith(SHARED_PREFIX)) {
      return Path.of(shared)
          .resolve(text.substring(SHARED_PREFIX.length()))
          .toAbsolutePath()
          .normalize();
    }
    return projectRoot.resolve(text).toAbsolutePath().normalize();
  }

  /** Validation of one file's fields, each error naming the file and the field. */
  private final class Fields {
    private final String where;
    private final Path file;

    Fields(String where, Path file) {
      this.where = where;
      this.file = file;
    }

    Scenario scenario(ScenarioSpec spec) {
      String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      String name = spec.name() == null ? fileName : spec.name().trim();
      if (!name.equals(fileName)) {
        throw fail(
            "name",
            "'"
                + name
                + "' differs from the file name '"
                + fileName
                + "' (runs are asked for by file name)");
      }
      if (spec.session() == null) {
        throw fail("session", "missing (give one of file, import, synthetic)");
      }
      Set<String> symbols = new LinkedHashSet<>(present("symbols", spec.symbols(), "a symbol"));
      List<PipelineRun.Step> steps = steps(spec.steps());
      int repeat = spec.repeat() == null ? 1 : spec.repeat();
      if (repeat < 1 || repeat > 5) {
        throw fail("repeat", "must be 1 to 5, got " + repeat);
      }
      double speed = speed(spec.speed());
      return new Scenario(
          name,
          spec.description() == null ? "" : spec.description().trim(),
          file,
          session(spec.session()),
          Set.copyOf(symbols),
          speed,
          duration("watermark", spec.watermark(), Duration.ofSeconds(10)),
          duration("stallTimeout", spec.stallTimeout(), Duration.ofSeconds(120)),
          expectations(spec.expect()),
          steps,
          repeat,
          bursts(speed, spec.bursts()),
          inject(spec.session().inject()));
    }

    private Injection.Spec inject(ScenarioSpec.Inject spec) {
      if (spec == null) {
        return null;
      }
      if (spec.seed() == null) {
        throw fail("session.inject.seed", "missing (the injections are deterministic per seed)");
      }
      int jumps = spec.jumps() == null ? 4 : spec.jumps();
      int spikes = spec.spikes() == null ? 4 : spec.spikes();
      Duration spacing =
          duration(
              "session.inject.spacing",
              spec.spacing(),
              Duration.ofSeconds(Injection.Spec.DEFAULT_SPACING_SECONDS));
      try {
        return new Injection.Spec(
            spec.seed(),
            jumps,
            spikes,
            sigmas(
                "session.inject.jumpSigmas", spec.jumpSigmas(), Injection.Spec.DEFAULT_JUMP_SIGMAS),
            sigmas(
                "session.inject.spikeSigmas",
                spec.spikeSigmas(),
                Injection.Spec.DEFAULT_SPIKE_SIGMAS),
            (int) spacing.toSeconds());
      } catch (IllegalArgumentException e) {
        throw fail("session.inject", e.getMessage());
      }
    }

    private double[] sigmas(String field, List<Double> given, double[] fallback) {
      if (given == null) {
        return fallback.clone();
      }
      if (given.size() != 2 || given.contains(null)) {
        throw fail(field, "must be [min, max], got " + given);
      }
      return new double[] {given.get(0), given.get(1)};
    }

    private Scenario.SessionPlan session(ScenarioSpec.SessionSource source) {
      int given =
          (source.file() != null ? 1 : 0)
              + (source.importFrom() != null ? 1 : 0)
              + (source.synthetic() != null ? 1 : 0);
      if (given != 1) {
        throw fail(
            "session",
            given == 0
                ? "empty (give one of file, import, synthetic)"
                : "give only one of file, import, synthetic");
      }
      if (source.file() != null) {
        return new Scenario.FileSession(resolve(source.file()));
      }
      if (source.importFrom() != null) {
        return importSession(source.importFrom());
      }
      return synthetic(source.synthetic());
    }

    private Scenario.ImportSession importSession(ScenarioSpec.Import spec) {
      if (spec.format() == null) {
        throw fail("session.import.format", "missing (binance-capture, binance-csv, lean or csv)");
      }
      ImportFormat format;
      try {
        format = ImportFormat.fromCliName(spec.format());
      } catch (ImportException e) {
        throw fail("session.import.format", e.getMessage());
      }
      if (spec.files() == null || spec.files().isEmpty()) {
        throw fail("session.import.files", "missing (a list of input files)");
      }
      List<Path> files = new ArrayList<>();
      for (String text : present("session.import.files", spec.files(), "a path")) {
        files.add(resolve(text));
      }
      ZoneId zone;
      try {
        zone = spec.zone() == null ? TimeWindow.DEFAULT_ZONE : ZoneId.of(spec.zone());
      } catch (DateTimeException e) {
        throw fail("session.import.zone", "unknown zone '" + spec.zone() + "'");
      }
      try {
        TimeWindow.of(spec.from(), spec.to(), zone);
      } catch (ImportException e) {
        throw fail(
            "session.import." + (e.getMessage().startsWith("--from") ? "from" : "to"),
            e.getMessage().replaceFirst("^--(from|to) ", ""));
      }
      Set<String> symbols =
          Set.copyOf(present("session.import.symbols", spec.symbols(), "a symbol"));
      return new Scenario.ImportSession(
          format, List.copyOf(files), symbols, spec.from(), spec.to(), zone);
    }

    private Scenario.SyntheticPlan synthetic(ScenarioSpec.Synthetic spec) {
      if (spec.seed() == null) {
        throw fail("session.synthetic.seed", "missing (the generator is deterministic per seed)");
      }
      SyntheticSession.Spec standard = SyntheticSession.Spec.standard(spec.seed());
      Instant start = standard.start();
      if (spec.start() != null) {
        try {
          start = Instant.parse(spec.start());
        } catch (DateTimeException e) {
          throw fail(
              "session.synthetic.start",
              "'" + spec.start() + "' is not an instant like 2024-01-02T14:30:00Z");
        }
      }
      int seconds = positive("session.synthetic.seconds", spec.seconds(), standard.seconds());
      int rate =
          positive(
              "session.synthetic.tradesPerSecond",
              spec.tradesPerSecond(),
              standard.tradesPerSecond());
      Duration lateBehind =
          duration(
              "session.synthetic.lateBehind",
              spec.lateBehind(),
              Duration.ofMillis(standard.lateBehindMs()));
      List<String> given = present("session.synthetic.symbols", spec.symbols(), "a symbol");
      List<String> symbols = given.isEmpty() ? standard.symbols() : List.copyOf(given);
      return new Scenario.SyntheticPlan(
          new SyntheticSession.Spec(
              spec.seed(),
              symbols,
              start,
              seconds,
              rate,
              spec.hardCases() == null ? standard.hardCases() : spec.hardCases(),
              spec.malformed() == null ? standard.malformed() : spec.malformed(),
              lateBehind.toMillis()));
    }

    private Scenario.Expectations expectations(ScenarioSpec.Expectations spec) {
      Scenario.Expectations defaults = Scenario.Expectations.defaults();
      if (spec == null) {
        return defaults;
      }
      List<Resolution> candles = defaults.candles();
      if (spec.candles() != null) {
        present("expect.candles", spec.candles(), "a resolution: 1s, 1m or 1h");
        candles = new ArrayList<>();
        for (int i = 0; i < spec.candles().size(); i++) {
          try {
            candles.add(Resolution.of(spec.candles().get(i)));
          } catch (IllegalArgumentException e) {
            throw fail("expect.candles[" + i + "]", e.getMessage());
          }
        }
      }
      Scenario.LatencyBounds latency = Scenario.LatencyBounds.NONE;
      if (spec.latency() != null) {
        ScenarioSpec.Latency bounds = spec.latency();
        latency =
            new Scenario.LatencyBounds(
                duration("expect.latency.p50", bounds.p50(), null),
                duration("expect.latency.p95", bounds.p95(), null),
                duration("expect.latency.p99", bounds.p99(), null),
                duration("expect.latency.max", bounds.max(), null));
      }
      return new Scenario.Expectations(
          count("expect.storedTrades", spec.storedTrades(), defaults.storedTrades()),
          List.copyOf(candles),
          count("expect.deadLetters", spec.deadLetters(), defaults.deadLetters()),
          count(
              "expect.processorDeadLetters",
              spec.processorDeadLetters(),
              defaults.processorDeadLetters()),
          count("expect.lateTrades", spec.lateTrades(), defaults.lateTrades()),
          latency,
          atMost(
              "expect.maxProcessorRestarts",
              spec.maxProcessorRestarts(),
              defaults.maxProcessorRestarts()),
          alerts(spec.alerts()));
    }

    /** Alert names, each one of deploy/prometheus/rules/*.yml. */
    private List<String> alerts(List<String> names) {
      if (names == null || names.isEmpty()) {
        return List.of();
      }
      List<String> known = knownAlerts();
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i) == null ? "" : names.get(i).trim();
        if (!known.contains(name)) {
          throw fail(
              "expect.alerts[" + i + "]",
              "unknown alert '" + name + "' (alerts of deploy/prometheus/rules: " + known + ")");
        }
      }
      return names.stream().map(String::trim).toList();
    }

    private List<String> knownAlerts() {
      List<String> known = new java.util.ArrayList<>();
      Path rules = projectRoot.resolve("deploy").resolve("prometheus").resolve("rules");
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(rules)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
          for (String line : java.nio.file.Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("- alert:")) {
              known.add(trimmed.substring("- alert:".length()).trim());
            }
          }
        }
      } catch (java.io.IOException e) {
        throw fail("expect.alerts", "cannot read the alert rules in " + rules + ": " + e);
      }
      return known;
    }

    private int atMost(String field, String text, int fallback) {
      if (text == null) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text.trim());
        if (value >= 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw fail(field, "'" + text + "' is not a count >= 0");
    }

    private List<PipelineRun.Step> steps(List<ScenarioSpec.Step> specs) {
      List<PipelineRun.Step> steps = new ArrayList<>();
      if (specs == null) {
        return steps;
      }
      present("steps", specs, "e.g. {at: 8s, action: kill-processor}");
      Duration previous = Duration.ZERO;
      for (int i = 0; i < specs.size(); i++) {
        ScenarioSpec.Step spec = specs.get(i);
        if (spec.at() == null) {
          throw fail("steps[" + i + "].at", "missing (a time after the replay starts, e.g. 8s)");
        }
        Duration at = duration("steps[" + i + "].at", spec.at(), null);
        if (at.compareTo(previous) < 0) {
          throw fail(
              "steps[" + i + "].at",
              spec.at() + " is before the previous step; list steps in time order");
        }
        previous = at;
        PipelineRun.Action action = action("steps[" + i + "].action", spec.action());
        int node = 0;
        if (spec.node() != null) {
          if (action.target() != FaultTarget.KAFKA && action.target() != FaultTarget.CASSANDRA) {
            throw fail(
                "steps[" + i + "].node",
                "only kafka and cassandra steps name a node (lab up --nodes 3), not "
                    + action.label());
          }
          if (spec.node() < 1 || spec.node() > 5) {
            throw fail(
                "steps[" + i + "].node",
                spec.node() + " is not a node: 1..5 (kafka-N, cassandra-N)");
          }
          node = spec.node();
        }
        steps.add(new PipelineRun.Step(at, action, node));
      }
      return List.copyOf(steps);
    }

    /** {@code bursts: [{at: 60s, for: 30s, speed: 10}]}: wall time, in order, not overlapping. */
    private List<SpeedProfile.Burst> bursts(double speed, List<ScenarioSpec.Burst> specs) {
      List<SpeedProfile.Burst> bursts = new ArrayList<>();
      List<ScenarioSpec.Burst> given =
          present("bursts", specs, "e.g. {at: 60s, for: 30s, speed: 10}");
      if (!given.isEmpty() && Double.isInfinite(speed)) {
        throw fail(
            "bursts",
            "need a numeric speed (at speed max every frame is due at once), e.g. speed: 1");
      }
      Duration previousEnd = Duration.ZERO;
      for (int i = 0; i < given.size(); i++) {
        ScenarioSpec.Burst spec = given.get(i);
        String field = "bursts[" + i + "]";
        if (spec.at() == null) {
          throw fail(field + ".at", "missing (wall time after the replay starts, e.g. 60s)");
        }
        if (spec.length() == null) {
          throw fail(field + ".for", "missing (how long, e.g. 30s)");
        }
        if (spec.speed() == null) {
          throw fail(field + ".speed", "missing (a positive number, e.g. 10)");
        }
        Duration at = duration(field + ".at", spec.at(), null);
        Duration length = duration(field + ".for", spec.length(), null);
        if (length.isZero()) {
          throw fail(field + ".for", "must be more than 0");
        }
        if (at.compareTo(previousEnd) < 0) {
          throw fail(
              field + ".at",
              spec.at()
                  + " is before the previous burst ends ("
                  + Durations.format(previousEnd)
                  + "); list bursts in time order, not overlapping");
        }
        double value = speed(field + ".speed", spec.speed());
        if (Double.isInfinite(value)) {
          throw fail(field + ".speed", "must be a number, not max");
        }
        previousEnd = at.plus(length);
        bursts.add(new SpeedProfile.Burst(at, length, value));
      }
      return List.copyOf(bursts);
    }

    private PipelineRun.Action action(String field, String text) {
      String wanted = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      List<String> known = new ArrayList<>();
      for (PipelineRun.Action action : PipelineRun.Action.values()) {
        if (action.name().equals(wanted)) {
          return action;
        }
        known.add(action.label());
      }
      String choices =
          String.join(", ", known.subList(0, known.size() - 1))
              + " or "
              + known.get(known.size() - 1);
      throw fail(
          field,
          text == null
              ? "missing (" + choices + ")"
              : "unknown action '" + text + "' (" + choices + ")");
    }

    private double speed(String text) {
      return speed("speed", text);
    }

    private double speed(String field, String text) {
      if (text == null || text.trim().equalsIgnoreCase("max")) {
        return Double.POSITIVE_INFINITY;
      }
      try {
        double speed = Double.parseDouble(text.trim());
        if (speed > 0 && Double.isFinite(speed)) {
          return speed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw fail(field, "'" + text + "' is neither a positive number nor max");
    }

    private Scenario.Count count(String field, String text, Scenario.Count fallback) {
      if (text == null) {
        return fallback;
      }
      if (text.trim().equals("reference")) {
        return Scenario.Count.REFERENCE;
      }
      try {
        long value = Long.parseLong(text.trim());
        if (value >= 0) {
          return Scenario.Count.of(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw fail(field, "'" + text + "' is neither 'reference' nor a count >= 0");
    }

    private Duration duration(String field, String text, Duration fallback) {
      if (text == null) {
        return fallback;
      }
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw fail(field, e.getMessage());
      }
    }

    private int positive(String field, Integer value, int fallback) {
      if (value == null) {
        return fallback;
      }
      if (value <= 0) {
        throw fail(field, "must be positive, got " + value);
      }
      return value;
    }

    /**
     * The list (empty when absent), refused when an element is a YAML null ({@code [null]}, {@code
     * - ~}): each element must be {@code what}.
     */
    private <T> List<T> present(String field, List<T> list, String what) {
      if (list == null) {
        return List.of();
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null) {
          throw fail(field + "[" + i + "]", "empty (give " + what + ")");
        }
      }
      return list;
    }

    private ScenarioException fail(String field, String message) {
      return new ScenarioException(where + ": field '" + field + "': " + message);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * Where the offending token starts (the exception's own location is where the parser stopped).
   */
  private static JsonLocation tokenLocation(JsonProcessingException e) {
    if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser) {
      return parser.currentTokenLocation();
    }
    return e.getLocation();
  }

  /**
   * The line of the first {@code key:} in the file: Jackson reports where it stopped reading, which
   * for records is past the unknown key.
   */
  private static String keyLine(Path file, String key, JsonLocation fallback) {
    try {
      java.util.regex.Pattern pattern =
          java.util.regex.Pattern.compile(
              "(^|[\\s{,-])\"?" + java.util.regex.Pattern.quote(key) + "\"?\\s*:");
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String text = lines.get(i).replaceFirst("#.*$", "");
        if (pattern.matcher(text).find()) {
          return " (line " + (i + 1) + ")";
        }
      }
    } catch (IOException e) {
      // the fallback below still names a line
    }
    return line(fallback);
  }

  private static String line(JsonLocation location) {
    return location == null || location.getLineNr() <= 0
        ? ""
        : " (line " + location.getLineNr() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
