package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Supervision on a seam around process exit: a started "process" is a pid and an exit future the
 * test completes (or a real short-lived process).
 */
class SupervisorTest {

  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<OptionalInt>> exits = new CopyOnWriteArrayList<>();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger starts = new AtomicInteger();
  private final List<Supervisor> supervisors = new ArrayList<>();

  @AfterEach
  void close() {
    supervisors.forEach(Supervisor::close);
  }

  /** A child whose every start gives a process that runs until the test ends it. */
  private Supervisor.Running startFake() {
    CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
    exits.add(exit);
    return new Supervisor.Running(1000 + starts.incrementAndGet(), exit);
  }

  private Supervisor supervisor(RestartPolicy policy, Supplier<Supervisor.Running> start) {
    return supervisor(policy, start, Duration.ZERO);
  }

  private Supervisor supervisor(
      RestartPolicy policy, Supplier<Supervisor.Running> start, Duration backoff) {
    Supervisor supervisor =
        new Supervisor(
            "processor",
            "checkpoint /cp",
            new Supervisor.Child() {
              @Override
              public Supervisor.Running start() {
                return start.get();
              }

              @Override
              public String logTail() {
                return "  ERROR the last words";
              }
            },
            policy,
            restart -> backoff,
            clock::get,
            progress::add,
            () -> "replay 10/20 frames",
            gaveUp::add);
    supervisors.add(supervisor);
    return supervisor;
  }

  @Test
  void an_exit_nobody_asked_for_should_restart_on_the_checkpoint() {
    Supervisor supervisor =
        supervisor(new RestartPolicy(5, Duration.ofMinutes(10)), this::startFake);
    supervisor.watch(startFake());

    exits.get(0).complete(OptionalInt.of(1));
    await(() -> supervisor.restartCount() == 1);

    assertThat(progress)
        .contains(
            "processor exited (code 1); restarting on checkpoint /cp (restart 1, at most 5 within"
                + " 10 min)");
    SupervisedRestart restart = supervisor.restarts().get(0);
    assertThat(restart.exitedPid()).isEqualTo(1001);
    assertThat(restart.exitCode()).hasValue(1);
    assertThat(restart.pid()).isEqualTo(1002);
    assertThat(restart.outcome())
        .startsWith("restarted as pid 1002 on checkpoint /cp; ready after");
    assertThat(restart.pipeline()).isEqualTo("replay 10/20 frames");
    assertThat(supervisor.failure()).isEmpty();

    // the restarted process is supervised too
    exits.get(1).complete(OptionalInt.of(2));
    await(() -> supervisor.restartCount() == 2);
    assertThat(supervisor.restarts().get(1).exitedPid()).isEqualTo(1002);
  }

  @Test
  void an_exit_asked_for_should_not_restart_until_the_process_is_watched_again() {
    Supervisor supervisor =
        supervisor(new RestartPolicy(5, Duration.ofMinutes(10)), this::startFake);
    supervisor.watch(startFake());

    supervisor.expectExit(); // a kill step
    exits.get(0).complete(OptionalInt.of(137));
    pause(200);
    assertThat(supervisor.restartCount()).isZero();
    assertThat(starts.get()).isEqualTo(1);

    supervisor.watch(startFake()); // the start step
    exits.get(1).complete(OptionalInt.of(1));
    await(() -> supervisor.restartCount() == 1);
    assertThat(supervisor.restarts().get(0).exitedPid()).isEqualTo(1002);
  }

  @Test
  void the_exit_after_the_last_allowed_restart_should_give_up_with_the_log_tail() {
    // every start gives a process that dies at once
    Supervisor supervisor =
        supervisor(
            new RestartPolicy(5, Duration.ofMinutes(10)),
            () -> {
              Supervisor.Running running = startFake();
              running.exit().complete(OptionalInt.of(3));
              return running;
            });
    Supervisor.Running first = startFake();
    supervisor.watch(first);

    first.exit().complete(OptionalInt.of(3));
    await(() -> !gaveUp.isEmpty());
    pause(100);

    assertThat(supervisor.restartCount()).isEqualTo(5);
    assertThat(starts.get()).as("the first start and 5 restarts").isEqualTo(6);
    assertThat(supervisor.restarts()).hasSize(6);
    assertThat(supervisor.restarts().get(5).outcome())
        .isEqualTo("not restarted: 5 restarts within 10 min already; supervision gave up");
    assertThat(gaveUp).hasSize(1);
    assertThat(gaveUp.get(0))
        .startsWith(
            "processor exited (code 3) after 5 restarts within 10 min; not restarting it again;"
                + " last lines of its log:")
        .endsWith("ERROR the last words");
    assertThat(supervisor.failure()).contains(gaveUp.get(0));
    assertThat(progress)
        .filteredOn(line -> line.startsWith("processor exited (code 3); restarting"))
        .hasSize(5);
  }

