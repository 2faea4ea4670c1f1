package io.marketlab.scenarios.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One scenario file (scenarios/gate/NAME.yaml) exactly as a person writes it; see
 * scenarios/README.md. Everything is text here: {@link ScenarioLoader} validates it and turns it
 * into a {@link Scenario}. Unknown fields are an error, so a typo never silently weakens a check.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record ScenarioSpec(
    String name,
    String description,
    SessionSource session,
    List<String> symbols,
    String speed,
    List<Burst> bursts,
    String watermark,
    String stallTimeout,
    Expectations expect,
    List<Step> steps,
    Integer repeat) {

  /** Where the session comes from: exactly one of a file, an import of real data, the generator. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record SessionSource(
      String file, @JsonProperty("import") Import importFrom, Synthetic synthetic, Inject inject) {}

  /**
   * Anomalies injected into the session (a seeded transform, {@code Injection}); absent fields take
   * its defaults.
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Inject(
      Long seed,
      Integer jumps,
      Integer spikes,
      List<Double> jumpSigmas,
      List<Double> spikeSigmas,
      String spacing) {}

  /**
   * Files to import (paths relative to the project root; ../shared/... for the shared real data).
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Import(
      String format,
      List<String> files,
      List<String> symbols,
      String from,
      String to,
      String zone) {}

  /** The seeded generator; absent fields take SyntheticSession.Spec.standard's values. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Synthetic(
      Long seed,
      List<String> symbols,
      String start,
      Integer seconds,
      Integer tradesPerSecond,
      Boolean hardCases,
      Boolean malformed,
      String lateBehind) {}

  /**
   * What must hold after the run. Counts are {@code reference} or a number; {@code
   * maxProcessorRestarts} is a number.
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Expectations(
      String storedTrades,
      List<String> candles,
      String deadLetters,
      String processorDeadLetters,
      String lateTrades,
      Latency latency,
      String maxProcessorRestarts,
      List<String> alerts) {}

  /** Upper bounds of the end-to-end latency (durations); absent = not checked. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Latency(String p50, String p95, String p99, String max) {}

  /**
   * A stretch of the replay at another speed, e.g. {@code {at: 60s, for: 30s, speed: 10}}: wall
   * time after the replay starts, like steps.
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Burst(String at, @JsonProperty("for") String length, String speed) {}

  /**
   * An action at a wall-clock time after the replay starts, e.g. {@code {at: 8s, action:
   * kill-processor}}; {@code node: 2} aims a kafka or cassandra step at one node of {@code lab up
   * --nodes 3} ({@code kafka-2}).
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Step(String at, String action, Integer node) {}
}
