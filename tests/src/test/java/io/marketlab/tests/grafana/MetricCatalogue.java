package io.marketlab.tests.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every metric name the lab's Prometheus can hold, each with where it is defined: the names of
 * docs/METRICS.md (a histogram's also with {@code _bucket}, {@code _sum}, {@code _count}), the
 * names the JMX exporter rule sets of the local Kafka and Cassandra produce (each {@code $n} of a
 * rule's name expanded with the alternatives of the pattern's n-th group, lowercased as {@code
 * lowercaseOutputName} says), the recording rules of deploy/prometheus/rules, and Prometheus's own
 * {@code up}. Names documented in a METRICS.md section whose heading says "not served yet" are
 * {@link #pending()}: the rules and dashboards may use them before their endpoint exists.
 */
final class MetricCatalogue {

  static final String JMX_RULES = "fixtures/src/main/resources/io/marketlab/fixtures/local";

  private static final Pattern CODE =
      Pattern.compile("`([a-z][a-z0-9_]*_[a-z0-9_]+)(\\{[^}`]*\\})?`");
  private static final Pattern GROUP = Pattern.compile("\\(([A-Za-z0-9_|]+)\\)");
  private static final Pattern REFERENCE = Pattern.compile("\\$(\\d)");

  private final Map<String, String> sources;
  private final Set<String> pending;
  private final Map<String, Map<String, Set<String>>> labelValues;

  private MetricCatalogue(
      Map<String, String> sources,
      Set<String> pending,
      Map<String, Map<String, Set<String>>> labelValues) {
    this.sources = sources;
    this.pending = pending;
    this.labelValues = labelValues;
  }

  static MetricCatalogue load(Path projectRoot) throws IOException {
    Map<String, String> sources = new TreeMap<>();
    Set<String> pending = new TreeSet<>();
    Map<String, Map<String, Set<String>>> labelValues = new TreeMap<>();
    sources.put("up", "Prometheus (every scrape target)");
    readMetricsDoc(projectRoot.resolve("docs/METRICS.md"), sources, pending);
    YAMLMapper yaml = new YAMLMapper();
    for (Path file : files(projectRoot.resolve(JMX_RULES), "-jmx-exporter.yaml")) {
      JsonNode config = yaml.readTree(file.toFile());
      boolean lowercase = config.path("lowercaseOutputName").asBoolean(false);
      for (JsonNode rule : config.path("rules")) {
        String pattern = rule.path("pattern").asText();
        for (String expanded : expand(pattern, rule.path("name").asText())) {
          String name = lowercase ? expanded.toLowerCase(Locale.ROOT) : expanded;
          sources.put(name, projectRoot.relativize(file).toString());
          Map<String, Set<String>> labels =
              labelValues.computeIfAbsent(name, key -> new TreeMap<>());
          rule.path("labels")
              .fields()
              .forEachRemaining(
                  label ->
                      labels
                          .computeIfAbsent(label.getKey(), key -> new TreeSet<>())
                          .addAll(expand(pattern, label.getValue().asText())));
        }
      }
    }
    for (Path file : files(projectRoot.resolve("deploy/prometheus/rules"), ".yml")) {
      for (JsonNode group : yaml.readTree(file.toFile()).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.hasNonNull("record")) {
            sources.put(rule.path("record").asText(), projectRoot.relativize(file).toString());
          }
        }
      }
    }
    return new MetricCatalogue(sources, pending, labelValues);
  }

  /** Where {@code name} is defined, or null. */
  String source(String name) {
    return sources.get(name);
  }

  boolean contains(String name) {
    return sources.containsKey(name);
  }

  /**
   * The values a JMX exporter rule can give {@code label} of {@code metric}, or empty when the
   * catalogue does not know them (not a JMX rule's metric, or a label the rule does not set).
   */
  java.util.Optional<Set<String>> labelValues(String metric, String label) {
    Map<String, Set<String>> labels = labelValues.get(metric);
    return labels == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(labels.get(label));
  }

  /** Documented names whose endpoints are not served yet (docs/METRICS.md). */
  Set<String> pending() {
    return pending;
  }

  Set<String> names() {
    return sources.keySet();
  }

  private static void readMetricsDoc(Path doc, Map<String, String> sources, Set<String> pending)
      throws IOException {
    boolean notServed = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("#")) {
        notServed = line.toLowerCase(Locale.ROOT).contains("not served yet");
        continue;
      }
      Matcher matcher = CODE.matcher(line);
      while (matcher.find()) {
        String name = matcher.group(1);
        List<String> names = new ArrayList<>(List.of(name));
        // in a table row the type column says histogram; in prose "(histogram)" follows the name
        if (line.substring(matcher.end()).trim().startsWith("| histogram")
            || line.substring(matcher.end()).trim().startsWith("(histogram)")) {
          names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
        }
        for (String each : names) {
          sources.put(each, "docs/METRICS.md");
          if (notServed) {
            pending.add(each);
          }
        }
      }
    }
  }

  /**
   * The names a JMX exporter rule produces: {@code name} with each {@code $n} replaced by each
   * alternative of the pattern's n-th group ({@code (Read|Write)}).
   */
  static List<String> expand(String pattern, String name) {
    List<List<String>> groups = new ArrayList<>();
    Matcher group = GROUP.matcher(pattern);
    while (group.find()) {
      groups.add(List.of(group.group(1).split("\\|")));
    }
    List<String> names = new ArrayList<>(List.of(name));
    Matcher reference = REFERENCE.matcher(name);
    Set<Integer> used = new TreeSet<>();
    while (reference.find()) {
      used.add(Integer.parseInt(reference.group(1)));
    }
    for (int index : used) {
      if (index < 1 || index > groups.size()) {
        throw new IllegalArgumentException(
            "rule name "
                + name
                + " uses $"
                + index
                + " but its pattern has "
                + groups.size()
                + " groups: "
                + pattern);
      }
      List<String> expanded = new ArrayList<>();
      for (String partial : names) {
        for (String alternative : groups.get(index - 1)) {
          expanded.add(partial.replace("$" + index, alternative));
        }
      }
      names = expanded;
    }
    return names;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
