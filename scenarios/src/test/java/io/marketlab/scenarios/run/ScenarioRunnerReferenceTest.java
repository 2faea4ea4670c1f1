package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.spec.ScenarioLoader;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a scenario's reference comes from, and the check of a pinned trade count. */
class ScenarioRunnerReferenceTest {

  private static final long T = 1_723_161_255_000L;

  @TempDir Path dir;

  private Scenario scenario(String name, String yaml) throws IOException {
    Path file = dir.resolve("gate").resolve(name + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return new ScenarioLoader(dir).load(file);
  }

  /** A Binance capture of {@code count} trades, one ms and one µs apart. */
  private Path capture(String name, int count) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(
          (1_723_161_254_000_000_000L + i * 1000L)
              + " {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"p\":\""
              + (100 + i)
              + ".5\",\"q\":\"0.1\",\"T\":"
              + (T + i)
              + "}}");
    }
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static String importing(String file, long pinned) {
    return "session:\n"
        + "  import:\n"
        + "    format: binance-capture\n"
        + "    files: ["
        + file
        + "]\n"
        + "expect:\n"
        + "  storedTrades: "
        + pinned
        + "\n";
  }

  @Test
  void an_import_should_be_checked_against_the_originals_not_the_session() throws IOException {
    capture("btc.gz", 3);
    Scenario scenario = scenario("pinned", importing("btc.gz", 3));
    List<Check> checks = new ArrayList<>();

    // The session path is never read: the reference comes from btc.gz itself.
    Reference reference =
        ScenarioRunner.reference(scenario, dir.resolve("never-read.session.gz"), checks);

    assertThat(reference.trades()).hasSize(3);
    assertThat(reference.trades().get(2).price()).isEqualTo(102.5);
    assertThat(checks)
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.name())
                  .isEqualTo("reference trades from the originals = pinned count");
              assertThat(check.passed()).as(check.oneLine()).isTrue();
            });
  }

  @Test
  void a_pin_the_originals_do_not_hold_should_fail_with_both_counts() throws IOException {
    capture("btc.gz", 3);
    Scenario scenario = scenario("pinned", importing("btc.gz", 4));
    List<Check> checks = new ArrayList<>();

    ScenarioRunner.reference(scenario, dir.resolve("never-read.session.gz"), checks);

    assertThat(checks)
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.passed()).isFalse();
              assertThat(check.detail())
                  .isEqualTo(
                      "reference read 3 trades from the originals (btc.gz 3); the scenario pins"
                          + " 4 (expect.storedTrades)");
            });
  }

  @Test
  void a_pin_should_count_what_the_window_keeps_and_say_what_it_left_out() throws IOException {
    capture("btc.gz", 3);
    Scenario scenario =
        scenario(
            "window",
            importing("btc.gz", 3)
                .replace(
                    "    files: [btc.gz]\n",
                    "    files: [btc.gz]\n    from: \"2024-08-08T23:54:15.001Z\"\n"));
    List<Check> checks = new ArrayList<>();

    ScenarioRunner.reference(scenario, dir.resolve("never-read.session.gz"), checks);

    assertThat(checks.get(0).detail())
        .isEqualTo(
            "reference read 2 trades from the originals (btc.gz 3; left out: outside the time"
                + " window 1); the scenario pins 3 (expect.storedTrades)");
  }

  @Test
  void a_synthetic_session_should_be_its_own_original() throws IOException {
    Scenario scenario =
        scenario("synthetic", "session:\n  synthetic:\n    seed: 3\n    seconds: 5\n");
    Path session = dir.resolve("s.session.gz");
    SyntheticSession.write(((Scenario.SyntheticPlan) scenario.session()).spec(), session);
    List<Check> checks = new ArrayList<>();

    Reference reference = ScenarioRunner.reference(scenario, session, checks);

    assertThat(reference)
        .isEqualTo(
            ReferenceCalculator.compute(
                session,
                new ReferenceCalculator.Options(scenario.symbols(), scenario.watermark())));
    assertThat(checks).isEmpty();
  }
}