  @Test
  void a_restart_that_does_not_start_should_count_and_be_tried_again() {
    AtomicInteger attempts = new AtomicInteger();
    Supervisor supervisor =
        supervisor(
            new RestartPolicy(3, Duration.ofMinutes(10)),
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("processor exited while starting\n  log line");
              }
              return startFake();
            });
    supervisor.watch(startFake());

    exits.get(0).complete(OptionalInt.of(1));
    await(() -> supervisor.restartCount() == 3);

    List<SupervisedRestart> restarts = supervisor.restarts();
    assertThat(restarts)
        .extracting(SupervisedRestart::outcome)
        .element(0)
        .isEqualTo("did not start again: processor exited while starting");
    assertThat(restarts.get(0).restarted()).isFalse();
    assertThat(restarts.get(2).restarted()).isTrue();
    assertThat(supervisor.failure()).isEmpty();
  }

  @Test
  void the_restart_count_should_only_count_restarts_on_record() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Supervisor supervisor =
        supervisor(
            new RestartPolicy(3, Duration.ofMinutes(10)),
            () -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return startFake();
            });
    supervisor.watch(startFake());

    exits.get(0).complete(OptionalInt.of(1));
    assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // a start under way is not a restart yet: whoever sees the count can read its record
    assertThat(supervisor.restartCount()).isEqualTo(supervisor.restarts().size()).isZero();

    release.countDown();
    await(() -> supervisor.restartCount() == 1);
    assertThat(supervisor.restarts()).hasSize(1);
  }

  @Test
  void exits_further_apart_than_the_window_should_never_give_up() {
    Supervisor supervisor =
        supervisor(new RestartPolicy(2, Duration.ofMinutes(5)), this::startFake);
    supervisor.watch(startFake());

    for (int exit = 0; exit < 8; exit++) {
      clock.addAndGet(Duration.ofMinutes(3).toNanos());
      exits.get(exit).complete(OptionalInt.of(1));
      int expected = exit + 1;
      await(() -> supervisor.restartCount() == expected);
    }

    assertThat(supervisor.failure()).isEmpty();
    assertThat(gaveUp).isEmpty();
  }

  @Test
  void a_kill_during_the_backoff_should_cancel_the_restart_and_say_so() {
    Supervisor supervisor =
        supervisor(
            new RestartPolicy(5, Duration.ofMinutes(10)), this::startFake, Duration.ofMillis(500));
    supervisor.watch(startFake());

    exits.get(0).complete(OptionalInt.of(1));
    await(() -> progress.stream().anyMatch(line -> line.startsWith("processor exited (code 1)")));
    supervisor.expectExit(); // a kill step while the restart waits
    await(() -> !supervisor.restarts().isEmpty());

    assertThat(starts.get()).as("no restart was started").isEqualTo(1);
    assertThat(supervisor.restartCount()).isZero();
    SupervisedRestart entry = supervisor.restarts().get(0);
    assertThat(entry.restarted()).isFalse();
    assertThat(entry.exitCode()).hasValue(1);
    assertThat(entry.outcome()).isEqualTo("not restarted: a kill, stop or close came first");
  }

  @Test
  void a_closed_supervisor_should_leave_an_exit_alone() {
    Supervisor supervisor =
        supervisor(new RestartPolicy(5, Duration.ofMinutes(10)), this::startFake);
    supervisor.watch(startFake());

    supervisor.close();
    exits.get(0).complete(OptionalInt.of(1));
    pause(200);

    assertThat(supervisor.restartCount()).isZero();
  }

  @Test
  void real_processes_that_keep_exiting_should_be_restarted_within_bounds_then_given_up()
      throws IOException {
    Supervisor supervisor =
        supervisor(
            new RestartPolicy(2, Duration.ofMinutes(10)),
            () -> {
              try {
                return running(new ProcessBuilder("sh", "-c", "exit 7").start());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });

    supervisor.watch(running(new ProcessBuilder("sh", "-c", "sleep 0.2; exit 7").start()));
    await(() -> !gaveUp.isEmpty());

    assertThat(supervisor.restartCount()).isEqualTo(2);
    assertThat(supervisor.restarts()).allSatisfy(r -> assertThat(r.exitCode()).hasValue(7));
    assertThat(gaveUp.get(0))
        .startsWith("processor exited (code 7) after 2 restarts within 10 min");
  }

  private static Supervisor.Running running(Process process) {
    return new Supervisor.Running(
        process.pid(), process.onExit().thenApply(p -> OptionalInt.of(p.exitValue())));
  }

  private static void await(BooleanSupplier condition) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
