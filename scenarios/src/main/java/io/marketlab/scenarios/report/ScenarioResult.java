package io.marketlab.scenarios.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows about one scenario run.
 *
 * @param latencyMillis end-to-end latencies (visible in Cassandra − receipt at the ingest), ms
 * @param figures measured numbers worth printing (trades/s, counts), by name
 * @param skipped why the scenario did not run (e.g. its shared data is missing); null when it ran
 * @param timeline the fault steps and supervised restarts of its runs, in time order per run
 * @param candleLatencyMillis per stored candle: updated_at − ingest receipt of the latest trade it
 *     contains, ms
 */
public record ScenarioResult(
    String name,
    String description,
    String session,
    Instant started,
    Duration took,
    List<Check> checks,
    long[] latencyMillis,
    Map<String, String> figures,
    String skipped,
    List<FaultEvent> timeline,
    long[] candleLatencyMillis) {

  public ScenarioResult {
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    candleLatencyMillis = candleLatencyMillis == null ? new long[0] : candleLatencyMillis;
  }

  /** No candle latencies measured. */
  public ScenarioResult(
      String name,
      String description,
      String session,
      Instant started,
      Duration took,
      List<Check> checks,
      long[] latencyMillis,
      Map<String, String> figures,
      String skipped,
      List<FaultEvent> timeline) {
    this(
        name,
        description,
        session,
        started,
        took,
        checks,
        latencyMillis,
        figures,
        skipped,
        timeline,
        new long[0]);
  }

  public ScenarioResult(
      String name,
      String description,
      String session,
      Instant started,
      Duration took,
      List<Check> checks,
      long[] latencyMillis,
      Map<String, String> figures,
      String skipped) {
    this(
        name,
        description,
        session,
        started,
        took,
        checks,
        latencyMillis,
        figures,
        skipped,
        List.of());
  }

  public ScenarioResult(
      String name,
      String description,
      String session,
      Instant started,
      Duration took,
      List<Check> checks,
      long[] latencyMillis,
      Map<String, String> figures) {
    this(name, description, session, started, took, checks, latencyMillis, figures, null);
  }

  public static ScenarioResult skipped(
      String name, String description, String session, String reason) {
    return new ScenarioResult(
        name,
        description,
        session,
        Instant.now(),
        Duration.ZERO,
        List.of(),
        new long[0],
        Map.of(),
        reason);
  }

  public boolean isSkipped() {
    return skipped != null;
  }

  /** No check failed (a skipped scenario has none). */
  public boolean passed() {
    for (Check check : checks) {
      if (!check.passed()) {
        return false;
      }
    }
    return true;
  }

  /** PASSED, FAILED or SKIPPED. */
  public String status() {
    return isSkipped() ? "SKIPPED" : passed() ? "PASSED" : "FAILED";
  }

  public List<Check> failures() {
    return checks.stream().filter(check -> !check.passed()).toList();
  }

  /** One line per failed check, as CI shows it: {@code FAIL <scenario>: <check>: <detail>}. */
  public List<String> failureLines() {
    List<String> lines = new java.util.ArrayList<>();
    for (Check check : failures()) {
      lines.add(
          "FAIL "
              + name
              + ": "
              + check.name()
              + (check.detail().isEmpty() ? "" : ": " + check.detail()));
    }
    return lines;
  }
}
