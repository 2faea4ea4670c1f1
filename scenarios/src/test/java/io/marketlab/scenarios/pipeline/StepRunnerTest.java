package io.marketlab.scenarios.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.FaultProof;
import io.marketlab.harness.FaultTarget;
import io.marketlab.harness.ProcessKill;
import io.marketlab.harness.ProcessPause;
import io.marketlab.scenarios.pipeline.PipelineRun.Action;
import io.marketlab.scenarios.pipeline.PipelineRun.Step;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.FaultEvent;
import io.marketlab.scenarios.run.ScenarioRunnerSteps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The steps' self-proof on real processes of this machine: "engines" are {@code sleep 60}
 * processes, killed with a real SIGKILL and checked by pid.
 */
class StepRunnerTest {

  private final Map<FaultTarget, Process> running = new EnumMap<>(FaultTarget.class);
  private final List<Process> started = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();
  private final AtomicInteger states = new AtomicInteger();

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
  }

  private Process spawn(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Real kills and starts: SIGKILL to the target's process, a new sleep for a start. */
  private final StepRunner.Faults processes =
      new StepRunner.Faults() {
        @Override
        public FaultProof kill(FaultTarget target) {
          Process process = running.remove(target);
          return ProcessKill.kill(
              target.label(), Optional.ofNullable(process).map(Process::toHandle));
        }

        @Override
        public FaultProof start(FaultTarget target) {
          Instant at = Instant.now();
          Process process = spawn("sleep", "60");
          running.put(target, process);
          return new FaultProof(
              process.pid(), at, Duration.ZERO, "started as pid " + process.pid());
        }

        @Override
        public FaultProof pause(FaultTarget target) {
          return ProcessPause.pause(
              target.label(), Optional.ofNullable(running.get(target)).map(Process::toHandle));
        }

        @Override
        public FaultProof resume(FaultTarget target) {
          return ProcessPause.resume(
              target.label(), Optional.ofNullable(running.get(target)).map(Process::toHandle));
        }

        @Override
        public FaultProof stop(FaultTarget target) {
          Process process = running.remove(target);
          return ProcessKill.send(
              target.label(),
              Optional.ofNullable(process).map(Process::toHandle),
              ProcessKill.Signal.SIGTERM,
              Duration.ofSeconds(5));
        }

        @Override
        public String pipelineState() {
          return "state " + states.incrementAndGet();
        }
      };

  private List<FaultEvent> run(StepRunner.Faults faults, Step... steps)
      throws InterruptedException {
    StepRunner runner = new StepRunner("s", List.of(steps), faults, progress::add);
    runner.start();
    runner.join();
    return runner.events();
  }

  @Test
  void a_kill_and_a_start_should_prove_themselves_with_pids_and_the_pipeline_state()
      throws InterruptedException {
    Process cassandra = spawn("sleep", "60");
    running.put(FaultTarget.CASSANDRA, cassandra);

    List<FaultEvent> timeline =
        run(
            processes,
            new Step(Duration.ofMillis(50), Action.KILL_CASSANDRA),
            new Step(Duration.ofMillis(150), Action.START_CASSANDRA));

    assertThat(timeline).hasSize(2);
    FaultEvent kill = timeline.get(0);
    assertThat(kill.verdict()).isEqualTo(FaultEvent.Verdict.OK);
    assertThat(kill.title()).isEqualTo("kill-cassandra at 50ms");
    assertThat(kill.pid()).isEqualTo(cassandra.pid());
    assertThat(kill.outcome()).startsWith("SIGKILL to cassandra pid " + cassandra.pid() + "; gone");
    assertThat(kill.pipeline()).isEqualTo("state 1");
    assertThat(kill.at()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(kill.wallTime()).isNotNull();
    assertThat(cassandra.isAlive()).isFalse();
    FaultEvent start = timeline.get(1);
    assertThat(start.verdict()).isEqualTo(FaultEvent.Verdict.OK);
    assertThat(start.pid()).isEqualTo(running.get(FaultTarget.CASSANDRA).pid());
    assertThat(start.at()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(ScenarioRunnerSteps.checks(timeline)).allMatch(Check::passed);
  }

  @Test
  void a_pause_and_a_resume_should_prove_the_process_stopped_and_running_again()
      throws InterruptedException {
    Process cassandra = spawn("sleep", "60");
    running.put(FaultTarget.CASSANDRA, cassandra);

    List<FaultEvent> timeline =
        run(
            processes,
            new Step(Duration.ofMillis(20), Action.PAUSE_CASSANDRA),
            new Step(Duration.ofMillis(120), Action.RESUME_CASSANDRA),
            new Step(Duration.ofMillis(140), Action.RESUME_CASSANDRA));

    assertThat(timeline)
        .extracting(FaultEvent::verdict)
        .containsExactly(FaultEvent.Verdict.OK, FaultEvent.Verdict.OK, FaultEvent.Verdict.FAILED);
    assertThat(timeline.get(0).title()).isEqualTo("pause-cassandra at 20ms");
    assertThat(timeline.get(0).outcome())
        .startsWith("SIGSTOP to cassandra pid " + cassandra.pid() + "; stopped (state T)");
    assertThat(timeline.get(1).outcome())
        .startsWith("SIGCONT to cassandra pid " + cassandra.pid() + "; running again");
    assertThat(timeline.get(2).outcome())
        .isEqualTo("cassandra pid " + cassandra.pid() + " is not paused; nothing to resume");
    assertThat(cassandra.isAlive()).isTrue();
    assertThat(ProcessPause.isStopped(cassandra.pid())).isFalse();
  }

  @Test
  void the_ingest_steps_should_pause_resume_stop_start_and_kill_it_each_proven_by_pid()
      throws InterruptedException {
    Process ingest = spawn("sleep", "60");
    running.put(FaultTarget.INGEST, ingest);

    List<FaultEvent> timeline =
        run(
            processes,
            new Step(Duration.ofMillis(10), Action.PAUSE_INGEST),
            new Step(Duration.ofMillis(60), Action.RESUME_INGEST),
            new Step(Duration.ofMillis(80), Action.STOP_INGEST),
            new Step(Duration.ofMillis(100), Action.START_INGEST),
            new Step(Duration.ofMillis(150), Action.KILL_INGEST),
            new Step(Duration.ofMillis(170), Action.STOP_INGEST));

    assertThat(timeline)
        .extracting(FaultEvent::title)
        .containsExactly(
            "pause-ingest at 10ms",
            "resume-ingest at 60ms",
            "stop-ingest at 80ms",
            "start-ingest at 100ms",
            "kill-ingest at 150ms",
            "stop-ingest at 170ms");
    assertThat(timeline)
        .extracting(FaultEvent::verdict)
        .containsExactly(
            FaultEvent.Verdict.OK,
            FaultEvent.Verdict.OK,
            FaultEvent.Verdict.OK,
            FaultEvent.Verdict.OK,
            FaultEvent.Verdict.OK,
            FaultEvent.Verdict.FAILED);
    assertThat(timeline.get(0).outcome())
        .startsWith("SIGSTOP to ingest pid " + ingest.pid() + "; stopped (state T)");
    assertThat(timeline.get(2).pid()).isEqualTo(ingest.pid());
    assertThat(timeline.get(2).outcome()).startsWith("SIGTERM to ingest pid " + ingest.pid());
    assertThat(ingest.isAlive()).isFalse();
    long second = timeline.get(3).pid();
    assertThat(second).isNotEqualTo(ingest.pid());
    assertThat(timeline.get(4).pid()).isEqualTo(second);
    assertThat(timeline.get(4).outcome()).startsWith("SIGKILL to ingest pid " + second + "; gone");
    assertThat(timeline.get(5).outcome()).isEqualTo("hit nothing: no ingest process is running");
  }

  @Test
  void a_stop_step_on_faults_without_one_should_fail() throws InterruptedException {
    StepRunner.Faults none =
        new StepRunner.Faults() {
          @Override
          public FaultProof kill(FaultTarget target) {
            throw new AssertionError();
          }

          @Override
          public FaultProof start(FaultTarget target) {
            throw new AssertionError();
          }

          @Override
          public FaultProof pause(FaultTarget target) {
            throw new AssertionError();
          }

          @Override
          public FaultProof resume(FaultTarget target) {
            throw new AssertionError();
          }

          @Override
          public String pipelineState() {
            return "";
          }
        };

    List<FaultEvent> timeline = run(none, new Step(Duration.ZERO, Action.STOP_INGEST));

    assertThat(timeline.get(0).verdict()).isEqualTo(FaultEvent.Verdict.FAILED);
    assertThat(timeline.get(0).outcome()).isEqualTo("nothing to stop: ingest has no stop step");
  }

  @Test
  void a_kill_that_hits_nothing_should_fail_naming_the_step_and_skip_the_later_steps()
      throws InterruptedException {
    List<FaultEvent> timeline =
        run(
            processes,
            new Step(Duration.ofMillis(10), Action.KILL_PROCESSOR),
            new Step(Duration.ofMillis(20), Action.START_PROCESSOR));

    assertThat(timeline)
        .extracting(FaultEvent::verdict)
        .containsExactly(FaultEvent.Verdict.FAILED, FaultEvent.Verdict.NOT_RUN);
    assertThat(timeline.get(0).outcome()).isEqualTo("hit nothing: no processor process is running");
    assertThat(timeline.get(0).pid()).isEqualTo(-1);
    assertThat(timeline.get(1).outcome()).isEqualTo("not run: step kill-processor at 10ms failed");
    assertThat(running).as("the start did not run").isEmpty();
    assertThat(ScenarioRunnerSteps.checks(timeline))
        .extracting(Check::oneLine)
        .containsExactly(
            "FAIL step kill-processor at 10ms: hit nothing: no processor process is running");
    assertThat(progress)
        .contains(
            "s: step kill-processor at 10ms FAILED: hit nothing: no processor process is running");
  }

  @Test
  void a_kill_whose_pid_stays_alive_should_fail_naming_the_pid() throws InterruptedException {
    // a real process that survives the signal it is sent
    Process stubborn = spawn("sh", "-c", "trap '' TERM; exec sleep 60");
    pause(300);
    StepRunner.Faults signalThatMisses =
        new StepRunner.Faults() {
          @Override
          public FaultProof kill(FaultTarget target) {
            return ProcessKill.send(
                target.label(),
                Optional.of(stubborn.toHandle()),
                ProcessKill.Signal.SIGTERM,
                Duration.ofMillis(500));
          }

          @Override
          public FaultProof start(FaultTarget target) {
            throw new AssertionError("must not run after a failed kill");
          }

          @Override
          public FaultProof pause(FaultTarget target) {
            throw new AssertionError("no pause in this test");
          }

          @Override
          public FaultProof resume(FaultTarget target) {
            throw new AssertionError("no resume in this test");
          }

          @Override
          public String pipelineState() {
            return "busy";
          }
        };

    List<FaultEvent> timeline =
        run(
            signalThatMisses,
            new Step(Duration.ZERO, Action.KILL_KAFKA),
            new Step(Duration.ofMillis(10), Action.START_KAFKA));

    FaultEvent kill = timeline.get(0);
    assertThat(kill.verdict()).isEqualTo(FaultEvent.Verdict.FAILED);
    assertThat(kill.pid()).isEqualTo(stubborn.pid());
    assertThat(kill.outcome())
        .isEqualTo("kafka pid " + stubborn.pid() + " is still alive 0.5 s after SIGTERM");
    assertThat(kill.pipeline()).isEqualTo("busy");
    assertThat(timeline.get(1).verdict()).isEqualTo(FaultEvent.Verdict.NOT_RUN);
    assertThat(stubborn.isAlive()).isTrue();
  }

  @Test
  void a_restart_step_should_kill_then_start_and_name_the_new_pid() throws InterruptedException {
    Process processor = spawn("sleep", "60");
    running.put(FaultTarget.PROCESSOR, processor);

    List<FaultEvent> timeline = run(processes, new Step(Duration.ZERO, Action.RESTART_PROCESSOR));

    FaultEvent restart = timeline.get(0);
    assertThat(restart.verdict()).isEqualTo(FaultEvent.Verdict.OK);
    assertThat(processor.isAlive()).isFalse();
    assertThat(restart.pid()).isEqualTo(running.get(FaultTarget.PROCESSOR).pid());
    assertThat(restart.outcome())
        .contains("SIGKILL to processor pid " + processor.pid())
        .contains("; then started as pid " + restart.pid());
  }

  @Test
  void a_run_that_ends_first_should_leave_the_later_steps_not_run() {
    StepRunner runner =
        new StepRunner(
            "s",
            List.of(new Step(Duration.ofMinutes(5), Action.KILL_CASSANDRA)),
            processes,
            p -> {});
    runner.start();
    runner.stop();

    assertThat(runner.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.verdict()).isEqualTo(FaultEvent.Verdict.NOT_RUN);
              assertThat(event.outcome()).isEqualTo("not run: the run ended before it");
            });
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
