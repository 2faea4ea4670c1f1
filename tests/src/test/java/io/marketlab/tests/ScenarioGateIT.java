package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.config.SharedInputs;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.scenarios.report.Reports;
import io.marketlab.scenarios.report.ScenarioResult;
import io.marketlab.scenarios.run.ScenarioRunner;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.spec.ScenarioLoader;
import io.marketlab.testinfra.LabEngines;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard gate: every scenario in scenarios/gate, one dynamic test each, run one after another
 * on the real engines, with the reports (JSON, JUnit XML, HTML) in tests/target/scenario-reports/.
 * A failing scenario fails its test with one line per failed check. {@code -Dscenario=a,b} runs
 * only those scenarios.
 */
@LabEngines
class ScenarioGateIT {

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioGateIT.class);

  @TestFactory
  Stream<DynamicTest> every_gate_scenario_should_pass(EngineSet engines) {
    return scenarios(engines, List.of("scenarios/gate"), only());
  }

  /**
   * One dynamic test per scenario file of the directories (relative to the project root), in order;
   * {@code only} (names without .yaml) narrows them, and each name must exist.
   */
  static Stream<DynamicTest> scenarios(EngineSet engines, List<String> dirs, Set<String> only) {
    Path root = engines.settings().projectRoot();
    List<Path> files = new ArrayList<>();
    Set<String> found = new LinkedHashSet<>();
    for (String relative : dirs) {
      for (Path file : ScenarioLoader.files(root.resolve(relative))) {
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        found.add(name);
        if (only.isEmpty() || only.contains(name)) {
          files.add(file);
        }
      }
    }
    assertThat(found).as("-Dscenario names scenarios of " + dirs).containsAll(only);
    Path reports =
        root.resolve("tests/target/scenario-reports")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    ScenarioLoader loader = new ScenarioLoader(root);
    ScenarioRunner runner = new ScenarioRunner(engines, LOG::info);
    List<ScenarioResult> results = new ArrayList<>();
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    file.toUri(),
                    () -> {
                      Scenario scenario = loader.load(file);
                      ScenarioResult result = runner.run(scenario);
                      results.add(result);
                      Path html = Reports.write(reports, results);
                      LOG.info(
                          "{}: {} in {} s; report {}",
                          result.name(),
                          result.status(),
                          result.took().toSeconds(),
                          html);
                      for (String check : result.checks().stream().map(c -> c.oneLine()).toList()) {
                        LOG.info("{}:   {}", result.name(), check);
                      }
                      if (result.isSkipped() && SharedInputs.required()) {
                        Assertions.fail(
                            result.name()
                                + " needs shared data that is missing (required under CI): "
                                + result.skipped());
                      }
                      Assumptions.assumeFalse(
                          result.isSkipped(),
                          () -> result.name() + " skipped: " + result.skipped());
                      if (!result.passed()) {
                        Assertions.fail(
                            String.join("\n", result.failureLines()) + "\nreport: " + html);
                      }
                    }));
  }

  static Set<String> only() {
    String property = System.getProperty("scenario", "").trim();
    Set<String> names = new LinkedHashSet<>();
    if (!property.isEmpty()) {
      names.addAll(Arrays.asList(property.split("\\s*,\\s*")));
    }
    return names;
  }
}
