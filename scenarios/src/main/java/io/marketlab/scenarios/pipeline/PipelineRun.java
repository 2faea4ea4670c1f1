package io.marketlab.scenarios.pipeline;

import io.marketlab.config.Durations;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.DayRange;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.FaultException;
import io.marketlab.harness.FaultProof;
import io.marketlab.harness.FaultTarget;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredDeadLetter;
import io.marketlab.harness.StoredLateTrade;
import io.marketlab.harness.StoredRun;
import io.marketlab.harness.StoredTrade;
import io.marketlab.harness.SupervisedRestart;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.SpeedProfile;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.report.FaultEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One end-to-end run of the real pipeline on a session, checked against the independent reference:
 * the harness's {@link PipelineStack} (processor → replay server → ingest → Kafka → processor →
 * Cassandra) with the scenario's fault steps (kill -9 and start of the processor, of Cassandra, of
 * Kafka, of the ingest; pauses; drops of the websocket) during the replay, then everything read
 * back. Each run has its own topic, keyspace and checkpoint, so runs never see each other's data.
 *
 * <p>Every step proves itself (a kill: the pid it hit is gone; a start: a new pid, healthy) and
 * goes into the run's fault timeline with what the pipeline was doing; a step that cannot prove
 * itself is a failed entry, and the steps after it do not run. Steps on Cassandra or Kafka need
 * local engines: on containers or external clusters the run fails before it starts, naming the
 * step.
 */
public final class PipelineRun {

  /** An action during the replay: at a wall-clock time after the replay starts. */
  /**
   * @param node node of a node set the step acts on (1-based: {@code kafka-2} is node 2), or 0 for
   *     the engine itself (a single node, or node 1 of a set)
   */
  public record Step(Duration at, Action action, int node) {

    public Step {
      if (node < 0) {
        throw new IllegalArgumentException("node must be 0 (the engine) or 1.., got " + node);
      }
    }

    public Step(Duration at, Action action) {
      this(at, action, 0);
    }

    /** {@code kill-cassandra}, {@code kill-kafka node 2}: as in the fault timeline. */
    public String label() {
      return action.label() + (node == 0 ? "" : " node " + node);
    }

    /** {@code kill-cassandra at 8s}. */
    public String describe() {
      return label() + " at " + Durations.format(at);
    }
  }

  /** What a step does; in scenario files by its {@link #label()}. */
  public enum Action {
    KILL_PROCESSOR(Kind.KILL, FaultTarget.PROCESSOR),
    START_PROCESSOR(Kind.START, FaultTarget.PROCESSOR),
    RESTART_PROCESSOR(Kind.RESTART, FaultTarget.PROCESSOR),
    KILL_CASSANDRA(Kind.KILL, FaultTarget.CASSANDRA),
    START_CASSANDRA(Kind.START, FaultTarget.CASSANDRA),
    KILL_KAFKA(Kind.KILL, FaultTarget.KAFKA),
    START_KAFKA(Kind.START, FaultTarget.KAFKA),
    PAUSE_PROCESSOR(Kind.PAUSE, FaultTarget.PROCESSOR),
    RESUME_PROCESSOR(Kind.RESUME, FaultTarget.PROCESSOR),
    PAUSE_CASSANDRA(Kind.PAUSE, FaultTarget.CASSANDRA),
    RESUME_CASSANDRA(Kind.RESUME, FaultTarget.CASSANDRA),
    PAUSE_KAFKA(Kind.PAUSE, FaultTarget.KAFKA),
    RESUME_KAFKA(Kind.RESUME, FaultTarget.KAFKA),
    /** The replay server cuts every websocket connection at once (a network cut). */
    DROP(Kind.DROP, FaultTarget.WEBSOCKET),
    KILL_INGEST(Kind.KILL, FaultTarget.INGEST),
    /** SIGTERM: the ingest stops its client, drains its journal (at most 10 s) and exits. */
    STOP_INGEST(Kind.STOP, FaultTarget.INGEST),
    START_INGEST(Kind.START, FaultTarget.INGEST),
    PAUSE_INGEST(Kind.PAUSE, FaultTarget.INGEST),
    RESUME_INGEST(Kind.RESUME, FaultTarget.INGEST);

