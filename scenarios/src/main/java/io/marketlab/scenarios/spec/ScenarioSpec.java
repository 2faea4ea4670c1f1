package io.marketlab.scenarios.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One scenario file (scenarios/NAME.yaml), as written by a person; see scenarios/README.md. Every
 * field but {@code name} and {@code session} has a default.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ScenarioSpec(
    String name,
    String description,
    SessionSource session,
    List<String> symbols,
    String speed,
    String watermark,
    Expectations expect,
    List<Step> steps,
    Integer repeat) {

  /** Where the session comes from: a file, an import of real data, or the synthetic generator. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record SessionSource(String file, Import importFrom, Synthetic synthetic) {}

  /** Files to import (paths relative to the project root; ../shared/... for the shared real data). */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Import(String format, List<String> files, String from, String to) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Synthetic(Long seed, List<String> symbols, Integer seconds, Integer tradesPerSecond, Boolean hardCases,
      Boolean malformed) {}

  /**
   * What must hold after the run. Counts are "reference" (computed from the session by the
   * independent reference) or a number.
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Expectations(
      String storedTrades,
      List<String> candles,
      String deadLetters,
      String lateTrades,
      Map<String, String> latency) {}

  /** An action at a time into the replay (session time at the replay speed), e.g. kill the processor. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Step(String at, String action) {}
}
