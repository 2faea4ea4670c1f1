package io.marketlab.tests;

import io.marketlab.fixtures.EngineSet;
import io.marketlab.testinfra.LabEngines;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The gate on three brokers and three Cassandra nodes ({@code mvn -B verify -Pcluster -pl tests
 * -am}, which sets {@code lab.nodes=3}; or against {@code lab up --nodes 3}): the node-loss
 * scenarios of scenarios/cluster first (a broker killed, a broker paused, a Cassandra node killed,
 * each mid-replay), then every scenario of scenarios/gate, all with replication factor 3. Skipped
 * without the profile ({@code lab.clusterGate}) and on a single node set, where ScenarioGateIT runs
 * the gate. {@code -Dscenario=a,b} narrows it.
 */
@LabEngines
class ClusterGateIT {

  @TestFactory
  Stream<DynamicTest> every_scenario_should_pass_on_three_nodes(EngineSet engines) {
    Assumptions.assumeTrue(
        Boolean.getBoolean("lab.clusterGate"),
        "the cluster gate runs under -Pcluster (lab.clusterGate=true), which also scales the"
            + " latency bounds");
    Assumptions.assumeTrue(
        engines.nodes() >= 3,
        () ->
            "the cluster gate needs 3 nodes (mvn -B verify -Pcluster, or lab up --nodes 3);"
                + " this engine set has "
                + engines.nodes());
    return ScenarioGateIT.scenarios(
        engines, List.of("scenarios/cluster", "scenarios/gate"), ScenarioGateIT.only());
  }
}