    /**
     * SIGKILL of the target's JVM; start it again (and wait until healthy); both; SIGSTOP (a frozen
     * process); SIGCONT; a cut of the websocket; SIGTERM (a clean stop).
     */
    public enum Kind {
      KILL,
      START,
      RESTART,
      PAUSE,
      RESUME,
      DROP,
      STOP
    }

    private final Kind kind;
    private final FaultTarget target;

    Action(Kind kind, FaultTarget target) {
      this.kind = kind;
      this.target = target;
    }

    public Kind kind() {
      return kind;
    }

    public FaultTarget target() {
      return target;
    }

    /** As written in scenario files: {@code kill-cassandra}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * @param speed replay speed; {@code Double.POSITIVE_INFINITY} = as fast as possible
   * @param stallTimeout give up when nothing new is stored for this long
   */
  public record Options(
      String name,
      Path session,
      Set<String> symbols,
      double speed,
      Duration watermarkDelay,
      List<Step> steps,
      Duration stallTimeout,
      List<String> alerts,
      List<SpeedProfile.Burst> bursts) {

    public Options {
      alerts = alerts == null ? List.of() : List.copyOf(alerts);
      bursts = bursts == null ? List.of() : List.copyOf(bursts);
    }

    /** At one speed. */
    public Options(
        String name,
        Path session,
        Set<String> symbols,
        double speed,
        Duration watermarkDelay,
        List<Step> steps,
        Duration stallTimeout,
        List<String> alerts) {
      this(name, session, symbols, speed, watermarkDelay, steps, stallTimeout, alerts, List.of());
    }

    /** Without alerts to watch. */
    public Options(
        String name,
        Path session,
        Set<String> symbols,
        double speed,
        Duration watermarkDelay,
        List<Step> steps,
        Duration stallTimeout) {
      this(name, session, symbols, speed, watermarkDelay, steps, stallTimeout, List.of());
    }

    /** Alerts that must fire for this run in the real Prometheus and then resolve. */
    public Options withAlerts(List<String> value) {
      return new Options(
          name, session, symbols, speed, watermarkDelay, steps, stallTimeout, value, bursts);
    }

    public static Options of(String name, Path session) {
      return new Options(
          name,
          session,
          Set.of(),
          Double.POSITIVE_INFINITY,
          Duration.ofSeconds(10),
          List.of(),
          Duration.ofSeconds(120));
    }

    public Options withSpeed(double value) {
      return new Options(
          name, session, symbols, value, watermarkDelay, steps, stallTimeout, alerts, bursts);
    }

    public Options withSteps(List<Step> value) {
      return new Options(
          name, session, symbols, speed, watermarkDelay, value, stallTimeout, alerts, bursts);
    }

    public Options withStallTimeout(Duration value) {
      return new Options(
          name, session, symbols, speed, watermarkDelay, steps, value, alerts, bursts);
    }

    public Options withSymbols(Set<String> value) {
      return new Options(
          name, session, value, speed, watermarkDelay, steps, stallTimeout, alerts, bursts);
    }

    /**
     * Stretches of the replay at another speed (wall time after its start; {@link SpeedProfile}).
     */
    public Options withBursts(List<SpeedProfile.Burst> value) {
      return new Options(
          name, session, symbols, speed, watermarkDelay, steps, stallTimeout, alerts, value);
    }
  }

