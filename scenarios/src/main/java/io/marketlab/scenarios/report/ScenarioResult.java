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
 */
public record ScenarioResult(
    String name,
    String description,
    String session,
    Instant started,
    Duration took,
    List<Check> checks,
    long[] latencyMillis,
    Map<String, String> figures) {

  public boolean passed() {
    for (Check check : checks) {
      if (!check.passed()) {
        return false;
      }
    }
    return true;
  }

  public List<Check> failures() {
    return checks.stream().filter(check -> !check.passed()).toList();
  }
}
