package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.marketlab.config.Durations;
import io.marketlab.config.Settings;
import io.marketlab.config.SharedInputs;
import io.marketlab.layout.Tables;
import io.marketlab.tests.grafana.DashboardQueries.Dashboard;
import io.marketlab.tests.grafana.DashboardQueries.Query;
import io.marketlab.tests.grafana.DashboardQueries.Variable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana bundle of deploy/grafana without Grafana or engines: the dashboards are valid JSON in
 * a current schema, every panel has a provisioned data source and a query, every PromQL query
 * parses (promtool, on a rules file whose expressions are the queries), every metric it names is
 * defined (docs/METRICS.md, the JMX exporter rule sets, the recording rules), every CQL query names
 * tables and columns of the layout, and the provisioning uses the lab's defaults. GrafanaQueriesIT
 * runs the same queries on the real Prometheus and Cassandra.
 */
class GrafanaBundleTest {

  static final Path ROOT =
      Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();
  static final Path BUNDLE = ROOT.resolve("deploy/grafana");

  /** Grafana 11.0's dashboard schema; 12.x writes 41. */
  private static final int OLDEST_CURRENT_SCHEMA = 39;

  private static List<Dashboard> dashboards;

  @BeforeAll
  static void read() throws IOException {
    dashboards = DashboardQueries.readAll(BUNDLE.resolve("dashboards"));
  }

  @Test
  void the_bundle_should_hold_the_market_and_pipeline_dashboards_in_a_current_schema() {
    assertThat(dashboards)
        .extracting(Dashboard::title)
        .containsExactlyInAnyOrder("Market", "Pipeline");
    assertThat(dashboards).extracting(Dashboard::uid).doesNotHaveDuplicates();
    for (Dashboard dashboard : dashboards) {
      assertThat(dashboard.schemaVersion())
          .as(dashboard.file())
          .isGreaterThanOrEqualTo(OLDEST_CURRENT_SCHEMA);
      List<Integer> ids = new ArrayList<>();
      collectIds(dashboard.json().path("panels"), ids);
      assertThat(ids).as(dashboard.file() + " panel ids").doesNotHaveDuplicates();
    }
  }

  @Test
  void every_panel_should_have_a_provisioned_data_source_and_a_query() throws IOException {
    Map<String, String> provisioned = provisionedDatasources();
    for (Dashboard dashboard : dashboards) {
      // reading already refused a panel without a data source or a query; count them anyway
      assertThat(dashboard.panels()).as(dashboard.file() + " panels").isPositive();
      assertThat(dashboard.panelQueries().size()).isGreaterThanOrEqualTo(dashboard.panels());
      for (Query query : dashboard.queries()) {
        assertThat(provisioned)
            .as(query.describe() + ": data source uid " + query.datasourceUid())
            .containsEntry(query.datasourceUid(), query.datasourceType());
      }
    }
  }

  @Test
  void every_promql_query_should_parse(@TempDir Path dir) throws IOException {
    assumePromtool();
    List<Query> queries = new ArrayList<>();
    List<String> expressions = new ArrayList<>();
    for (Dashboard dashboard : dashboards) {
      GrafanaMacros macros = placeholderMacros(dashboard);
      for (Query query : dashboard.queries()) {
        if (query.isPromQl()) {
          queries.add(query);
          expressions.add(macros.apply(query.text()));
        }
      }
    }
    assertThat(queries).isNotEmpty();

    Promtool result = checkRules(dir.resolve("grafana-queries.yml"), expressions);

    StringBuilder legend = new StringBuilder();
    for (int i = 0; i < queries.size(); i++) {
      legend
          .append("\n  grafana:query_")
          .append(i + 1)
          .append(" = ")
          .append(queries.get(i).describe());
    }
    assertThat(result.code()).as(result.output() + "\nwhere" + legend).isZero();
  }

