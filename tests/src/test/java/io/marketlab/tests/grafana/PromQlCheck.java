package io.marketlab.tests.grafana;

import io.marketlab.fixtures.metrics.PrometheusApi;
import io.marketlab.tests.grafana.DashboardQueries.Query;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs a dashboard's PromQL queries on a real Prometheus over a time range, as a panel showing that
 * range would: each query (its Grafana variables replaced) is evaluated at instants from the end of
 * the range back to its start, one scrape interval apart, and answers when one instant gives a
 * series with a finite value. A query that never does gets a reason: which of its metrics were
 * never scraped in the range, whether docs/METRICS.md says their endpoint is not served yet, and
 * what Prometheus knows of the job that should serve them.
 */
final class PromQlCheck {

  /**
   * What one query gave.
   *
   * @param at the instant that answered, or null
   * @param problem why it did not answer, or null
   */
  record Outcome(Query query, String expression, Instant at, int series, String problem) {
    boolean answered() {
      return at != null;
    }
  }

  private final PrometheusApi api;
  private final MetricCatalogue catalogue;
  private final GrafanaMacros macros;
  private final Duration step;

  PromQlCheck(PrometheusApi api, MetricCatalogue catalogue, GrafanaMacros macros, Duration step) {
    this.api = api;
    this.catalogue = catalogue;
    this.macros = macros;
    this.step = step;
  }

  List<Outcome> run(List<Query> queries) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Query query : queries) {
      outcomes.add(run(query));
    }
    return outcomes;
  }

  private Outcome run(Query query) {
    String expression = macros.apply(query.text());
    String lastError = null;
    for (Instant at = macros.to(); !at.isBefore(macros.from()); at = at.minus(step)) {
      try {
        int finite = 0;
        for (PrometheusApi.Sample sample : api.query(expression, at)) {
          if (Double.isFinite(sample.value())) {
            finite++;
          }
        }
        if (finite > 0) {
          return new Outcome(query, expression, at, finite, null);
        }
      } catch (IOException e) {
        lastError = e.getMessage();
      }
    }
    String problem =
        lastError != null
            ? "Prometheus refused it: " + lastError
            : "no finite value at any instant from "
                + macros.from()
                + " to "
                + macros.to()
                + ": "
                + explain(query.text());
    return new Outcome(query, expression, null, 0, problem);
  }

  /** Why a query that parses gave nothing: the metrics it reads that Prometheus never saw. */
  private String explain(String text) {
    Set<String> names = PromQlMetricNames.of(text);
    List<String> missing = new ArrayList<>();
    String range = GrafanaMacros.promDuration(Duration.between(macros.from(), macros.to()));
    for (String name : names) {
      String selector = "count(last_over_time({__name__=\"" + name + "\"}[" + range + "]))";
      boolean seen;
      try {
        seen = !api.query(selector, macros.to()).isEmpty();
      } catch (IOException e) {
        return "(could not ask Prometheus about " + name + ": " + e.getMessage() + ")";
      }
      if (!seen) {
        missing.add(describeMissing(name));
      }
    }
    if (missing.isEmpty()) {
      return "every metric it reads "
          + names
          + " was scraped in the range, yet the expression"
          + " gave no finite value (a rate of a counter that never moved is 0, but a quantile of a"
          + " histogram without observations, or a ratio over 0, is NaN)";
    }
    return String.join("; ", missing);
  }

  private String describeMissing(String name) {
    StringBuilder line = new StringBuilder("metric ").append(name).append(" was never scraped");
    if (catalogue.pending().contains(name)) {
      line.append(" (docs/METRICS.md lists it among the metrics whose endpoint is not served yet)");
    }
    String job = jobOf(name);
    if (job != null) {
      line.append("; job ").append(job).append(": ").append(targets(job));
    }
    return line.toString();
  }

  /** The job whose parts serve a metric, by the metric's prefix. */
  static String jobOf(String metric) {
    for (String job : List.of("ingest", "processor", "dashboard")) {
      if (metric.startsWith("marketlab_" + job + "_") || metric.startsWith("marketlab:" + job)) {
        return job;
      }
    }
    if (metric.startsWith("kafka_")) {
      return "kafka";
    }
    if (metric.startsWith("cassandra_")) {
      return "cassandra";
    }
    return null;
  }

  private String targets(String job) {
    try {
      List<String> parts = new ArrayList<>();
      for (PrometheusApi.Target target : api.targets()) {
        if (target.job().equals(job)) {
          parts.add(
              target.part()
                  + " "
                  + target.health()
                  + (target.lastError().isEmpty() ? "" : " (" + target.lastError() + ")"));
        }
      }
      return parts.isEmpty()
          ? "no target registered now (nothing under .lab/conf/prometheus-targets/" + job + "/)"
          : String.format(Locale.ROOT, "targets now %s", parts);
    } catch (IOException e) {
      return "targets unknown (" + e.getMessage() + ")";
    }
  }
}
