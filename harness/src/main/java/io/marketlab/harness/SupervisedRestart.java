package io.marketlab.harness;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One restart the harness made on its own, because the processor exited without being asked to.
 *
 * @param at when the exit was seen
 * @param exitedPid the process that exited (-1 when a restart attempt itself did not start)
 * @param exitCode its exit code, when known
 * @param pid the process started in its place, or -1 when it did not start
 * @param outcome one line: {@code restarted as pid 4711 on checkpoint ...; ready after 12.3 s}
 * @param pipeline what the pipeline was doing when the exit was seen
 */
public record SupervisedRestart(
    Instant at, long exitedPid, OptionalInt exitCode, long pid, String outcome, String pipeline) {

  public boolean restarted() {
    return pid >= 0;
  }
}
