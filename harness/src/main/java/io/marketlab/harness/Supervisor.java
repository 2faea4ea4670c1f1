package io.marketlab.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps one process running: when it exits on its own, it is started again (after a short backoff)
 * within the bounds of a {@link RestartPolicy}; past them, supervision gives up and reports the
 * failure with the last lines of the process's log. An exit that was asked for ({@link
 * #expectExit()} before a kill or stop, or {@link #close()}) is left alone until someone else
 * starts the process and {@link #watch}es it again.
 */
final class Supervisor implements AutoCloseable {

  /** The supervised process, as far as the supervisor needs to know it. */
  interface Child {
    /** Starts a new process and waits until it is ready; throws when it does not start. */
    Running start();

    /** The last lines of its log, for the message when supervision gives up. */
    String logTail();
  }

  /** A started process: its pid, and its exit (with the exit code when known). */
  record Running(long pid, CompletableFuture<OptionalInt> exit) {}

  private final String name;
  private final String where;
  private final Child child;
  private final RestartPolicy policy;
  private final IntFunction<Duration> backoff;
  private final LongSupplier nanos;
  private final Consumer<String> progress;
  private final Supplier<String> pipeline;
  private final Consumer<String> giveUp;
  private final ExecutorService restarter;
  private final List<SupervisedRestart> restarts = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();

  private Running current;
  private boolean wanted;
  private boolean closed;
  private volatile String failure;

  /**
   * @param name what is supervised, in progress lines: {@code processor}
   * @param where what it restarts on: {@code checkpoint /work/.lab/checkpoints/x}
   * @param backoff the pause before restart number n (1, 2, ...)
   * @param pipeline what the pipeline is doing, recorded with each restart
   * @param giveUp told once, with the whole message, when supervision gives up
   */
  Supervisor(
      String name,
      String where,
      Child child,
      RestartPolicy policy,
      IntFunction<Duration> backoff,
      LongSupplier nanos,
      Consumer<String> progress,
      Supplier<String> pipeline,
      Consumer<String> giveUp) {
    this.name = name;
    this.where = where;
    this.child = child;
    this.policy = policy;
    this.backoff = backoff;
    this.nanos = nanos;
    this.progress = progress;
    this.pipeline = pipeline;
    this.giveUp = giveUp;
    this.restarter =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, name + "-supervisor");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** 1 s, 2 s, 4 s, ... at most 30 s: a process that cannot start does not spin. */
  static Duration standardBackoff(int restart) {
    return Duration.ofSeconds(Math.min(30, 1L << Math.min(5, Math.max(0, restart - 1))));
  }

  /** From now on, an exit of {@code running} that nobody asked for restarts it. */
  synchronized void watch(Running running) {
    if (closed) {
      return;
    }
    current = running;
    wanted = true;
    running
        .exit()
        .whenComplete((code, error) -> exited(running, code == null ? OptionalInt.empty() : code));
  }

  /**
   * The current process is about to be killed or stopped on purpose: its exit is not a crash, and a
   * restart under way stops. Supervision resumes with the next {@link #watch}.
   */
  synchronized void expectExit() {
    wanted = false;
  }

  /**
   * Restarts made (or tried: the start failed) so far, each counted once its record is in {@link
   * #restarts()}; a start under way is not counted yet.
   */
  int restartCount() {
    return attempts.get();
  }

  /**
   * Every exit supervision acted on, in order: each restart (made or failed), and an exit it did
   * not restart (the bounds were used up, or a kill or stop came first).
   */
  List<SupervisedRestart> restarts() {
    return List.copyOf(restarts);
  }

  /** Why supervision gave up, once it did. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private void exited(Running running, OptionalInt code) {
    synchronized (this) {
      if (closed || !wanted || running != current) {
        return;
      }
      current = null;
    }
    Instant at = Instant.now();
    String state = pipeline.get();
    try {
      restarter.execute(() -> restart(running.pid(), code, at, state));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private synchronized boolean stillWanted() {
    return wanted && !closed;
  }

  private void restart(long exitedPid, OptionalInt code, Instant at, String state) {
    while (stillWanted()) {
      long now = nanos.getAsLong();
      if (!policy.tryRestart(now)) {
        String message =
            String.format(
                Locale.ROOT,
                "%s exited (%s) after %d restarts within %s; not restarting it again; last lines"
                    + " of its log:%n%s",
                name,
                codeText(code),
                policy.recent(now),
                describe(policy.window()),
                child.logTail());
        restarts.add(
            new SupervisedRestart(
                at,
                exitedPid,
                code,
                -1,
                String.format(
                    Locale.ROOT,
                    "not restarted: %d restarts within %s already; supervision gave up",
                    policy.recent(now),
                    describe(policy.window())),
                state));
        failure = message;
        progress.accept(message.lines().findFirst().orElse(message));
        giveUp.accept(message);
        return;
      }
      int number = attempts.get() + 1;
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s exited (%s); restarting on %s (restart %d, at most %d within %s)",
              name,
              codeText(code),
              where,
              number,
              policy.maxRestarts(),
              describe(policy.window())));
      if (!pause(backoff.apply(number)) || !stillWanted()) {
        restarts.add(
            new SupervisedRestart(
                at, exitedPid, code, -1, "not restarted: a kill, stop or close came first", state));
        return;
      }
      long started = System.nanoTime();
      try {
        Running next = child.start();
        String outcome =
            String.format(
                Locale.ROOT,
                "restarted as pid %d on %s; ready after %.1f s",
                next.pid(),
                where,
                (System.nanoTime() - started) / 1e9);
        restarts.add(new SupervisedRestart(at, exitedPid, code, next.pid(), outcome, state));
        attempts.incrementAndGet();
        progress.accept(name + " " + outcome);
        synchronized (this) {
          if (wanted && !closed) {
            watch(next);
          }
        }
        return;
      } catch (RuntimeException e) {
        String why = firstLine(e.getMessage());
        restarts.add(
            new SupervisedRestart(at, exitedPid, code, -1, "did not start again: " + why, state));
        attempts.incrementAndGet();
        progress.accept(name + " did not start again: " + why);
        // a start that fails is one more exit: the policy decides whether to try again
        exitedPid = -1;
        code = OptionalInt.empty();
        at = Instant.now();
        state = pipeline.get();
      }
    }
  }

  private static boolean pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String codeText(OptionalInt code) {
    return code.isPresent() ? "code " + code.getAsInt() : "code unknown";
  }

  private static String describe(Duration window) {
    return window.toSeconds() % 60 == 0 && window.toSeconds() > 0
        ? window.toMinutes() + " min"
        : window.toMillis() + " ms";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    return message.lines().findFirst().orElse(message);
  }

  /** Stops supervising (an exit from now on stays an exit) and waits for a restart under way. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      wanted = false;
    }
    restarter.shutdownNow();
    try {
      restarter.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
