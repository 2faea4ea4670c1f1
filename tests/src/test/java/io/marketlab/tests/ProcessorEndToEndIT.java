package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.fixtures.EngineSet;
import io.marketlab.scenarios.compare.Comparisons;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import io.marketlab.testinfra.LabEngines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on the real BTC + ETH Binance captures: every trade stored exactly once, and
 * every candle at every resolution equal to the independent reference — also when the processor is
 * killed with SIGKILL in the middle of the replay and started again.
 */
@LabEngines
class ProcessorEndToEndIT {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorEndToEndIT.class);

  @TempDir Path dir;

  @Test
  void replayed_binance_captures_should_be_stored_exactly_with_exact_candles(EngineSet engines) {
    Path session = SharedData.binanceSession(engines.settings().projectRoot(), dir);

    PipelineRun.Result result =
        PipelineRun.run(engines, PipelineRun.Options.of("it-binance", session), LOG::info);

    assertExact(result);
    assertThat(result.trades()).hasSize(34_419);
    assertThat(result.processorDeadLetters()).isZero();
    LOG.info(
        "it-binance: {} trades stored in {} s ({} trades/s end to end)",
        result.trades().size(),
        result.took().toSeconds(),
        Math.round(result.tradesPerSecond()));
  }

  @Test
  void a_kill_9_of_the_processor_mid_replay_should_leave_the_tables_exact(EngineSet engines) {
    Path session = SharedData.binanceSession(engines.settings().projectRoot(), dir);
    // 650 s of session at 25x: about 26 s of replay; the processor dies 8 s in and returns at 14 s.
    PipelineRun.Options options =
        PipelineRun.Options.of("it-kill9", session)
            .withSpeed(25)
            .withSteps(
                List.of(
                    new PipelineRun.Step(Duration.ofSeconds(8), PipelineRun.Action.KILL_PROCESSOR),
                    new PipelineRun.Step(
                        Duration.ofSeconds(14), PipelineRun.Action.START_PROCESSOR)));

    PipelineRun.Result result = PipelineRun.run(engines, options, LOG::info);

    assertExact(result);
    assertThat(result.trades()).hasSize(34_419);
  }

  private static void assertExact(PipelineRun.Result result) {
    Check trades = Comparisons.trades(result.reference().trades(), result.trades());
    assertThat(trades.passed()).as(trades.detail()).isTrue();
    for (Check candles :
        Comparisons.candles(
            result.reference().candles(), result.candles(), List.of(Resolution.values()))) {
      assertThat(candles.passed()).as(candles.name() + ": " + candles.detail()).isTrue();
    }
  }
}
