package io.marketlab.scenarios.pipeline;

import io.marketlab.harness.FaultException;
import io.marketlab.harness.FaultProof;
import io.marketlab.harness.FaultTarget;
import io.marketlab.scenarios.report.FaultEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs a scenario's fault steps on their own thread, each at its time after the start (the replay
 * start), and records each in the fault timeline with its proof and what the pipeline was doing
 * just before. A step that cannot act or prove itself is a {@link FaultEvent.Verdict#FAILED} entry
 * naming the step; the steps after it are {@link FaultEvent.Verdict#NOT_RUN} (a start after a kill
 * that hit nothing proves nothing).
 */
final class StepRunner {

  /** What the steps act on: the pipeline stack, or a test's processes. */
  interface Faults {
    /** A SIGKILL that proves the pid is gone; throws {@link FaultException} otherwise. */
    FaultProof kill(FaultTarget target);

    /** A start that waits until healthy; throws when it cannot. */
    FaultProof start(FaultTarget target);

    /** A SIGSTOP that proves the process is stopped; throws {@link FaultException} otherwise. */
    FaultProof pause(FaultTarget target);

    /** A SIGCONT that proves the process runs again; throws when it was not paused. */
    FaultProof resume(FaultTarget target);

    /** A network cut of the websocket feed; throws {@link FaultException} when it cannot. */
    default FaultProof drop() {
      throw new FaultException("nothing to drop: no replayed websocket feed", -1);
    }

    /**
     * A clean stop (SIGTERM) that proves the pid is gone; throws {@link FaultException} when it
     * cannot (only the ingest has a stop step).
     */
    default FaultProof stop(FaultTarget target) {
      throw new FaultException("nothing to stop: " + target.label() + " has no stop step", -1);
    }

    /** What the pipeline is doing now, in one line (cheap; asked before each step). */
    String pipelineState();

    /** {@link #kill} of node {@code node} (1-based) of a node set; 0 = the engine itself. */
    default FaultProof kill(FaultTarget target, int node) {
      return kill(single(target, node));
    }

    /** {@link #start} of node {@code node} of a node set; 0 = the engine itself. */
    default FaultProof start(FaultTarget target, int node) {
      return start(single(target, node));
    }

    /** {@link #pause} of node {@code node} of a node set; 0 = the engine itself. */
    default FaultProof pause(FaultTarget target, int node) {
      return pause(single(target, node));
    }

    /** {@link #resume} of node {@code node} of a node set; 0 = the engine itself. */
    default FaultProof resume(FaultTarget target, int node) {
      return resume(single(target, node));
    }

    private static FaultTarget single(FaultTarget target, int node) {
      if (node != 0) {
        throw new FaultException(target.label() + " has no node " + node + " here", -1);
      }
      return target;
    }
  }

  private final String name;
  private final List<PipelineRun.Step> steps;
  private final Faults faults;
  private final Consumer<String> progress;
  private final List<FaultEvent> events = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile long startNanos;
  private volatile Instant startInstant;

  StepRunner(String name, List<PipelineRun.Step> steps, Faults faults, Consumer<String> progress) {
    this.name = name;
    this.steps = List.copyOf(steps);
    this.faults = faults;
    this.progress = progress;
    this.thread = new Thread(this::runSteps, "scenario-steps");
    thread.setDaemon(true);
  }

  void start() {
    startNanos = System.nanoTime();
    startInstant = Instant.now();
    thread.start();
  }

  /** Waits until every step ran (or was given up). */
  void join() throws InterruptedException {
    thread.join();
  }

  /** Stops waiting for the next step: it and the later ones are recorded as not run. */
  void stop() {
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The entries so far, in the order of the steps. */
  List<FaultEvent> events() {
    return List.copyOf(events);
  }

  /** How long after the start {@code instant} was (zero when the steps have not started). */
  Duration sinceStart(Instant instant) {
    Instant base = startInstant;
    return base == null || instant == null ? Duration.ZERO : Duration.between(base, instant);
  }

  private void runSteps() {
    for (int i = 0; i < steps.size(); i++) {
      PipelineRun.Step step = steps.get(i);
      long wait = step.at().toNanos() - (System.nanoTime() - startNanos);
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          notRun(i, "the run ended before it");
          return;
        }
      }
      if (!run(step)) {
        notRun(i + 1, "step " + step.describe() + " failed");
        return;
      }
    }
  }

  /** Runs one step; false when it failed. */
  private boolean run(PipelineRun.Step step) {
    String state = pipelineState();
    progress.accept(name + ": step " + step.describe() + " (" + state + ")");
    Instant at = Instant.now();
    Duration since = Duration.ofNanos(System.nanoTime() - startNanos);
    try {
      FaultProof proof =
          switch (step.action().kind()) {
            case KILL -> faults.kill(step.action().target(), step.node());
            case START -> faults.start(step.action().target(), step.node());
            case RESTART -> restart(step.action().target(), step.node());
            case PAUSE -> faults.pause(step.action().target(), step.node());
            case RESUME -> faults.resume(step.action().target(), step.node());
            case DROP -> faults.drop();
            case STOP -> faults.stop(step.action().target());
          };
      events.add(
          new FaultEvent(
              "",
              step.label(),
              step.at(),
              since,
              proof.at(),
              proof.pid(),
              FaultEvent.Verdict.OK,
              proof.outcome(),
              state));
      progress.accept(name + ": step " + step.describe() + ": " + proof.outcome());
      return true;
    } catch (RuntimeException e) {
      long pid = e instanceof FaultException fault ? fault.pid() : -1;
      String why = firstLine(e.getMessage());
      events.add(
          new FaultEvent(
              "", step.label(), step.at(), since, at, pid, FaultEvent.Verdict.FAILED, why, state));
      progress.accept(name + ": step " + step.describe() + " FAILED: " + why);
      return false;
    }
  }

  private FaultProof restart(FaultTarget target, int node) {
    FaultProof killed = faults.kill(target, node);
    FaultProof started = faults.start(target, node);
    return new FaultProof(
        started.pid(),
        killed.at(),
        killed.took().plus(started.took()),
        killed.outcome() + "; then " + started.outcome());
  }

  private void notRun(int from, String why) {
    for (int i = from; i < steps.size(); i++) {
      PipelineRun.Step step = steps.get(i);
      events.add(
          new FaultEvent(
              "",
              step.label(),
              step.at(),
              null,
              null,
              -1,
              FaultEvent.Verdict.NOT_RUN,
              "not run: " + why,
              ""));
    }
  }

  private String pipelineState() {
    try {
      return faults.pipelineState();
    } catch (RuntimeException e) {
      return "unknown (" + firstLine(e.getMessage()) + ")";
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    return message.lines().findFirst().orElse(message);
  }
}
