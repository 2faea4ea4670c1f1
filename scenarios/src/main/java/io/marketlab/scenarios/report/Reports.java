package io.marketlab.scenarios.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketlab.harness.LatencyStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one run's reports: report.json (machines), junit.xml (CI), report.html (people: each
 * check's verdict, expected vs actual, and a latency histogram per scenario). A scenario with fault
 * steps or supervised restarts also gets its fault timeline: {@code timeline} in the JSON, a table
 * in the HTML, one line per entry in the test suite's {@code system-out}.
 */
public final class Reports {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  public static Path write(Path dir, List<ScenarioResult> results) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.json"), json(results));
      Files.writeString(dir.resolve("junit.xml"), junitXml(results));
      Path html = dir.resolve("report.html");
      Files.writeString(html, html(results));
      return html;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write reports to " + dir, e);
    }
  }

  static String json(List<ScenarioResult> results) throws IOException {
    ArrayNode scenarios = JSON.createArrayNode();
    for (ScenarioResult result : results) {
      ObjectNode node = scenarios.addObject();
      node.put("name", result.name());
      node.put("session", result.session());
      node.put("passed", result.passed());
      node.put("status", result.status());
      if (result.isSkipped()) {
        node.put("skipped", result.skipped());
      }
      node.put("started", result.started().toString());
      node.put("took_ms", result.took().toMillis());
      LatencyStats latency = LatencyStats.of(result.latencyMillis());
      ObjectNode latencyNode = node.putObject("latency_ms");
      latencyNode.put("count", latency.count());
      latencyNode.put("p50", latency.p50());
      latencyNode.put("p95", latency.p95());
      latencyNode.put("p99", latency.p99());
      latencyNode.put("max", latency.max());
      LatencyStats candleLatency = LatencyStats.of(result.candleLatencyMillis());
      ObjectNode candleNode = node.putObject("candle_latency_ms");
      candleNode.put("count", candleLatency.count());
      candleNode.put("p50", candleLatency.p50());
      candleNode.put("p95", candleLatency.p95());
      candleNode.put("p99", candleLatency.p99());
      candleNode.put("max", candleLatency.max());
      ObjectNode figures = node.putObject("figures");
      for (Map.Entry<String, String> figure : result.figures().entrySet()) {
        figures.put(figure.getKey(), figure.getValue());
      }
      ArrayNode checks = node.putArray("checks");
      for (Check check : result.checks()) {
        ObjectNode checkNode = checks.addObject();
        checkNode.put("name", check.name());
        checkNode.put("passed", check.passed());
        checkNode.put("expected", check.expected());
        checkNode.put("actual", check.actual());
        checkNode.put("detail", check.detail());
      }
      if (!result.timeline().isEmpty()) {
        ArrayNode timeline = node.putArray("timeline");
        for (FaultEvent event : result.timeline()) {
          ObjectNode entry = timeline.addObject();
          if (!event.run().isEmpty()) {
            entry.put("run", event.run());
          }
          entry.put("step", event.step());
          if (event.planned() != null) {
            entry.put("planned_ms", event.planned().toMillis());
          }
          if (event.at() != null) {
            entry.put("at_ms", event.at().toMillis());
          }
          if (event.wallTime() != null) {
            entry.put("wall_time", event.wallTime().toString());
          }
          if (event.pid() >= 0) {
            entry.put("pid", event.pid());
          }
          entry.put("verdict", event.verdict().name());
          entry.put("outcome", event.outcome());
          entry.put("pipeline", event.pipeline());
        }
      }
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("passed", results.stream().allMatch(ScenarioResult::passed));
    root.set("scenarios", scenarios);
    return JSON.writeValueAsString(root);
  }

  static String junitXml(List<ScenarioResult> results) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"market-lab scenarios\">\n");
    for (ScenarioResult result : results) {
      xml.append(
          String.format(
              Locale.ROOT,
              "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
              escape(result.name()),
              Math.max(1, result.checks().size()),
              result.failures().size(),
              result.isSkipped() ? 1 : 0,
              result.took().toMillis() / 1000.0));
      if (result.isSkipped()) {
        xml.append("    <testcase classname=\"scenario.")
            .append(escape(result.name()))
            .append("\" name=\"scenario\">\n      <skipped message=\"")
            .append(escape(result.skipped()))
            .append("\"/>\n    </testcase>\n");
      }
      for (Check check : result.checks()) {
        xml.append("    <testcase classname=\"scenario.")
            .append(escape(result.name()))
            .append("\" name=\"")
            .append(escape(check.name()))
            .append("\"");
        if (check.passed()) {
          xml.append("/>\n");
        } else {
          xml.append(">\n      <failure message=\"")
              .append(escape(check.detail()))
              .append("\">expected: ")
              .append(escape(check.expected()))
              .append("\nactual: ")
              .append(escape(check.actual()))
              .append("</failure>\n    </testcase>\n");
        }
      }
      if (!result.timeline().isEmpty()) {
        xml.append("    <system-out>fault timeline\n");
        for (FaultEvent event : result.timeline()) {
          xml.append(escape(event.line())).append('\n');
        }
        xml.append("</system-out>\n");
      }
      xml.append("  </testsuite>\n");
    }
    return xml.append("</testsuites>\n").toString();
  }

  static String html(List<ScenarioResult> results) {
    StringBuilder page =
        new StringBuilder(
            """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Market Lab scenarios</title>
        <style>
          body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #1d2330; }
          h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #dde; }
          table { border-collapse: collapse; width: 100%; margin: .6em 0; }
          th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #eef; vertical-align: top; }
          td.v { white-space: nowrap; font-weight: 600; } .pass { color: #137a3a; } .fail { color: #b3261e; } .skip { color: #8a6d00; }
          code, td.num { font-family: ui-monospace, monospace; font-size: 12.5px; }
          td:nth-child(2) { min-width: 11em; }
          .bar { background: #4a78c2; height: 12px; display: inline-block; }
          .summary { padding: .8em 1em; border-radius: 6px; background: #f3f6fb; }
        </style></head><body>
        <h1>Market Lab — scenario report</h1>
        """);
    long failed = results.stream().filter(result -> !result.passed()).count();
    long skipped = results.stream().filter(ScenarioResult::isSkipped).count();
    page.append("<p class=\"summary\"><b class=\"")
        .append(failed == 0 ? "pass\">PASSED" : "fail\">FAILED")
        .append("</b> — ")
        .append(results.size())
        .append(" scenario(s), ")
        .append(failed)
        .append(" failed")
        .append(skipped == 0 ? "" : ", " + skipped + " skipped")
        .append(".</p>\n");
    page.append(
        "<table><tr><th>scenario</th><th>status</th><th>took</th><th>first failure</th></tr>\n");
    for (ScenarioResult result : results) {
      String css = result.isSkipped() ? "skip" : result.passed() ? "pass" : "fail";
      page.append("<tr><td><a href=\"#")
          .append(escape(result.name()))
          .append("\">")
          .append(escape(result.name()))
          .append("</a></td><td class=\"v ")
          .append(css)
          .append("\">")
          .append(result.status())
          .append("</td><td class=num>")
          .append(String.format(Locale.ROOT, "%.1f s", result.took().toMillis() / 1000.0))
          .append("</td><td>")
          .append(
              result.isSkipped()
                  ? escape(result.skipped())
                  : result.passed() ? "" : escape(result.failures().get(0).oneLine()))
          .append("</td></tr>\n");
    }
    page.append("</table>\n");
    for (ScenarioResult result : results) {
      page.append("<h2 id=\"")
          .append(escape(result.name()))
          .append("\">")
          .append(
              result.isSkipped()
                  ? "<span class=skip>⊘</span> "
                  : result.passed() ? "<span class=pass>✔</span> " : "<span class=fail>✘</span> ")
          .append(escape(result.name()))
          .append("</h2>\n<p>")
          .append(escape(result.description()))
          .append("<br>session <code>")
          .append(escape(result.session()))
          .append("</code>, started ")
          .append(result.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
          .append(", took ")
          .append(String.format(Locale.ROOT, "%.1f s", result.took().toMillis() / 1000.0))
          .append("</p>\n");
      if (result.isSkipped()) {
        page.append("<p class=\"v skip\">SKIPPED: ")
            .append(escape(result.skipped()))
            .append("</p>\n");
        continue;
      }
      if (!result.figures().isEmpty()) {
        page.append("<table><tr><th>figure</th><th>value</th></tr>\n");
        for (Map.Entry<String, String> figure : result.figures().entrySet()) {
          page.append("<tr><td>")
              .append(escape(figure.getKey()))
              .append("</td><td class=num>")
              .append(escape(figure.getValue()))
              .append("</td></tr>\n");
        }
        page.append("</table>\n");
      }
      if (!result.timeline().isEmpty()) {
        page.append(
            "<h3>Fault timeline</h3>\n<table><tr><th>at</th><th>wall time</th><th>step</th>"
                + "<th>pid</th><th>verdict</th><th>outcome</th><th>pipeline before</th></tr>\n");
        for (FaultEvent event : result.timeline()) {
          String css =
              switch (event.verdict()) {
                case OK -> "pass";
                case FAILED -> "fail";
                case NOT_RUN -> "skip";
              };
          page.append("<tr><td class=num>")
              .append(escape((event.run().isEmpty() ? "" : event.run() + " ") + event.atText()))
              .append("</td><td class=num>")
              .append(event.wallTime() == null ? "" : escape(event.wallTime().toString()))
              .append("</td><td>")
              .append(escape(event.title()))
              .append("</td><td class=num>")
              .append(event.pid() < 0 ? "" : Long.toString(event.pid()))
              .append("</td><td class=\"v ")
              .append(css)
              .append("\">")
              .append(event.verdict().name().replace('_', ' '))
              .append("</td><td>")
              .append(escape(event.outcome()))
              .append("</td><td>")
              .append(escape(event.pipeline()).replace("; ", ";<br>"))
              .append("</td></tr>\n");
        }
        page.append("</table>\n");
      }
      page.append(
          "<table><tr><th>verdict</th><th>check</th><th>expected</th><th>actual</th><th>detail</th></tr>\n");
      for (Check check : result.checks()) {
        page.append("<tr><td class=\"v ")
            .append(check.passed() ? "pass\">PASS" : "fail\">FAIL")
            .append("</td><td>")
            .append(escape(check.name()))
            .append("</td><td class=num>")
            .append(escape(check.expected()))
            .append("</td><td class=num>")
            .append(escape(check.actual()))
            .append("</td><td>")
            .append(escape(check.detail()).replace("; ", ";<br>"))
            .append("</td></tr>\n");
      }
      page.append("</table>\n");
      LatencyStats latency = LatencyStats.of(result.latencyMillis());
      page.append(
          String.format(
              Locale.ROOT,
              "<p>End-to-end latency (ingest receipt → visible in Cassandra) over %d trades: p50 <b>%d ms</b>, p95 %d ms, "
                  + "p99 <b>%d ms</b>, max %d ms</p>%n<table><tr><th>latency</th><th>trades</th><th></th></tr>%n",
              latency.count(),
              latency.p50(),
              latency.p95(),
              latency.p99(),
              latency.max()));
      LatencyStats candleLatency = LatencyStats.of(result.candleLatencyMillis());
      String candleLine =
          String.format(
              Locale.ROOT,
              "<p>Candle latency (updated_at − ingest receipt of the latest trade it contains) over"
                  + " %d candles: p50 <b>%d ms</b>, p95 %d ms, p99 <b>%d ms</b>, max %d ms</p>%n",
              candleLatency.count(),
              candleLatency.p50(),
              candleLatency.p95(),
              candleLatency.p99(),
              candleLatency.max());
      long most = 1;
      for (long count : latency.bucketCounts()) {
        most = Math.max(most, count);
      }
      for (int i = 0; i < latency.bucketCounts().length; i++) {
        long count = latency.bucketCounts()[i];
        page.append("<tr><td class=num>")
            .append(LatencyStats.bucketLabel(latency.bucketUpperMillis()[i]))
            .append("</td><td class=num>")
            .append(count)
            .append("</td><td><span class=bar style=\"width:")
            .append(Math.round(600.0 * count / most))
            .append("px\"></span></td></tr>\n");
      }
      page.append("</table>\n").append(candleLine);
    }
    return page.append("</body></html>\n").toString();
  }

  private static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
