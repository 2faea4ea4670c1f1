package io.marketlab.scenarios.pipeline;

import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredRun;
import io.marketlab.harness.StoredTrade;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One end-to-end run of the real pipeline on a session, checked against the independent reference:
 * the harness's {@link PipelineStack} (processor → replay server → ingest → Kafka → processor →
 * Cassandra) with the scenario's steps (kill -9, start, restart of the processor) during the
 * replay, then everything read back. Each run has its own topic, keyspace and checkpoint, so runs
 * never see each other's data.
 */
public final class PipelineRun {

  /** An action during the replay: at a wall-clock time after the replay starts. */
  public record Step(Duration at, Action action) {}

  public enum Action {
    KILL_PROCESSOR,
    START_PROCESSOR,
    RESTART_PROCESSOR
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
      Duration stallTimeout) {

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
      return new Options(name, session, symbols, value, watermarkDelay, steps, stallTimeout);
    }

    public Options withSteps(List<Step> value) {
      return new Options(name, session, symbols, speed, watermarkDelay, value, stallTimeout);
    }

    public Options withStallTimeout(Duration value) {
      return new Options(name, session, symbols, speed, watermarkDelay, steps, value);
    }

    public Options withSymbols(Set<String> value) {
      return new Options(name, session, value, speed, watermarkDelay, steps, stallTimeout);
    }
  }

  /** What the run stored, beside what the reference says it should have. */
  public record Result(
      Reference reference,
      List<StoredTrade> trades,
      List<StoredCandle> candles,
      long ingestDeadLetters,
      long processorDeadLetters,
      long lateTrades,
      long[] latencyMillis,
      Duration replayTook,
      Duration took,
      String keyspace,
      String topic,
      IngestMetrics.Snapshot ingest) {

    public double tradesPerSecond() {
      return trades.size() / Math.max(0.001, took.toMillis() / 1000.0);
    }
  }

  private PipelineRun() {}

  public static Result run(EngineSet engines, Options options, Consumer<String> progress) {
    Instant started = Instant.now();
    Reference reference =
        ReferenceCalculator.compute(
            options.session(),
            new ReferenceCalculator.Options(options.symbols(), options.watermarkDelay()));
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
        Feed.replay(options.session(), options.speed()).withSymbols(options.symbols());
    Expectation expected =
        HarnessReference.expectation(reference).withStallTimeout(options.stallTimeout());
    try (PipelineStack stack =
        PipelineStack.builder(engines, names, feed)
            .watermarkDelay(options.watermarkDelay())
            .progress(line -> progress.accept(options.name() + ": " + line))
            .start()) {
      Thread steps = stepRunner(options.steps(), stack, progress, options.name());
      stack.awaitReplayed(expected.trades());
      steps.join();
      StoredRun stored = stack.awaitStored(expected);
      Duration took = Duration.between(started, Instant.now());
      return new Result(
          reference,
          stored.trades(),
          stored.candles(),
          stored.ingest().deadLetters(),
          stored.processorDeadLetters(),
          stored.lateTrades(),
          stored.latencyMillis(),
          stored.replayTook(),
          took,
          names.keyspace(),
          names.topic(),
          stored.ingest());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(
          options.name() + ": the replay did not finish: " + e.getMessage(), e);
    }
  }

  private static Thread stepRunner(
      List<Step> steps, PipelineStack stack, Consumer<String> progress, String name) {
    Thread thread =
        new Thread(
            () -> {
              long start = System.nanoTime();
              for (Step step : steps) {
                long wait = step.at().toNanos() - (System.nanoTime() - start);
                if (wait > 0) {
                  try {
                    Thread.sleep(wait / 1_000_000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
                progress.accept(
                    name + ": step " + step.action() + " at " + step.at().toMillis() + " ms");
                switch (step.action()) {
                  case KILL_PROCESSOR -> stack.killProcessor();
                  case START_PROCESSOR -> stack.startProcessor();
                  case RESTART_PROCESSOR -> stack.restartProcessor();
                }
              }
            },
            "scenario-steps");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
