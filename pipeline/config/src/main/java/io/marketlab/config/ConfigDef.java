package io.marketlab.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An ordered set of {@link Setting} definitions, built with {@code define*} calls as in Kafka's
 * {@code ConfigDef}. Keys, environment variables and arguments are unique; a default that fails its
 * own validation is refused when the setting is defined, so every default is known to be valid.
 */
public final class ConfigDef {

  private static final Pattern HEAP = Pattern.compile("\\d+[kKmMgG]");
  private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}");

  private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
  private final Map<String, Setting<?>> byEnvironment = new LinkedHashMap<>();
  private final Map<String, Setting<?>> byArgument = new LinkedHashMap<>();
  private String group = "general";
  private String nextArgument;
  private List<String> nextAliases = List.of();

  /**
   * The next setting defined is also the processor's program argument {@code --name=value}: {@code
   * def.argument("topic").defineString(...)}.
   */
  public ConfigDef argument(String name) {
    this.nextArgument = name;
    return this;
  }

  /**
   * The next setting defined is also read from these environment variables (older names), below its
   * own: {@code def.alias("PROCESSOR_CASSANDRA").defineEndpoints(...)}.
   */
  public ConfigDef alias(String... environmentVariables) {
    this.nextAliases = List.of(environmentVariables);
    return this;
  }

  /** Settings defined after this call belong to the group. */
  public ConfigDef group(String name) {
    this.group = name;
    return this;
  }

  public Setting<String> defineString(String key, String env, String def, String doc) {
    return define(key, env, def, doc, text -> text, false);
  }

  /** A string that must be one of the choices. */
  public Setting<String> defineChoice(
      String key, String env, String def, String doc, String... choices) {
    List<String> allowed = Arrays.asList(choices);
    return define(
        key,
        env,
        def,
        doc,
        text -> {
          if (!allowed.contains(text)) {
            throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
          }
          return text;
        },
        false);
  }

  public Setting<Integer> defineInt(
      String key, String env, String def, int min, int max, String doc) {
    return define(key, env, def, doc, text -> intInRange(text, min, max), false);
  }

  /** A TCP port, 1 to 65535. */
  public Setting<Integer> definePort(String key, String env, String def, String doc) {
    return defineInt(key, env, def, 1, 65_535, doc);
  }

  public Setting<Long> defineLong(String key, String env, String def, long min, String doc) {
    return define(
        key,
        env,
        def,
        doc,
        text -> {
          long value = Long.parseLong(text);
          if (value < min) {
            throw new IllegalArgumentException("must be at least " + min);
          }
          return value;
        },
        false);
  }

  /** A finite decimal number between {@code min} and {@code max} (inclusive). */
  public Setting<Double> defineDouble(
      String key, String env, String def, double min, double max, String doc) {
    return define(key, env, def, doc, text -> doubleInRange(text, min, max), false);
  }

  public Setting<Boolean> defineBoolean(String key, String env, String def, String doc) {
    return define(key, env, def, doc, ConfigDef::bool, false);
  }

  public Setting<Duration> defineDuration(String key, String env, String def, String doc) {
    return define(key, env, def, doc, Durations::parse, false);
  }

  /** A JVM heap size such as {@code 512m} or {@code 1g}. */
  public Setting<String> defineHeap(String key, String env, String def, String doc) {
    return define(
        key,
        env,
        def,
        doc,
        text -> {
          if (!HEAP.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a heap size such as 512m or 1g");
          }
          return text;
        },
        false);
  }

  /** A comma-separated list of {@code host:port}; empty is allowed and means "not set". */
  public Setting<List<String>> defineEndpoints(String key, String env, String def, String doc) {
    return define(key, env, def, doc, ConfigDef::endpoints, false);
  }

  /** A comma-separated list of words; empty is an empty list. */
  public Setting<List<String>> defineList(String key, String env, String def, String doc) {
    return define(key, env, def, doc, ConfigDef::list, false);
  }

  /** A value that is never printed (a token). */
  public Setting<String> defineSecret(String key, String env, String doc) {
    return define(key, env, "", doc, text -> text, true);
  }

  /** The general form: any parser (it throws with a message saying what is expected). */
  public <T> Setting<T> define(
      String key, String env, String def, String doc, Function<String, T> parser, boolean secret) {
    String argument = nextArgument;
    List<String> aliases = nextAliases;
    nextArgument = null;
    nextAliases = List.of();
    Setting<T> setting =
        new Setting<>(key, env, aliases, group, def, doc, parser, argument, secret);
    put(byKey, key, setting, "key");
    put(byEnvironment, env, setting, "environment variable");
    for (String alias : aliases) {
      put(byEnvironment, alias, setting, "environment variable");
    }
    if (argument != null) {
      put(byArgument, argument, setting, "argument");
    }
    setting.parse(def, "its default"); // a default must satisfy its own rule
    return setting;
  }

  /** Every setting, in definition order. */
  public List<Setting<?>> settings() {
    return Collections.unmodifiableList(new ArrayList<>(byKey.values()));
  }

  /** The settings the processor reads from its arguments, by argument name. */
  public Map<String, Setting<?>> arguments() {
    return Collections.unmodifiableMap(byArgument);
  }

  public Setting<?> byKey(String key) {
    return byKey.get(key);
  }

  public Set<String> keys() {
    return Collections.unmodifiableSet(byKey.keySet());
  }

  private static <V> void put(Map<String, V> map, String name, V value, String what) {
    if (map.putIfAbsent(name, value) != null) {
      throw new IllegalStateException("two settings share the " + what + " " + name);
    }
  }

  private static int intInRange(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  private static double doubleInRange(String text, double min, double max) {
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number such as 8 or 1e-5");
    }
    if (!Double.isFinite(value) || value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  private static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  static List<String> list(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return List.copyOf(items);
  }

  private static List<String> endpoints(String text) {
    List<String> items = list(text);
    for (String item : items) {
      if (!HOST_PORT.matcher(item).matches()) {
        throw new IllegalArgumentException("must be host:port, got '" + item + "'");
      }
      int port = Integer.parseInt(item.substring(item.lastIndexOf(':') + 1));
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port of '" + item + "' must be between 1 and 65535");
      }
    }
    return items;
  }
}
