package io.marketlab.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A freeze that proves itself: SIGSTOP to a process (it keeps its sockets and memory but runs no
 * instruction, as a long GC pause or a hung host would look from outside), proven by the kernel's
 * process state {@code T}; SIGCONT lets it run again, proven by the state leaving {@code T}. Linux
 * only ({@code /proc/PID/stat}); elsewhere a step fails with a clear message.
 */
public final class ProcessPause {

  /** How long the kernel may take to show the new state before the step counts as failed. */
  public static final Duration GRACE = Duration.ofSeconds(5);

  private ProcessPause() {}

  /** SIGSTOP to {@code target}, proven: its state is {@code T} (stopped). */
  public static FaultProof pause(String what, Optional<ProcessHandle> target) {
    return signal(what, target, "STOP", true);
  }

  /** SIGCONT to {@code target}, proven: its state is no longer {@code T}. */
  public static FaultProof resume(String what, Optional<ProcessHandle> target) {
    return signal(what, target, "CONT", false);
  }

  /** Whether the kernel shows {@code pid} as stopped by a signal. */
  public static boolean isStopped(long pid) {
    return state(pid).map(state -> state == 'T').orElse(false);
  }

  private static FaultProof signal(
      String what, Optional<ProcessHandle> target, String signal, boolean stopped) {
    if (target.isEmpty() || !target.get().isAlive()) {
      throw new FaultException("hit nothing: no " + what + " process is running");
    }
    long pid = target.get().pid();
    if (state(pid).isEmpty()) {
      throw new FaultException(
          "cannot see the state of " + what + " pid " + pid + " (no /proc/" + pid + "/stat)", pid);
    }
    if (!stopped && !isStopped(pid)) {
      throw new FaultException(what + " pid " + pid + " is not paused; nothing to resume", pid);
    }
    Instant at = Instant.now();
    long start = System.nanoTime();
    send(what, pid, signal);
    long deadline = start + GRACE.toNanos();
    while (isStopped(pid) != stopped) {
      if (System.nanoTime() > deadline) {
        throw new FaultException(
            String.format(
                Locale.ROOT,
                "%s pid %d is %s %.1f s after SIG%s",
                what,
                pid,
                stopped ? "still running" : "still stopped",
                GRACE.toMillis() / 1000.0,
                signal),
            pid);
      }
      pause(5);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new FaultProof(
        pid,
        at,
        took,
        String.format(
            Locale.ROOT,
            "SIG%s to %s pid %d; %s after %d ms",
            signal,
            what,
            pid,
            stopped ? "stopped (state T)" : "running again",
            took.toMillis()));
  }

  private static void send(String what, long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new FaultException(
            "could not send SIG" + signal + " to " + what + " pid " + pid + ": " + output.strip(),
            pid);
      }
    } catch (IOException e) {
      throw new FaultException(
          "could not run kill -" + signal + " for " + what + " pid " + pid + ": " + e, pid);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while signalling " + what + " pid " + pid, pid);
    }
  }

  /** The state letter of {@code /proc/PID/stat} (the field after the parenthesised name). */
  static Optional<Character> state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length()
          ? Optional.empty()
          : Optional.of(stat.charAt(close + 2));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while waiting for a process state");
    }
  }
}
