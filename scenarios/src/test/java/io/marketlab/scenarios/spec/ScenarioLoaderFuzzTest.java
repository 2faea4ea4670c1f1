package io.marketlab.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.marketlab.scenarios.pipeline.PipelineRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the scenario loader with any bytes as {@code fuzz.yaml}. Properties (the {@link
 * ScenarioLoader} contract, scenarios/README.md): a file either loads or fails with a {@link
 * ScenarioException} whose message is one line starting with the file's name, naming a line of the
 * file when it names one; nothing else escapes. A loaded scenario is named after its file, repeats
 * 1 to 5 times, replays at a positive speed and lists its steps in time order.
 *
 * <p>Seeds: {@code src/test/resources/io/marketlab/scenarios/spec/ScenarioLoaderFuzzTestInputs/}.
 */
class ScenarioLoaderFuzzTest {

  private static final Path ROOT;
  private static final Path FILE;
  private static final ScenarioLoader LOADER;
  private static final Pattern LINE = Pattern.compile("\\(line (\\d+)\\)");

  static {
    try {
      ROOT = Files.createTempDirectory("scenario-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FILE = ROOT.resolve("fuzz.yaml");
    ROOT.toFile().deleteOnExit();
    FILE.toFile().deleteOnExit();
    LOADER = new ScenarioLoader(ROOT);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "name: fuzz",
    "session:",
    "  synthetic:",
    "    seed: 1",
    "  import:",
    "    format: csv",
    "    files: [a.csv]",
    "  file: x.session.gz",
    "speed: max",
    "steps:",
    "  - at: 8s",
    "    action: kill-processor",
    "expect:",
    "  storedTrades: reference",
    "  candles: [1s, 1m, 1h]",
    "  latency:",
    "repeat: 2",
    "&a",
    "*a",
    "!!binary",
    "<<:"
  })
  void load(byte[] input) throws IOException {
    Files.write(FILE, input);
    Scenario scenario;
    try {
      scenario = LOADER.load(FILE);
    } catch (ScenarioException e) {
      String message = e.getMessage();
      assertThat(message).as("names the file").startsWith("fuzz.yaml: ");
      assertThat(message).as("one line").doesNotContain("\n").doesNotContain("\r");
      Matcher line = LINE.matcher(message);
      if (line.find()) {
        assertThat(Long.parseLong(line.group(1)))
            .as("the line named by '%s'", message)
            .isBetween(1L, lines(input) + 1);
      }
      return;
    }
    assertThat(scenario.name()).isEqualTo("fuzz");
    assertThat(scenario.repeat()).isBetween(1, 5);
    assertThat(scenario.speed()).isPositive();
    Duration previous = Duration.ZERO;
    for (PipelineRun.Step step : scenario.steps()) {
      assertThat(step.at()).isGreaterThanOrEqualTo(previous);
      previous = step.at();
    }
  }

  private static long lines(byte[] input) {
    long lines = 1;
    for (byte b : input) {
      if (b == '\n' || b == '\r') {
        lines++;
      }
    }
    return lines;
  }
}
