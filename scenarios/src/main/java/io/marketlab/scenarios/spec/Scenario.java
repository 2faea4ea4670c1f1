package io.marketlab.scenarios.spec;

import io.marketlab.importers.ImportFormat;
import io.marketlab.ingest.SpeedProfile;
import io.marketlab.scenarios.inject.Injection;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A validated scenario, ready to run: every path absolute, every duration parsed, every default
 * applied. Made by {@link ScenarioLoader} from a {@link ScenarioSpec}.
 *
 * @param file the scenario file it came from
 * @param symbols symbols the ingest subscribes to; empty = every symbol of the session header
 * @param speed replay speed; {@code Double.POSITIVE_INFINITY} = as fast as possible ({@code max})
 * @param watermark the processor's lateness bound (default 10 s)
 * @param stallTimeout read back when the processor commits nothing new for this long (default 120
 *     s)
 * @param repeat how many times to run; 2 or more also checks that every run stores the same candles
 * @param bursts stretches of the replay at another speed (wall time after the replay starts, in
 *     time order, not overlapping; none by default)
 * @param inject anomalies injected into the session before the run; null for none
 */
public record Scenario(
    String name,
    String description,
    Path file,
    SessionPlan session,
    Set<String> symbols,
    double speed,
    Duration watermark,
    Duration stallTimeout,
    Expectations expect,
    List<PipelineRun.Step> steps,
    int repeat,
    List<SpeedProfile.Burst> bursts,
    Injection.Spec inject) {

  public Scenario {
    bursts = bursts == null ? List.of() : List.copyOf(bursts);
  }

  /** The speed as one line: {@code 1x}, {@code max}, {@code 1x, 10x at 60s for 30s}. */
  public String speedText() {
    StringBuilder text = new StringBuilder(speedText(speed));
    for (SpeedProfile.Burst burst : bursts) {
      text.append(", ")
          .append(speedText(burst.speed()))
          .append(" at ")
          .append(io.marketlab.config.Durations.format(burst.at()))
          .append(" for ")
          .append(io.marketlab.config.Durations.format(burst.length()));
    }
    return text.toString();
  }

  private static String speedText(double speed) {
    return Double.isInfinite(speed)
        ? "max"
        : (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed)) + "x";
  }

  /** Where the session comes from. */
  public sealed interface SessionPlan permits FileSession, ImportSession, SyntheticPlan {
    /** Files the session is read or imported from (none for the generator). */
    List<Path> inputs();

    String describe();
  }

  /** A session file used as it is. */
  public record FileSession(Path path) implements SessionPlan {
    @Override
    public List<Path> inputs() {
      return List.of(path);
    }

    @Override
    public String describe() {
      return "file " + path.getFileName();
    }
  }

  /**
   * Real data imported into the session cache; {@code from}/{@code to} as the importer's
   * --from/--to.
   */
  public record ImportSession(
      ImportFormat format,
      List<Path> files,
      Set<String> symbols,
      String from,
      String to,
      ZoneId zone)
      implements SessionPlan {
    @Override
    public List<Path> inputs() {
      return files;
    }

    @Override
    public String describe() {
      StringBuilder text = new StringBuilder("import ").append(format.cliName()).append(" of ");
      for (int i = 0; i < files.size(); i++) {
        text.append(i == 0 ? "" : ", ").append(files.get(i).getFileName());
      }
      if (from != null || to != null) {
        text.append(", trades in [")
            .append(from == null ? "start" : from)
            .append(", ")
            .append(to == null ? "end" : to)
            .append(") ")
            .append(zone);
      }
      return text.toString();
    }
  }

  /** A session written by the seeded generator. */
  public record SyntheticPlan(SyntheticSession.Spec spec) implements SessionPlan {
    @Override
    public List<Path> inputs() {
      return List.of();
    }

    @Override
    public String describe() {
      return "synthetic seed "
          + spec.seed()
          + ", "
          + spec.symbols().size()
          + " symbols, "
          + spec.seconds()
          + " s at "
          + spec.tradesPerSecond()
          + " trades/s"
          + (spec.hardCases() ? ", hard cases" : "")
          + (spec.malformed() ? ", malformed frames" : "");
    }
  }

  /** An expected count: what the reference computes from the session, or a fixed number. */
  public record Count(Long exactly) {
    public static final Count REFERENCE = new Count(null);

    public static Count of(long value) {
      return new Count(value);
    }

    public boolean isReference() {
      return exactly == null;
    }

    /** The number to expect, given what the reference computed. */
    public long resolve(long reference) {
      return exactly == null ? reference : exactly;
    }
  }

  /** Upper bounds for the end-to-end latency; a null bound is not checked. */
  public record LatencyBounds(Duration p50, Duration p95, Duration p99, Duration max) {
    public static final LatencyBounds NONE = new LatencyBounds(null, null, null, null);

    /**
     * Every bound times {@code factor} (to the millisecond; {@code LAB_SCENARIO_LATENCY_FACTOR}): a
     * machine that runs more than the lab's single node set is slower, never less exact.
     */
    public LatencyBounds times(double factor) {
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("a latency factor is 1 or more, got " + factor);
      }
      return new LatencyBounds(
          scaled(p50, factor), scaled(p95, factor), scaled(p99, factor), scaled(max, factor));
    }

    private static Duration scaled(Duration bound, double factor) {
      return bound == null ? null : Duration.ofMillis(Math.round(bound.toMillis() * factor));
    }
  }

  /**
   * @param storedTrades trades in Cassandra (the stored trades are also compared, one by one, with
   *     the reference's)
   * @param candles resolutions whose candles must equal the reference's, field by field
   * @param deadLetters dead letters the ingest writes
   * @param processorDeadLetters dead letters the processor writes (default 0)
   * @param lateTrades trades the processor keeps in late_trades
   * @param maxProcessorRestarts restarts the harness may make because the processor exited on its
   *     own (default 0: a processor that dies, even if restarted, fails the scenario)
   * @param alerts alerts of deploy/prometheus/rules that must fire for this run in the real
   *     Prometheus and resolve before it ends (default none)
   */
  public record Expectations(
      Count storedTrades,
      List<Resolution> candles,
      Count deadLetters,
      Count processorDeadLetters,
      Count lateTrades,
      LatencyBounds latency,
      int maxProcessorRestarts,
      List<String> alerts) {

    public Expectations {
      alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** The same expectations with every latency bound times {@code factor}. */
    public Expectations withLatencyTimes(double factor) {
      return new Expectations(
          storedTrades,
          candles,
          deadLetters,
          processorDeadLetters,
          lateTrades,
          latency == null ? null : latency.times(factor),
          maxProcessorRestarts,
          alerts);
    }

    /** No alert expected. */
    public Expectations(
        Count storedTrades,
        List<Resolution> candles,
        Count deadLetters,
        Count processorDeadLetters,
        Count lateTrades,
        LatencyBounds latency,
        int maxProcessorRestarts) {
      this(
          storedTrades,
          candles,
          deadLetters,
          processorDeadLetters,
          lateTrades,
          latency,
          maxProcessorRestarts,
          List.of());
    }

    /** No supervised restart allowed. */
    public Expectations(
        Count storedTrades,
        List<Resolution> candles,
        Count deadLetters,
        Count processorDeadLetters,
        Count lateTrades,
        LatencyBounds latency) {
      this(storedTrades, candles, deadLetters, processorDeadLetters, lateTrades, latency, 0);
    }

    public static Expectations defaults() {
      return new Expectations(
          Count.REFERENCE,
          List.of(Resolution.values()),
          Count.REFERENCE,
          Count.of(0),
          Count.REFERENCE,
          LatencyBounds.NONE,
          0);
    }
  }
}