  /**
   * What the run stored, beside what the reference says it should have.
   *
   * @param lateTradeRows the rows of late_trades
   * @param deadLetterRecords the records of the run's dead-letter topic, read from Kafka
   * @param candleLatencyMillis per candle: updated_at − receipt of its latest trade ({@link
   *     StoredRun#candleLatencyMillis()})
   * @param timeline the fault steps and the supervised restarts, in time order
   * @param processorRestarts restarts the harness made because the processor exited on its own
   * @param gaps the rows of the gaps table
   * @param marks the candle rows marked incomplete
   * @param hourly the rows of the hourly table; null when not read back
   * @param anomalies the rows of the anomalies table; null when not read back
   */
  public record Result(
      Reference reference,
      List<StoredTrade> trades,
      List<StoredCandle> candles,
      List<StoredLateTrade> lateTradeRows,
      List<StoredDeadLetter> deadLetterRecords,
      long ingestDeadLetters,
      long processorDeadLetters,
      long[] latencyMillis,
      long[] candleLatencyMillis,
      Duration replayTook,
      Duration took,
      String keyspace,
      String topic,
      IngestMetrics.Snapshot ingest,
      List<FaultEvent> timeline,
      int processorRestarts,
      List<AlertWatch.Seen> alerts,
      List<io.marketlab.harness.StoredGap> gaps,
      List<io.marketlab.harness.StoredMark> marks,
      List<io.marketlab.harness.StoredHourly> hourly,
      List<io.marketlab.harness.StoredAnomaly> anomalies) {

    public Result {
      hourly = hourly == null ? null : List.copyOf(hourly);
      anomalies = anomalies == null ? null : List.copyOf(anomalies);
      gaps = gaps == null ? List.of() : List.copyOf(gaps);
      marks = marks == null ? List.of() : List.copyOf(marks);
      timeline = timeline == null ? List.of() : List.copyOf(timeline);
      alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** Without alerts watched, nor gaps read back (tests of the other checks). */
    public Result(
        Reference reference,
        List<StoredTrade> trades,
        List<StoredCandle> candles,
        List<StoredLateTrade> lateTradeRows,
        List<StoredDeadLetter> deadLetterRecords,
        long ingestDeadLetters,
        long processorDeadLetters,
        long[] latencyMillis,
        long[] candleLatencyMillis,
        Duration replayTook,
        Duration took,
        String keyspace,
        String topic,
        IngestMetrics.Snapshot ingest,
        List<FaultEvent> timeline,
        int processorRestarts) {
      this(
          reference,
          trades,
          candles,
          lateTradeRows,
          deadLetterRecords,
          ingestDeadLetters,
          processorDeadLetters,
          latencyMillis,
          candleLatencyMillis,
          replayTook,
          took,
          keyspace,
          topic,
          ingest,
          timeline,
          processorRestarts,
          List.of(),
          null,
          null,
          null,
          null);
    }

    /** Rows of late_trades. */
    public long lateTrades() {
      return lateTradeRows.size();
    }

    public double tradesPerSecond() {
      return trades.size() / Math.max(0.001, took.toMillis() / 1000.0);
    }
  }

  /**
   * A run that did not complete, with the fault timeline up to then (a report shows what the steps
   * and the supervision did before it broke).
   */
  public static final class RunFailed extends EngineException {

    private final transient List<FaultEvent> timeline;

    RunFailed(RuntimeException cause, List<FaultEvent> timeline) {
      super(cause.getMessage(), cause);
      this.timeline = List.copyOf(timeline);
    }

    public List<FaultEvent> timeline() {
      return timeline;
    }
  }

  /** How long the stored-trades count in a step's pipeline state may take. */
  private static final Duration STATE_COUNT_TIMEOUT = Duration.ofSeconds(3);

  private PipelineRun() {}

  /**
   * Fails unless every step can act on these engines (Cassandra and Kafka steps need local
   * engines), with one line naming the first step that cannot.
   */
  static void checkSteps(EngineSet engines, List<Step> steps) {
    for (Step step : steps) {
      try {
        PipelineStack.checkCanAct(engines, step.action().target(), step.node());
      } catch (FaultException e) {
        throw new EngineException("step " + step.describe() + " cannot act: " + e.getMessage());
      }
    }
  }

  /** A run checked against the reference of its session file. */
  public static Result run(EngineSet engines, Options options, Consumer<String> progress) {
    Reference reference =
        ReferenceCalculator.compute(
            options.session(),
            new ReferenceCalculator.Options(
                options.symbols(),
                options.watermarkDelay(),
                engines.settings().get(io.marketlab.config.Settings.INGEST_FUTURE_SKEW)));
    return run(engines, options, reference, progress);
  }

  /**
   * A run checked against a reference computed elsewhere: for a scenario that imports public data,
   * the reference of the original files, not of the session the importer made of them.
   */
  public static Result run(
      EngineSet engines, Options options, Reference reference, Consumer<String> progress) {
    Instant started = Instant.now();
    checkSteps(engines, options.steps());
    RunNames names = RunNames.unique(options.name(), engines.settings().workDir());
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: %d trades in the session (reference), topic %s, keyspace %s",
            options.name(),
            reference.trades().size(),
            names.topic(),
            names.keyspace()));
    Feed.Replay feed =
        Feed.replay(options.session(), options.speed())
            .withSymbols(options.symbols())
            .withBursts(options.bursts());
    Expectation expected =
        HarnessReference.expectation(reference).withStallTimeout(options.stallTimeout());
    try (PipelineStack stack =
        PipelineStack.builder(engines, names, feed)
            .watermarkDelay(options.watermarkDelay())
            .progress(line -> progress.accept(options.name() + ": " + line))
            .start()) {
      AlertWatch alerts =
          options.alerts().isEmpty()
              ? null
              : AlertWatch.start(
                  engines.settings(),
                  names.processor(),
                  options.alerts(),
                  line -> progress.accept(options.name() + ": " + line));
      StepRunner steps =
          new StepRunner(options.name(), options.steps(), faults(stack, expected.days()), progress);
      steps.start();
      try {
        stack.awaitReplayed(expected.trades());
        steps.join();
        StoredRun stored = stack.awaitStored(expected);
        if (alerts != null) {
          alerts.awaitResolved(ALERTS_RESOLVE_TIMEOUT);
        }
        Duration took = Duration.between(started, Instant.now());
        Reference judged = reference;
        if (judgedOnArrivals(options.steps())) {
          // What a run with drops, or with the ingest killed or stopped, must store depends on
          // what the server sent meanwhile and what the ingest read of it.
          Arrivals arrivals = arrivals(stack);
          judged = fromArrivals(options, arrivals);
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "%s: %d of the session's trades arrived (reference of the frames that arrived:"
                      + " %s)",
                  options.name(),
                  judged.trades().size(),
                  arrivals.summary()));
        }
        return new Result(
            judged,
            stored.trades(),
            stored.candles(),
            stored.lateTrades(),
            stored.deadLetters(),
            stored.ingest().deadLetters(),
            stored.processorDeadLetters(),
            stored.latencyMillis(),
            stored.candleLatencyMillis(),
            stored.replayTook(),
            took,
            names.keyspace(),
            names.topic(),
            stored.ingest(),
            timeline(steps, stack),
            stack.processorRestarts(),
            alerts == null ? List.of() : alerts.seen(),
            stack.storedGaps(),
            stack.incompleteCandles(),
            stack.storedHourly(),
            stack.storedAnomalies());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        steps.stop();
        throw new RunFailed(
            new EngineException(
                options.name() + ": the replay did not finish: " + e.getMessage(), e),
            timeline(steps, stack));
      } catch (RuntimeException e) {
        steps.stop();
        throw new RunFailed(e, timeline(steps, stack));
      } finally {
        if (alerts != null) {
          alerts.close();
        }
      }
    }
  }

  /** How long the expected alerts may take to resolve once the run is stored. */
  private static final Duration ALERTS_RESOLVE_TIMEOUT = Duration.ofSeconds(90);

  static boolean hasDrops(List<Step> steps) {
    for (Step step : steps) {
      if (step.action().kind() == Action.Kind.DROP) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a run is judged on the frames that arrived rather than on the whole session: it drops
   * the websocket, or kills or stops the ingest (frames sent meanwhile reach no one; frames the
   * server wrote to a killed ingest's connection but it never read are not in its journal).
   */
  public static boolean judgedOnArrivals(List<Step> steps) {
    for (Step step : steps) {
      Action action = step.action();
      if (action.kind() == Action.Kind.DROP
          || (action.target() == FaultTarget.INGEST
              && (action.kind() == Action.Kind.KILL || action.kind() == Action.Kind.STOP))) {
        return true;
      }
    }
    return false;
  }

  /** What the replay server sent and which of it the run's ingest processes journaled. */
  private static Arrivals arrivals(PipelineStack stack) {
    io.marketlab.ingest.SentFrames sent =
        stack
            .sentFrames()
            .orElseThrow(() -> new IllegalStateException("the replay server recorded nothing"));
    return Arrivals.of(sent, stack.ingestLaunches());
  }

  /** The reference of the frames that arrived, on the connections and ingests that read them. */
  private static Reference fromArrivals(Options options, Arrivals arrivals) {
    return ReferenceCalculator.compute(
        options.session(),
        new ReferenceCalculator.Options(options.symbols(), options.watermarkDelay()),
        arrivals.deliveries());
  }

  /** The steps' entries and the stack's supervised restarts, by the time they happened. */
  private static List<FaultEvent> timeline(StepRunner steps, PipelineStack stack) {
    List<FaultEvent> events = new ArrayList<>(steps.events());
    for (SupervisedRestart restart : stack.supervisedRestarts()) {
      String exited =
          restart.exitedPid() < 0
              ? "a restart did not start"
              : "pid "
                  + restart.exitedPid()
                  + " exited on its own ("
                  + (restart.exitCode().isPresent()
                      ? "code " + restart.exitCode().getAsInt()
                      : "code unknown")
                  + ")";
      events.add(
          new FaultEvent(
              "",
              FaultEvent.SUPERVISED_RESTART,
              null,
              steps.sinceStart(restart.at()),
              restart.at(),
              restart.pid(),
              restart.restarted() ? FaultEvent.Verdict.OK : FaultEvent.Verdict.FAILED,
              exited + "; " + restart.outcome(),
              restart.pipeline()));
    }
    events.sort(
        Comparator.comparing(
            (FaultEvent event) -> event.wallTime() == null ? Instant.MAX : event.wallTime()));
    return events;
  }

  /** The stack's faults, with the trades stored so far in the pipeline state when it answers. */
  private static StepRunner.Faults faults(PipelineStack stack, DayRange days) {
    return new StepRunner.Faults() {
      @Override
      public FaultProof kill(FaultTarget target) {
        return stack.kill(target);
      }

      @Override
      public FaultProof start(FaultTarget target) {
        return stack.start(target);
      }

      @Override
      public FaultProof pause(FaultTarget target) {
        return stack.pause(target);
      }

      @Override
      public FaultProof resume(FaultTarget target) {
        return stack.resume(target);
      }

      @Override
      public FaultProof kill(FaultTarget target, int node) {
        return stack.kill(target, node);
      }

      @Override
      public FaultProof start(FaultTarget target, int node) {
        return stack.start(target, node);
      }

      @Override
      public FaultProof pause(FaultTarget target, int node) {
        return stack.pause(target, node);
      }

      @Override
      public FaultProof resume(FaultTarget target, int node) {
        return stack.resume(target, node);
      }

      @Override
      public FaultProof drop() {
        return stack.dropWebsocket();
      }

      @Override
      public FaultProof stop(FaultTarget target) {
        return stack.stop(target);
      }

      @Override
      public String pipelineState() {
        return stack.pipelineState() + "; " + storedSoFar(stack, days);
      }
    };
  }

  /** {@code 12345 trades stored}, or why it is not known (the store down, slow to answer). */
  private static String storedSoFar(PipelineStack stack, DayRange days) {
    CompletableFuture<Long> count = new CompletableFuture<>();
    Thread counter =
        new Thread(
            () -> {
              try {
                count.complete(stack.countStoredTrades(days));
              } catch (RuntimeException e) {
                count.completeExceptionally(e);
              }
            },
            "scenario-stored-count");
    counter.setDaemon(true);
    counter.start();
    try {
      return count.get(STATE_COUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) + " trades stored";
    } catch (TimeoutException e) {
      return "trades stored: no answer within " + Durations.format(STATE_COUNT_TIMEOUT);
    } catch (ExecutionException e) {
      String why = String.valueOf(e.getCause().getMessage());
      return "trades stored: unknown (" + why.lines().findFirst().orElse(why) + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "trades stored: unknown (interrupted)";
    }
  }
}
