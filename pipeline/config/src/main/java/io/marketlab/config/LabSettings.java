package io.marketlab.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The resolved value of every {@link Settings setting}, where each came from, and where the project
 * and its work directory are. Sources, last wins: default, {@code lab.properties} at the project
 * root, environment variable, system property, program argument. All values are parsed and
 * validated when loaded, and every bad one is named in one message.
 */
public final class LabSettings {

  /** The file at the project root that overrides defaults. */
  public static final String PROPERTIES_FILE = "lab.properties";

  private final Path projectRoot;
  private final Map<Setting<?>, String> texts;
  private final Map<Setting<?>, String> sources;
  private final Map<Setting<?>, Object> values;

  private LabSettings(
      Path projectRoot,
      Map<Setting<?>, String> texts,
      Map<Setting<?>, String> sources,
      Map<Setting<?>, Object> values) {
    this.projectRoot = projectRoot;
    this.texts = texts;
    this.sources = sources;
    this.values = values;
  }

  /**
   * Settings as this process sees them: defaults, lab.properties, environment, system properties.
   */
  public static LabSettings load() {
    return load(findProjectRoot(), System.getenv(), System.getProperties());
  }

  /**
   * Like {@link #load()} inside a project; outside one (a command run from elsewhere) without
   * {@code lab.properties}.
   */
  public static LabSettings loadAnywhere() {
    return findProjectRootIfAny()
        .map(root -> load(root, System.getenv(), System.getProperties()))
        .orElseGet(() -> fromArguments(List.of(), System.getenv(), System.getProperties()));
  }

  public static LabSettings load(
      Path projectRoot, Map<String, String> environment, Properties system) {
    return resolve(projectRoot, readFile(projectRoot), environment, system, Map.of());
  }

