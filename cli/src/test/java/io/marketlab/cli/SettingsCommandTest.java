package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.config.Setting;
import io.marketlab.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code lab settings} lists every setting, and every option that stands for a setting names one.
 */
class SettingsCommandTest {

  @Test
  void should_list_every_setting_of_the_registry_with_its_environment_variable() {
    String out = run("settings");
    for (Setting<?> setting : Settings.DEF.settings()) {
      assertThat(out).contains(setting.key()).contains("env " + setting.environmentVariable());
    }
    assertThat(out).contains("[processor]").contains("processor --kafka-bootstrap");
  }

  @Test
  void should_list_one_group_and_refuse_an_unknown_one() {
    String kafka = run("settings", "--group", "kafka");
    assertThat(kafka).contains("lab.kafka.port").doesNotContain("lab.cassandra.port");
    StringWriter err = new StringWriter();
    CommandLine lab = Lab.commandLine();
    lab.setErr(new PrintWriter(err, true));
    assertThat(lab.execute("settings", "--group", "nope")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("lab: no settings group 'nope'" + System.lineSeparator());
  }

  @Test
  void should_never_print_the_token() {
    assertThat(run("settings", "--group", "ingest"))
        .contains("lab.finnhub.token")
        .doesNotContain("FINNHUB_TOKEN=");
  }

  /**
   * The options that read a setting take their default from it; each names a registered setting.
   */
  @Test
  void every_option_that_stands_for_a_setting_names_a_registered_one() {
    List<String> keys = new ArrayList<>();
    collect(Lab.commandLine(), keys);
    assertThat(keys).isNotEmpty();
    assertThat(Settings.DEF.keys()).containsAll(keys);
    assertThat(keys)
        .contains(
            "lab.kafka.bootstrap",
            "lab.cassandra.contactPoints",
            "lab.finnhub.url",
            "lab.dashboard.port");
  }

  private static void collect(CommandLine command, List<String> keys) {
    for (OptionSpec option : command.getCommandSpec().options()) {
      String key = option.descriptionKey();
      if (key != null && key.startsWith("lab.")) {
        keys.add(key);
      }
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      collect(sub, keys);
    }
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine lab = Lab.commandLine();
    lab.setOut(new PrintWriter(out, true));
    assertThat(lab.execute(args)).isZero();
    return out.toString();
  }
}
