package io.marketlab.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * JUnit reaches the package-private extension through the annotation, and the extension claims only
 * engine parameters. No engine starts: none is asked for.
 */
@LabEngines
class LabEnginesTest {

  @Test
  void should_leave_parameters_other_than_engines_to_junit(TestInfo info) {
    assertThat(info.getTestClass()).contains(LabEnginesTest.class);
  }
}
