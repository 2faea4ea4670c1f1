package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.ingest.IngestMetrics;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.FaultEvent;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks a run's fault timeline and its supervised restarts give. */
class ScenarioRunnerFaultChecksTest {

  private static final Instant T = Instant.parse("2026-01-02T10:00:08Z");

  private static FaultEvent step(String action, long atMillis, FaultEvent.Verdict verdict) {
    return new FaultEvent(
        "",
        action,
        Duration.ofMillis(atMillis),
        Duration.ofMillis(atMillis + 12),
        T,
        4242,
        verdict,
        verdict == FaultEvent.Verdict.OK
            ? "SIGKILL to cassandra pid 4242; gone after 31 ms"
            : "cassandra pid 4242 is still alive 5.0 s after SIGKILL",
        "replay 10/20 frames; 900 trades stored");
  }

  private static FaultEvent supervised() {
    return new FaultEvent(
        "",
        FaultEvent.SUPERVISED_RESTART,
        null,
        Duration.ofMillis(8_300),
        T,
        5151,
        FaultEvent.Verdict.OK,
        "pid 5000 exited on its own (code 1); restarted as pid 5151 on checkpoint /cp",
        "replay 11/20 frames");
  }

  @Test
  void each_step_that_ran_should_be_a_check_and_a_not_run_step_none() {
    List<Check> checks =
        ScenarioRunner.stepChecks(
            "run 2: ",
            List.of(
                step("kill-cassandra", 8_000, FaultEvent.Verdict.OK),
                supervised(),
                step("start-cassandra", 25_000, FaultEvent.Verdict.FAILED),
                step("kill-kafka", 30_000, FaultEvent.Verdict.NOT_RUN)));

    assertThat(checks)
        .extracting(Check::oneLine)
        .containsExactly(
            "PASS run 2: step kill-cassandra at 8s",
            "FAIL run 2: step start-cassandra at 25s: cassandra pid 4242 is still alive 5.0 s"
                + " after SIGKILL");
    assertThat(checks.get(0).actual()).isEqualTo("SIGKILL to cassandra pid 4242; gone after 31 ms");
    assertThat(checks.get(0).expected()).isEqualTo("a process hit, its pid gone");
    assertThat(checks.get(1).expected()).isEqualTo("a new process, healthy");
  }

  @Test
  void supervised_restarts_beyond_the_allowed_should_fail_naming_the_first(@TempDir Path dir) {
    Path file = dir.resolve("s.session.gz");
    SyntheticSession.write(SyntheticSession.Spec.standard(3), file);
    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());
    PipelineRun.Result result =
        new PipelineRun.Result(
            reference,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            0,
            0,
            new long[0],
            new long[0],
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            "ks",
            "topic",
            new IngestMetrics.Snapshot(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), null),
            List.of(step("kill-cassandra", 8_000, FaultEvent.Verdict.OK), supervised()),
            2);

    List<Check> strict = ScenarioRunner.checks("", Scenario.Expectations.defaults(), result);
    Scenario.Expectations defaults = Scenario.Expectations.defaults();
    List<Check> lenient =
        ScenarioRunner.checks(
            "",
            new Scenario.Expectations(
                defaults.storedTrades(),
                defaults.candles(),
                defaults.deadLetters(),
                defaults.processorDeadLetters(),
                defaults.lateTrades(),
                defaults.latency(),
                2),
            result);

    assertThat(strict.get(0).name()).as("steps come first").isEqualTo("step kill-cassandra at 8s");
    assertThat(strict)
        .filteredOn(check -> check.name().startsWith("supervised processor restarts"))
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.passed()).isFalse();
              assertThat(check.oneLine())
                  .isEqualTo(
                      "FAIL supervised processor restarts ≤ 0: the processor exited on its own and"
                          + " the harness restarted it 2 time(s), more than the 0 allowed; first"
                          + " at +8.300 s: pid 5000 exited on its own (code 1); restarted as pid"
                          + " 5151 on checkpoint /cp");
            });
    assertThat(lenient)
        .filteredOn(check -> check.name().equals("supervised processor restarts ≤ 2"))
        .singleElement()
        .satisfies(check -> assertThat(check.passed()).isTrue());
  }
}
