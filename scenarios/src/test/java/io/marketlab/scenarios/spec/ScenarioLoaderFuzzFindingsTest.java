package io.marketlab.scenarios.spec;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Inputs that {@link ScenarioLoaderFuzzTest} found failing and that are not fixed yet, kept in
 * {@code ScenarioLoaderFuzzFindingsTestInputs/load/} (one file per finding, named after it). Plain
 * {@code mvn test} skips them; {@code -Dlab.fuzz.findings=true} replays them. A fix moves its input
 * into {@code ScenarioLoaderFuzzTestInputs/load/}, where every build replays it.
 */
@EnabledIfSystemProperty(named = "lab.fuzz.findings", matches = "true")
class ScenarioLoaderFuzzFindingsTest extends ScenarioLoaderFuzzTest {}
