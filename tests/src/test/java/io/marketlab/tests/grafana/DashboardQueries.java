package io.marketlab.tests.grafana;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every query of a Grafana dashboard JSON, as Grafana would send it: each target of each panel
 * (rows' nested panels included) and each template variable with a query, with the type and uid of
 * the data source it goes to. Reading is strict: a file that is not one JSON object (duplicate keys
 * included), a panel without a data source or without a query, a Cassandra target that is not raw
 * CQL, or a data source type this bundle does not use is an {@link IllegalArgumentException} naming
 * the file and the panel or variable.
 */
public final class DashboardQueries {

  public static final String PROMETHEUS = "prometheus";
  public static final String CASSANDRA = "hadesarchitect-cassandra-datasource";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DashboardQueries() {}

  /**
   * One query as written in the dashboard.
   *
   * @param place {@code panel 'Price (trades)' #1 A} or {@code variable symbol}
   * @param text the PromQL ({@code expr}) or the raw CQL ({@code target}, or the variable's query)
   */
  public record Query(
      String dashboard,
      String place,
      String datasourceType,
      String datasourceUid,
      String text,
      boolean variable) {

    public boolean isPromQl() {
      return datasourceType.equals(PROMETHEUS);
    }

    public boolean isCql() {
      return datasourceType.equals(CASSANDRA);
    }

    /** {@code Market / panel 'Price (trades)' #1 A}. */
    public String describe() {
      return dashboard + " / " + place;
    }
  }

  /**
   * A template variable: its value comes from its query (type {@code query}) or is the default a
   * user may change (types {@code textbox}, {@code custom}, {@code constant}).
   */
  public record Variable(String name, String type, String defaultValue, Query query) {}

  /**
   * One dashboard file: its identity, variables in order, and every query (panels, then variables).
   */
  public record Dashboard(
      String file,
      String uid,
      String title,
      int schemaVersion,
      JsonNode json,
      List<Variable> variables,
      List<Query> panelQueries,
      int panels) {

    /** Panel queries, then the variables' queries. */
    public List<Query> queries() {
      List<Query> all = new ArrayList<>(panelQueries);
      for (Variable variable : variables) {
        if (variable.query() != null) {
          all.add(variable.query());
        }
      }
      return all;
    }
  }

  /** Every {@code *.json} of {@code dir}, by file name. */
  public static List<Dashboard> readAll(Path dir) throws IOException {
    List<Dashboard> dashboards = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        dashboards.add(read(file));
      }
    }
    if (dashboards.isEmpty()) {
      throw new IllegalArgumentException("no dashboard (*.json) in " + dir);
    }
    return dashboards;
  }

  public static Dashboard read(Path file) throws IOException {
    return parse(file.getFileName().toString(), Files.readString(file));
  }

  /** Reads one dashboard; {@code file} names it in errors. */
  public static Dashboard parse(String file, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": a dashboard is one JSON object");
    }
    String title = requireText(root, "title", file);
    String uid = requireText(root, "uid", file);
    if (!root.path("schemaVersion").isInt()) {
      throw new IllegalArgumentException(file + ": no integer schemaVersion");
    }
    List<Query> queries = new ArrayList<>();
    int[] panels = {0};
    walkPanels(title, file, root.path("panels"), queries, panels);
    List<Variable> variables = new ArrayList<>();
    for (JsonNode node : root.path("templating").path("list")) {
      variables.add(variable(title, file, node));
    }
    return new Dashboard(
        file,
        uid,
        title,
        root.path("schemaVersion").asInt(),
        root,
        List.copyOf(variables),
        List.copyOf(queries),
        panels[0]);
  }

  private static void walkPanels(
      String dashboard, String file, JsonNode list, List<Query> queries, int[] panels) {
    for (JsonNode panel : list) {
      if (panel.path("type").asText().equals("row")) {
        // a collapsed row keeps its panels inside it
        walkPanels(dashboard, file, panel.path("panels"), queries, panels);
        continue;
      }
      panels[0]++;
      String place =
          "panel '" + panel.path("title").asText() + "' #" + panel.path("id").asText("?");
      JsonNode targets = panel.path("targets");
      if (!targets.isArray() || targets.isEmpty()) {
        throw new IllegalArgumentException(file + ": " + place + " has no query (targets)");
      }
      for (JsonNode target : targets) {
        String where = place + " " + target.path("refId").asText("?");
        JsonNode datasource =
            target.has("datasource") ? target.path("datasource") : panel.path("datasource");
        String[] typeAndUid = datasource(datasource, file, where);
        queries.add(
            new Query(
                dashboard,
                where,
                typeAndUid[0],
                typeAndUid[1],
                targetText(target, typeAndUid[0], file, where),
                false));
      }
    }
  }

  private static String targetText(JsonNode target, String type, String file, String where) {
    if (type.equals(PROMETHEUS)) {
      return requireText(target, "expr", file + ": " + where);
    }
    if (!target.path("rawQuery").asBoolean(false)) {
      throw new IllegalArgumentException(
          file
              + ": "
              + where
              + " uses the Cassandra plugin's query configurator; write it as raw CQL"
              + " (rawQuery: true, target: the CQL) so that it can be checked");
    }
    return requireText(target, "target", file + ": " + where);
  }

  private static Variable variable(String dashboard, String file, JsonNode node) {
    String name = requireText(node, "name", file + ": a template variable");
    String type = node.path("type").asText();
    String place = "variable " + name;
    switch (type) {
      case "query" -> {
        String[] typeAndUid = datasource(node.path("datasource"), file, place);
        JsonNode query = node.path("query");
        String text = query.isTextual() ? query.asText() : query.path("query").asText();
        if (text.isBlank()) {
          throw new IllegalArgumentException(file + ": " + place + " has no query");
        }
        return new Variable(
            name,
            type,
            null,
            new Query(dashboard, place, typeAndUid[0], typeAndUid[1], text, true));
      }
      case "textbox", "constant" -> {
        return new Variable(name, type, node.path("query").asText(), null);
      }
      case "custom" -> {
        String current = node.path("current").path("value").asText("");
        String first = node.path("query").asText().split(",", -1)[0].trim();
        return new Variable(name, type, current.isEmpty() ? first : current, null);
      }
      default ->
          throw new IllegalArgumentException(
              file
                  + ": "
                  + place
                  + " is of type '"
                  + type
                  + "'; the check knows query, textbox, custom and constant variables");
    }
  }

  /** {type, uid} of a {@code {"type": ..., "uid": ...}} reference. */
  private static String[] datasource(JsonNode node, String file, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          file
              + ": "
              + where
              + " has no data source {\"type\": ..., \"uid\": ...}"
              + (node.isTextual() ? " (a name alone: '" + node.asText() + "')" : ""));
    }
    String type = requireText(node, "type", file + ": " + where + " data source");
    String uid = requireText(node, "uid", file + ": " + where + " data source");
    if (!type.equals(PROMETHEUS) && !type.equals(CASSANDRA)) {
      throw new IllegalArgumentException(
          file
              + ": "
              + where
              + " uses data source type '"
              + type
              + "'; the bundle has "
              + PROMETHEUS
              + " and "
              + CASSANDRA);
    }
    return new String[] {type, uid};
  }

  private static String requireText(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": no '" + field + "'");
    }
    return value.asText();
  }
}
