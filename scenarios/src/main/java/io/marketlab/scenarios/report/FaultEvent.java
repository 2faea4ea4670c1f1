package io.marketlab.scenarios.report;

import io.marketlab.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One entry of a run's fault timeline: a scenario step (kill or start of the processor or an
 * engine) with its proof, or a restart the harness made on its own because the processor exited.
 *
 * @param run {@code ""}, or {@code run 2} in a scenario run more than once
 * @param step the step's action ({@code kill-cassandra}), or {@code supervised restart}
 * @param planned the step's {@code at}; null for a supervised restart
 * @param at when it acted, after the replay started
 * @param wallTime when it acted, wall clock
 * @param pid the process killed or started, -1 when there was none
 * @param outcome one line: the proof, or why it failed
 * @param pipeline what the pipeline was doing just before (replay, ingest, processor batches,
 *     trades stored)
 */
public record FaultEvent(
    String run,
    String step,
    Duration planned,
    Duration at,
    Instant wallTime,
    long pid,
    Verdict verdict,
    String outcome,
    String pipeline) {

  /** The step name of a restart the harness made on its own. */
  public static final String SUPERVISED_RESTART = "supervised restart";

  public enum Verdict {
    /** The step acted and proved it (a supervised restart: the processor runs again). */
    OK,
    /** The step could not act or could not prove it (a supervised restart: no process). */
    FAILED,
    /** Not run: an earlier step failed, or the run ended first. */
    NOT_RUN
  }

  /** A scenario step, not a supervised restart. */
  public boolean isStep() {
    return planned != null;
  }

  public FaultEvent inRun(String value) {
    return new FaultEvent(value, step, planned, at, wallTime, pid, verdict, outcome, pipeline);
  }

  /** {@code kill-cassandra at 8s}, or {@code supervised restart}. */
  public String title() {
    return isStep() ? step + " at " + Durations.format(planned) : step;
  }

  /** {@code +8.012 s} after the replay start, {@code -} when it did not act. */
  public String atText() {
    return at == null ? "-" : String.format(Locale.ROOT, "+%.3f s", at.toMillis() / 1000.0);
  }

  /** The timeline as one text line (JUnit system-out, logs). */
  public String line() {
    return String.format(
        Locale.ROOT,
        "%s%10s  %-24s  %-28s pid %-7s %-7s %s%s",
        run.isEmpty() ? "" : run + ": ",
        atText(),
        wallTime == null ? "-" : wallTime.toString(),
        title(),
        pid < 0 ? "-" : Long.toString(pid),
        verdict,
        outcome,
        pipeline == null || pipeline.isEmpty() ? "" : "  | pipeline: " + pipeline);
  }
}
