package io.marketlab.tests.grafana;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana and the Cassandra plugin put in place of the variables of a query before it reaches
 * the database, for one time range and one value per dashboard variable:
 *
 * <ul>
 *   <li>the Cassandra plugin's macros (its backend, {@code pkg/handler/data_query.go}): {@code
 *       $__timeFrom} and {@code $__timeTo} as epoch milliseconds, {@code $__unixEpochFrom} and
 *       {@code $__unixEpochTo} as epoch seconds;
 *   <li>Grafana's global variables: {@code $__from} and {@code $__to} (epoch ms), and for
 *       Prometheus {@code $__rate_interval}, {@code $__interval} and {@code $__range} as PromQL
 *       durations;
 *   <li>the dashboard's own variables, written {@code $name}, {@code ${name}} or {@code [[name]]}.
 * </ul>
 *
 * A variable without a value, or a {@code ${name:format}} (formats are not reproduced here), is an
 * {@link IllegalArgumentException} naming it, so a query can never reach a database half replaced.
 */
public record GrafanaMacros(
    Instant from, Instant to, Duration rateInterval, Map<String, String> variables) {

  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\$\\{([A-Za-z0-9_]+)(:[^}]*)?\\}|\\[\\[([A-Za-z0-9_]+)\\]\\]|\\$([A-Za-z0-9_]+)");

  public GrafanaMacros {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("time range from " + from + " is after to " + to);
    }
    variables = Map.copyOf(variables);
  }

  /** The same range and interval with {@code name} set to {@code value}. */
  public GrafanaMacros with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(variables);
    more.put(name, value);
    return new GrafanaMacros(from, to, rateInterval, more);
  }

  /** {@code text} with every macro and variable replaced. */
  public String apply(String text) {
    Map<String, String> values = builtIns();
    values.putAll(variables);
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name =
          matcher.group(1) != null
              ? matcher.group(1)
              : matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
      if (matcher.group(2) != null) {
        throw new IllegalArgumentException(
            "variable format " + matcher.group() + " is not reproduced by this check: " + text);
      }
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for $" + name + " (known: " + values.keySet() + ") in: " + text);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private Map<String, String> builtIns() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("__timeFrom", Long.toString(from.toEpochMilli()));
    values.put("__timeTo", Long.toString(to.toEpochMilli()));
    values.put("__unixEpochFrom", Long.toString(from.getEpochSecond()));
    values.put("__unixEpochTo", Long.toString(to.getEpochSecond()));
    values.put("__from", Long.toString(from.toEpochMilli()));
    values.put("__to", Long.toString(to.toEpochMilli()));
    values.put("__rate_interval", promDuration(rateInterval));
    // Grafana's $__interval: the range over ~1000 points, never under the scrape interval; the
    // check uses the rate interval, which is at least that
    values.put("__interval", promDuration(rateInterval));
    values.put("__range", promDuration(Duration.between(from, to)));
    return values;
  }

  /** {@code 8s}, {@code 250ms}: a duration as PromQL writes it. */
  static String promDuration(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a PromQL duration must be positive: " + duration);
    }
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }
}
