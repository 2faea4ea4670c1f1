package io.marketlab.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A kill that proves itself: it needs a process to hit, signals it, and then checks that the pid is
 * gone; a kill that hit nothing or left the pid alive is a {@link FaultException}, never a silent
 * no-op.
 */
public final class ProcessKill {

  /** How long a killed pid may take to disappear before the kill counts as failed. */
  public static final Duration GRACE = Duration.ofSeconds(5);

  /** The signal sent. SIGKILL is the fault; SIGTERM exists to test a kill that leaves the pid. */
  public enum Signal {
    SIGKILL,
    SIGTERM
  }

  private ProcessKill() {}

  /** SIGKILL to {@code target}, proven within {@link #GRACE}. */
  public static FaultProof kill(String what, Optional<ProcessHandle> target) {
    return send(what, target, Signal.SIGKILL, GRACE);
  }

  /**
   * Sends {@code signal} to {@code target} and waits until its pid is no longer alive.
   *
   * @param what what the process is, for the messages: {@code cassandra}, {@code processor x}
   * @param target the running process, empty when none runs
   * @throws FaultException when there is no process, or its pid is still alive after {@code grace}
   */
  public static FaultProof send(
      String what, Optional<ProcessHandle> target, Signal signal, Duration grace) {
    if (target.isEmpty() || !target.get().isAlive()) {
      throw new FaultException("hit nothing: no " + what + " process is running");
    }
    ProcessHandle process = target.get();
    long pid = process.pid();
    Instant at = Instant.now();
    long start = System.nanoTime();
    boolean sent = signal == Signal.SIGKILL ? process.destroyForcibly() : process.destroy();
    if (!sent && process.isAlive()) {
      throw new FaultException(
          "could not send " + signal + " to " + what + " pid " + pid + " (not permitted?)", pid);
    }
    long deadline = start + grace.toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new FaultException(
            String.format(
                Locale.ROOT,
                "%s pid %d is still alive %.1f s after %s",
                what,
                pid,
                grace.toMillis() / 1000.0,
                signal),
            pid);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FaultException("interrupted while waiting for " + what + " pid " + pid, pid);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new FaultProof(
        pid,
        at,
        took,
        signal + " to " + what + " pid " + pid + "; gone after " + took.toMillis() + " ms");
  }
}
