package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.config.LabSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FuzzCommandTest {

  private static final Path ROOT = LabSettings.findProjectRoot();

  @Test
  void should_name_only_fuzz_tests_that_exist_with_their_inputs_directory() throws IOException {
    Set<String> names = new HashSet<>();
    for (FuzzCommand.Target target : FuzzCommand.TARGETS) {
      assertThat(names.add(target.name())).as("unique name %s", target.name()).isTrue();
      Path source =
          ROOT.resolve(target.module())
              .resolve("src/test/java")
              .resolve(target.testClass().replace('.', '/') + ".java");
      assertThat(source).as("source of %s", target.name()).isRegularFile();
      String text = Files.readString(source);
      assertThat(
              Pattern.compile(
                      "(?s)@FuzzTest(?:(?!\\bvoid\\b).)*\\bvoid "
                          + Pattern.quote(target.method())
                          + "\\(")
                  .matcher(text)
                  .find())
          .as("%s declares @FuzzTest void %s(", source, target.method())
          .isTrue();
      assertThat(target.inputs(ROOT)).as("seed inputs of %s", target.name()).isDirectory();
      try (var seeds = Files.list(target.inputs(ROOT))) {
        assertThat(seeds.count()).as("seeds of %s", target.name()).isPositive();
      }
    }
  }

  @Test
  void should_fuzz_one_test_per_maven_run_for_the_minutes_asked() {
    FuzzCommand.Target codec = FuzzCommand.chosen("codec").get(0);

    assertThat(FuzzCommand.command(codec, 3))
        .containsSubsequence("test", "-Pfuzz", "-pl", "pipeline/model", "-am")
        .contains(
            "-Dtest=io.marketlab.model.finnhub.FinnhubCodecFuzzTest#parse", "-Dfuzz.duration=3m");
  }

  @Test
  void should_refuse_an_unknown_target_naming_the_known_ones() {
    assertThatThrownBy(() -> FuzzCommand.chosen("codecs"))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("unknown fuzz target 'codecs'")
        .hasMessageContaining("session-read");
  }

  @Test
  void should_list_every_target_when_none_is_named() {
    assertThat(FuzzCommand.chosen(null)).isEqualTo(FuzzCommand.TARGETS);
  }
}
