package io.marketlab.scenarios.run;

import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.FaultEvent;
import java.util.List;

/** The runner's step checks, for tests of other packages. */
public final class ScenarioRunnerSteps {

  private ScenarioRunnerSteps() {}

  public static List<Check> checks(List<FaultEvent> timeline) {
    return ScenarioRunner.stepChecks("", timeline);
  }
}