  @Test
  void promtool_check_rules_should_refuse_a_query_that_does_not_parse(@TempDir Path dir)
      throws IOException {
    assumePromtool();

    Promtool result =
        checkRules(
            dir.resolve("broken.yml"),
            List.of("sum(rate(marketlab_processor_batches_total[1m]))", "sum(rate(x[1m])"));

    assertThat(result.code()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("grafana:query_2").doesNotContain("grafana:query_1\"");
  }

  @Test
  void every_metric_a_query_uses_should_be_defined() throws IOException {
    MetricCatalogue catalogue = MetricCatalogue.load(ROOT);
    Map<String, Set<String>> undefined = new LinkedHashMap<>();
    int names = 0;
    for (Query query : queries(Query::isPromQl)) {
      Set<String> used = PromQlMetricNames.of(query.text());
      assertThat(used).as(query.describe() + ": " + query.text()).isNotEmpty();
      names += used.size();
      for (String name : used) {
        if (!catalogue.contains(name)) {
          undefined.computeIfAbsent(query.describe(), key -> new TreeSet<>()).add(name);
        }
      }
    }
    assertThat(names).isPositive();
    assertThat(undefined)
        .as(
            "metric names neither in docs/METRICS.md, nor in "
                + MetricCatalogue.JMX_RULES
                + "/*-jmx-exporter.yaml, nor recorded by deploy/prometheus/rules")
        .isEmpty();
  }

  @Test
  void every_label_value_a_query_selects_of_a_jmx_metric_should_be_one_its_rule_gives()
      throws IOException {
    MetricCatalogue catalogue = MetricCatalogue.load(ROOT);
    Pattern selector = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\{([^}]*)\\}");
    Pattern equality = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"([^\"]*)\"");
    List<String> problems = new ArrayList<>();
    for (Query query : queries(Query::isPromQl)) {
      Matcher metric = selector.matcher(query.text());
      while (metric.find()) {
        Matcher matcher = equality.matcher(metric.group(2));
        while (matcher.find()) {
          String label = matcher.group(1);
          String value = matcher.group(2);
          catalogue
              .labelValues(metric.group(1), label)
              .filter(values -> !values.contains(value))
              .ifPresent(
                  values ->
                      problems.add(
                          query.describe()
                              + ": "
                              + metric.group(1)
                              + " has "
                              + label
                              + " in "
                              + values
                              + ", not \""
                              + value
                              + "\""));
        }
      }
    }
    assertThat(problems).as("label values the JMX exporter rule sets never give").isEmpty();
  }

  @Test
  void every_cql_query_should_read_tables_and_columns_of_the_layout() {
    Map<String, List<String>> layout = layoutColumns();
    List<String> problems = new ArrayList<>();
    for (Query query : queries(Query::isCql)) {
      CqlReferences.Reference reference = CqlReferences.of(query.text());
      List<String> columns = layout.get(reference.table());
      if (columns == null) {
        problems.add(query.describe() + ": no table " + reference.table() + " in the layout");
        continue;
      }
      Set<String> unknown = new TreeSet<>(reference.columns());
      unknown.removeAll(columns);
      if (!unknown.isEmpty()) {
        problems.add(query.describe() + ": " + reference.table() + " has no column " + unknown);
      }
      if (reference.columns().isEmpty()) {
        problems.add(query.describe() + ": names no column");
      }
    }
    assertThat(problems).as("io.marketlab.layout.Tables").isEmpty();
  }

  @Test
  void every_cassandra_panel_query_should_be_bounded_by_the_time_range() {
    for (Query query : queries(q -> q.isCql() && !q.variable())) {
      // the plugin fetches the whole partition without them (its docs/editor.md)
      assertThat(query.text()).as(query.describe()).contains("$__timeFrom", "$__timeTo");
    }
  }

  @Test
  void every_variable_a_query_uses_should_be_defined_by_its_dashboard() {
    for (Dashboard dashboard : dashboards) {
      GrafanaMacros macros = placeholderMacros(dashboard);
      for (Query query : dashboard.queries()) {
        String replaced = macros.apply(query.text());
        assertThat(replaced).as(query.describe()).doesNotContain("$", "[[");
      }
    }
  }

  @Test
  void the_market_dashboard_should_show_price_candles_volume_and_vwap_of_a_symbol() {
    Dashboard market = dashboard("Market");
    Variable symbol =
        market.variables().stream()
            .filter(v -> v.name().equals("symbol"))
            .findFirst()
            .orElseThrow();
    assertThat(symbol.query()).isNotNull();
    assertThat(symbol.query().isCql()).isTrue();
    Set<String> read = new HashSet<>();
    for (Query query : market.panelQueries()) {
      CqlReferences.Reference reference = CqlReferences.of(query.text());
      for (String column : reference.columns()) {
        read.add(reference.table() + "." + column);
      }
      assertThat(query.text()).as(query.describe()).contains("'$symbol'");
    }
    assertThat(read)
        .contains(
            Tables.Trades.NAME + "." + Tables.Trades.PRICE,
            Tables.Candles.NAME + "." + Tables.Candles.OPEN,
            Tables.Candles.NAME + "." + Tables.Candles.HIGH,
            Tables.Candles.NAME + "." + Tables.Candles.LOW,
            Tables.Candles.NAME + "." + Tables.Candles.CLOSE,
            Tables.Candles.NAME + "." + Tables.Candles.VOLUME,
            Tables.Candles.NAME + "." + Tables.Candles.VWAP);
  }

  @Test
  void the_provisioning_should_read_the_environment_with_the_lab_defaults() throws IOException {
    Map<String, String> environment = environmentFile();
    // Grafana expands environment variables in the values (not in comments or keys)
    Pattern reference = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");
    for (Path file : provisioningFiles()) {
      List<String> values = new ArrayList<>();
      textValues(yaml(file), values);
      Matcher matcher = reference.matcher(String.join("\n", values));
      while (matcher.find()) {
        assertThat(environment)
            .as(BUNDLE.relativize(file) + " reads $" + matcher.group(1) + ": grafana.env sets it")
            .containsKey(matcher.group(1));
      }
    }
    assertThat(environment)
        .containsEntry(
            "MARKETLAB_PROMETHEUS_URL",
            "http://127.0.0.1:" + Settings.PROMETHEUS_PORT.parsedDefault())
        .containsEntry(
            "MARKETLAB_PROMETHEUS_SCRAPE_INTERVAL",
            Durations.format(Settings.PROMETHEUS_SCRAPE_INTERVAL.parsedDefault()))
        .containsEntry(
            "MARKETLAB_CASSANDRA_CONTACT_POINTS",
            "127.0.0.1:" + Settings.CASSANDRA_PORT.parsedDefault())
        .containsEntry("MARKETLAB_CASSANDRA_KEYSPACE", Settings.PROCESSOR_KEYSPACE.parsedDefault())
        .containsEntry("GF_PLUGINS_PREINSTALL", DashboardQueries.CASSANDRA);

    JsonNode datasources = yaml(BUNDLE.resolve("provisioning/datasources/marketlab.yaml"));
    assertThat(datasources.path("apiVersion").asInt()).isEqualTo(1);
    assertThat(datasource(datasources, "marketlab-prometheus").path("url").asText())
        .isEqualTo("${MARKETLAB_PROMETHEUS_URL}");
    assertThat(datasource(datasources, "marketlab-cassandra").path("url").asText())
        .isEqualTo("${MARKETLAB_CASSANDRA_CONTACT_POINTS}");
    JsonNode providers = yaml(BUNDLE.resolve("provisioning/dashboards/marketlab.yaml"));
    assertThat(providers.path("providers").path(0).path("options").path("path").asText())
        .isEqualTo("${MARKETLAB_GRAFANA_DASHBOARDS}");
    assertThat(providers.path("providers").path(0).path("type").asText()).isEqualTo("file");
  }

  // --- helpers ---

  /** Every query of every dashboard that {@code which} accepts. */
  static List<Query> queries(java.util.function.Predicate<Query> which) {
    List<Query> queries = new ArrayList<>();
    for (Dashboard dashboard : dashboards) {
      for (Query query : dashboard.queries()) {
        if (which.test(query)) {
          queries.add(query);
        }
      }
    }
    return queries;
  }

  private static Dashboard dashboard(String title) {
    return dashboards.stream().filter(d -> d.title().equals(title)).findFirst().orElseThrow();
  }

  /** A range and placeholder values for every variable of {@code dashboard}. */
  private static GrafanaMacros placeholderMacros(Dashboard dashboard) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Variable variable : dashboard.variables()) {
      values.put(variable.name(), variable.defaultValue() == null ? "x" : variable.defaultValue());
    }
    Instant to = Instant.parse("2024-08-08T23:57:00Z");
    return new GrafanaMacros(to.minusSeconds(900), to, Duration.ofMinutes(1), values);
  }

  /** Table name → its columns, from the layout every reader and writer uses. */
  static Map<String, List<String>> layoutColumns() {
    return Map.of(
        Tables.Trades.NAME, Tables.Trades.COLUMNS,
        Tables.Candles.NAME, Tables.Candles.COLUMNS,
        Tables.DeadLetters.NAME, Tables.DeadLetters.COLUMNS,
        Tables.LateTrades.NAME, Tables.LateTrades.COLUMNS,
        Tables.SymbolState.NAME, Tables.SymbolState.COLUMNS,
        Tables.Symbols.NAME, Tables.Symbols.COLUMNS,
        Tables.ProcessorBatches.NAME, Tables.ProcessorBatches.COLUMNS,
        Tables.Gaps.NAME, Tables.Gaps.COLUMNS);
  }

  private static void collectIds(JsonNode panels, List<Integer> ids) {
    for (JsonNode panel : panels) {
      ids.add(panel.path("id").asInt(-1));
      collectIds(panel.path("panels"), ids);
    }
  }

  private static Map<String, String> provisionedDatasources() throws IOException {
    Map<String, String> uids = new LinkedHashMap<>();
    for (JsonNode datasource :
        yaml(BUNDLE.resolve("provisioning/datasources/marketlab.yaml")).path("datasources")) {
      uids.put(datasource.path("uid").asText(), datasource.path("type").asText());
    }
    return uids;
  }

  private static JsonNode datasource(JsonNode file, String uid) {
    for (JsonNode datasource : file.path("datasources")) {
      if (datasource.path("uid").asText().equals(uid)) {
        return datasource;
      }
    }
    throw new AssertionError("no data source with uid " + uid);
  }

  private static List<Path> provisioningFiles() throws IOException {
    try (var files = Files.walk(BUNDLE.resolve("provisioning"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Map<String, String> environmentFile() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(BUNDLE.resolve("grafana.env"))) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      assertThat(equals).as("grafana.env line: " + line).isPositive();
      values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
    }
    return values;
  }

  private static void textValues(JsonNode node, List<String> values) {
    if (node.isTextual()) {
      values.add(node.asText());
    }
    for (JsonNode child : node) {
      textValues(child, values);
    }
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new YAMLMapper().readTree(file.toFile());
  }

  // --- promtool ---

  record Promtool(int code, String output) {}

  private static void assumePromtool() {
    boolean there = run(List.of("promtool", "--version")).code() == 0;
    if (!there && SharedInputs.required()) {
      throw new AssertionError(
          "promtool is missing (required under CI): apt-get install -y prometheus");
    }
    assumeTrue(there, "promtool is missing: apt-get install -y prometheus");
  }

  /**
   * {@code promtool check rules} on a rules file whose recording rules {@code grafana:query_N} have
   * the expressions: promtool parses each expression and names the rule of any that does not.
   */
  static Promtool checkRules(Path file, List<String> expressions) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode root = yaml.createObjectNode();
    ObjectNode group = root.putArray("groups").addObject();
    group.put("name", "grafana-queries");
    ArrayNode rules = group.putArray("rules");
    for (int i = 0; i < expressions.size(); i++) {
      rules.addObject().put("record", "grafana:query_" + (i + 1)).put("expr", expressions.get(i));
    }
    Files.writeString(file, yaml.writeValueAsString(root), StandardCharsets.UTF_8);
    return run(List.of("promtool", "check", "rules", file.toString()));
  }

  private static Promtool run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Promtool(-1, output + "\n(timed out)");
      }
      return new Promtool(process.exitValue(), output);
    } catch (IOException e) {
      return new Promtool(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Promtool(-1, e.toString());
    }
  }
}