  /**
   * Settings of a program started without a project (the processor under spark-submit): defaults,
   * environment, system properties, then its {@code --name=value} arguments.
   *
   * @throws ConfigException for an argument that is not {@code --name=value} of a known setting
   */
  public static LabSettings fromArguments(
      List<String> args, Map<String, String> environment, Properties system) {
    Map<String, String> byArgument = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "' (use --name=value)");
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new ConfigException("setting --" + name + " has no value");
      }
      if (!Settings.DEF.arguments().containsKey(name)) {
        throw new ConfigException(
            "unknown setting --"
                + name
                + " (known: "
                + String.join(", ", Settings.DEF.arguments().keySet())
                + ")");
      }
      byArgument.put(name, value);
    }
    return resolve(null, new Properties(), environment, system, byArgument);
  }

  private static LabSettings resolve(
      Path projectRoot,
      Properties file,
      Map<String, String> environment,
      Properties system,
      Map<String, String> arguments) {
    List<String> problems = new ArrayList<>();
    for (String name : file.stringPropertyNames()) {
      if (Settings.DEF.byKey(name) == null) {
        problems.add(PROPERTIES_FILE + " names an unknown setting '" + name + "'");
      }
    }
    Map<Setting<?>, String> texts = new LinkedHashMap<>();
    Map<Setting<?>, String> sources = new HashMap<>();
    Map<Setting<?>, Object> values = new HashMap<>();
    for (Setting<?> setting : Settings.DEF.settings()) {
      String text = setting.defaultValue();
      String source = "default";
      if (file.getProperty(setting.key()) != null) {
        text = file.getProperty(setting.key());
        source = PROPERTIES_FILE;
      }
      for (String alias : setting.aliases()) {
        if (environment.get(alias) != null) {
          text = environment.get(alias);
          source = "environment " + alias;
        }
      }
      if (environment.get(setting.environmentVariable()) != null) {
        text = environment.get(setting.environmentVariable());
        source = "environment " + setting.environmentVariable();
      }
      if (system.getProperty(setting.key()) != null) {
        text = system.getProperty(setting.key());
        source = "system property " + setting.key();
      }
      String argument = setting.argument().orElse(null);
      if (argument != null && arguments.containsKey(argument)) {
        text = arguments.get(argument);
        source = "argument --" + argument;
      }
      text = text.trim();
      try {
        values.put(setting, setting.parse(text, source));
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
      texts.put(setting, text);
      sources.put(setting, source);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    return new LabSettings(projectRoot, texts, sources, values);
  }

  /** A copy with one setting changed (command options, tests); validated like any other source. */
  public LabSettings with(Setting<?> setting, String value) {
    Map<Setting<?>, String> newTexts = new LinkedHashMap<>(texts);
    Map<Setting<?>, String> newSources = new HashMap<>(sources);
    Map<Setting<?>, Object> newValues = new HashMap<>(values);
    newValues.put(setting, setting.parse(value, "an override"));
    newTexts.put(setting, value.trim());
    newSources.put(setting, "an override");
    return new LabSettings(projectRoot, newTexts, newSources, newValues);
  }

  /** The parsed value. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** The value as written (secrets included: never print it, see {@link #display}). */
  public String text(Setting<?> setting) {
    return texts.get(setting);
  }

  /** The value as it may be shown: secrets as {@code (set)} or {@code (unset)}. */
  public String display(Setting<?> setting) {
    String text = texts.get(setting);
    if (setting.secret()) {
      return text.isEmpty() ? "(unset)" : "(set)";
    }
    return text;
  }

  /** Where the value came from: default, lab.properties, environment X, system property X, ... */
  public String source(Setting<?> setting) {
    return sources.get(setting);
  }

  /** {@code true} when the value is not empty. */
  public boolean isSet(Setting<?> setting) {
    return !texts.get(setting).isEmpty();
  }

  /**
   * The Kafka bootstrap servers every client uses: {@link Settings#KAFKA_BOOTSTRAP} when set, else
   * the local broker.
   */
  public String kafkaBootstrap() {
    List<String> external = get(Settings.KAFKA_BOOTSTRAP);
    return external.isEmpty()
        ? "127.0.0.1:" + get(Settings.KAFKA_PORT)
        : String.join(",", external);
  }

  /**
   * The Cassandra contact points every client uses: {@link Settings#CASSANDRA_CONTACT_POINTS} when
   * set, else the local node.
   */
  public List<String> cassandraContactPoints() {
    List<String> external = get(Settings.CASSANDRA_CONTACT_POINTS);
    return external.isEmpty() ? List.of("127.0.0.1:" + get(Settings.CASSANDRA_PORT)) : external;
  }

  /** The project root; only for settings loaded with one. */
  public Path projectRoot() {
    if (projectRoot == null) {
      throw new IllegalStateException("these settings were loaded without a project");
    }
    return projectRoot;
  }

  public Path workDir() {
    String configured = get(Settings.WORK_DIR);
    Path dir = configured.isEmpty() ? projectRoot().resolve(".lab") : Path.of(configured);
    return dir.toAbsolutePath().normalize();
  }

  public Path logDir() {
    return workDir().resolve("logs");
  }

  public Duration startTimeout() {
    return Duration.ofSeconds(get(Settings.START_TIMEOUT_SECONDS));
  }

  /**
   * The project root: system property {@code lab.root}, else the nearest directory at or above the
   * working directory that holds {@code engines/} and a {@code pom.xml}.
   *
   * @throws ConfigException when there is none
   */
  public static Path findProjectRoot() {
    return findProjectRootIfAny()
        .orElseThrow(
            () ->
                new ConfigException(
                    "cannot find the Market Lab project root above "
                        + Path.of("").toAbsolutePath()
                        + " (set -Dlab.root=/path/to/project)"));
  }

  /** The project root, if the working directory is inside one (or {@code lab.root} is set). */
  public static Optional<Path> findProjectRootIfAny() {
    String configured = System.getProperty("lab.root");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("engines"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  private static Properties readFile(Path projectRoot) {
    Properties file = new Properties();
    Path path = projectRoot.resolve(PROPERTIES_FILE);
    if (Files.isRegularFile(path)) {
      try (Reader reader = Files.newBufferedReader(path)) {
        file.load(reader);
      } catch (IOException e) {
        throw new ConfigException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return file;
  }
}
