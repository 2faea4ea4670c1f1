package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.fixtures.EngineSet;
import io.marketlab.model.session.SessionReader;
import io.marketlab.testinfra.LabEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's demo command, run to its end: engines, processor, replay of the project's own
 * session, ingest and dashboard; every trade of the session is stored, then it stops cleanly.
 */
@LabEngines
class DemoCommandIT {

  @Test
  void demo_should_replay_the_shipped_session_into_cassandra_and_serve_the_dashboard(
      EngineSet engines) {
    long trades =
        SessionReader.stats(
                engines.settings().projectRoot().resolve("replay-data/btc-eth-demo.session.gz"))
            .trades();

    Processes.Result demo =
        Processes.lab(
            engines.settings().projectRoot(),
            Map.of("FINNHUB_TOKEN", ""),
            "demo",
            "--speed",
            "max",
            "--exit-when-done",
            "--port",
            "0");

    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(demo.output())
        .contains("dashboard: http://127.0.0.1:")
        .contains("the session is replayed and stored (" + trades + " trades)")
        .contains("stopping processor");
  }
}
