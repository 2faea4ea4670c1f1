package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.fixtures.EngineSet;
import io.marketlab.scenarios.report.Reports;
import io.marketlab.scenarios.report.ScenarioResult;
import io.marketlab.scenarios.run.ScenarioRunner;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.spec.ScenarioLoader;
import io.marketlab.testinfra.LabEngines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka killed mid-replay for 3 minutes, longer than the producer's delivery timeout (120 s): the
 * ingest's journal keeps every frame and resends what timed out, so the store ends exact (every
 * trade once, every candle equal to the reference). Runs the gate scenario {@code kill-kafka-3min}
 * on local engines: {@code mvn -B -o -pl tests verify -Dit.test=KafkaOutageIT}.
 */
@LabEngines
class KafkaOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageIT.class);

  @Test
  void kafka_down_longer_than_the_delivery_timeout_should_lose_and_double_nothing(
      EngineSet engines) {
    Path root = engines.settings().projectRoot();
    Scenario scenario =
        new ScenarioLoader(root).load(root.resolve("scenarios/gate/kill-kafka-3min.yaml"));
    Duration down = scenario.steps().get(1).at().minus(scenario.steps().get(0).at());
    assertThat(down).isGreaterThan(Duration.ofSeconds(120));

    ScenarioResult result = new ScenarioRunner(engines, LOG::info).run(scenario);
    Path html =
        Reports.write(root.resolve("tests/target/scenario-reports/kafka-outage"), List.of(result));
    Assumptions.assumeFalse(result.isSkipped(), () -> "skipped: " + result.skipped());

    LOG.info("kafka outage: {} figures {}; report {}", result.status(), result.figures(), html);
    // stored = the reference's trades one by one (a lost or doubled trade is named), the pinned
    // count, candles, dead letters: every check of the scenario
    assertThat(result.failureLines()).as("report " + html).isEmpty();
    assertThat(result.passed()).isTrue();
  }
}
