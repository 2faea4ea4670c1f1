package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExtensionsTest {

  @Test
  void should_register_the_scenario_command_found_at_run_time_after_the_named_ones() {
    CommandLine lab = new CommandLine(new Lab());

    Extensions.register(lab);

    assertThat(lab.getSubcommands())
        .containsKeys("replay", "ingest", "import", "bench", "dashboard", "scenario");
    assertThat(lab.getSubcommands().keySet()).last().isEqualTo("scenario");
  }
}
