package io.marketlab.tests.grafana;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a parser (promtool parses the queries, see
 * GrafanaBundleTest): it removes what cannot be a metric name (strings, label matchers, ranges,
 * grouping label lists, numbers, offsets) and keeps the identifiers that are neither a function or
 * aggregation (followed by a parenthesis) nor a keyword.
 */
final class PromQlMetricNames {

  private static final Pattern STRINGS =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern BRACES = Pattern.compile("\\{[^}]*\\}");
  private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING =
      Pattern.compile(
          "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OFFSET =
      Pattern.compile("\\boffset\\s+-?[0-9a-z]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER =
      Pattern.compile("(?<![A-Za-z0-9_:])(0x[0-9a-fA-F]+|[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![A-Za-z0-9_:])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "inf",
          "nan",
          "atan2");

  private PromQlMetricNames() {}

  /** The names, sorted. */
  static Set<String> of(String expression) {
    String text = STRINGS.matcher(expression).replaceAll(" ");
    text = BRACES.matcher(text).replaceAll(" ");
    text = BRACKETS.matcher(text).replaceAll(" ");
    text = GROUPING.matcher(text).replaceAll(" ");
    text = OFFSET.matcher(text).replaceAll(" ");
    text = NUMBER.matcher(text).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(text);
    while (matcher.find()) {
      String name = matcher.group(1);
      boolean call = matcher.group(2) != null;
      if (!call && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }
}
