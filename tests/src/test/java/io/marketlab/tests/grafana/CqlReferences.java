package io.marketlab.tests.grafana;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table and the columns a dashboard's CQL SELECT names. Not a CQL parser (the real Cassandra
 * runs every query in GrafanaQueriesIT): it finds {@code FROM [keyspace.]table}, removes string
 * literals, Grafana variables, numbers and the types of {@code CAST(... AS type)}, and keeps the
 * identifiers that are neither a function (followed by a parenthesis) nor a CQL keyword.
 */
final class CqlReferences {

  /** What one query reads. */
  record Reference(String table, Set<String> columns) {}

  private static final Pattern FROM =
      Pattern.compile(
          "\\bFROM\\s+(?:(\\$\\{?[A-Za-z0-9_]+\\}?|[A-Za-z0-9_]+)\\.)?([A-Za-z0-9_]+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern STRINGS = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern VARIABLES =
      Pattern.compile("\\$\\{[^}]*\\}|\\[\\[[A-Za-z0-9_]+\\]\\]|\\$[A-Za-z0-9_]+");
  private static final Pattern CAST_TYPE =
      Pattern.compile("\\bAS\\s+[A-Za-z]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z0-9_])-?[0-9]+(\\.[0-9]+)?");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "select",
          "distinct",
          "from",
          "where",
          "and",
          "in",
          "order",
          "by",
          "asc",
          "desc",
          "limit",
          "per",
          "partition",
          "allow",
          "filtering",
          "as",
          "cast",
          "true",
          "false",
          "null",
          "token",
          "contains",
          "key");

  private CqlReferences() {}

  static Reference of(String cql) {
    String text = STRINGS.matcher(cql).replaceAll(" ");
    Matcher from = FROM.matcher(text);
    if (!from.find()) {
      throw new IllegalArgumentException("no FROM [keyspace.]table in: " + cql);
    }
    String table = from.group(2).toLowerCase(Locale.ROOT);
    text = text.substring(0, from.start()) + " " + text.substring(from.end());
    if (FROM.matcher(text).find()) {
      throw new IllegalArgumentException("more than one FROM in: " + cql);
    }
    text = VARIABLES.matcher(text).replaceAll(" ");
    text = CAST_TYPE.matcher(text).replaceAll(" ");
    text = NUMBER.matcher(text).replaceAll(" ");
    Set<String> columns = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(text);
    while (matcher.find()) {
      String name = matcher.group(1).toLowerCase(Locale.ROOT);
      if (matcher.group(2) == null && !KEYWORDS.contains(name)) {
        columns.add(name);
      }
    }
    return new Reference(table, columns);
  }
}
