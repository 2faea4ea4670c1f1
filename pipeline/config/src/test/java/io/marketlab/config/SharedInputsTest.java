package io.marketlab.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedInputsTest {

  @TempDir Path root;

  @Test
  void should_require_shared_data_under_ci_unless_told_otherwise() {
    LabSettings auto = LabSettings.load(root, Map.of(), new Properties());
    assertThat(SharedInputs.required(auto, Map.of("CI", "true"))).isTrue();
    assertThat(SharedInputs.required(auto, Map.of("CI", "false"))).isFalse();
    assertThat(SharedInputs.required(auto, Map.of())).isFalse();
    LabSettings off =
        LabSettings.load(root, Map.of("LAB_REQUIRE_SHARED_DATA", "false"), new Properties());
    assertThat(SharedInputs.required(off, Map.of("CI", "true"))).isFalse();
    LabSettings on =
        LabSettings.load(root, Map.of("LAB_REQUIRE_SHARED_DATA", "true"), new Properties());
    assertThat(SharedInputs.required(on, Map.of())).isTrue();
  }

  @Test
  void should_name_the_missing_file() {
    assertThat(SharedInputs.missing(root)).isEmpty();
    assertThat(SharedInputs.missing(root.resolve("nope.gz")).orElseThrow())
        .startsWith("missing shared input " + root.resolve("nope.gz"));
  }
}
