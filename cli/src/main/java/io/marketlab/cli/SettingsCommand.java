package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Setting;
import io.marketlab.config.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab settings}: every setting of the one registry, with its value here and its source. */
@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    description =
        "Every setting any command or the processor reads: its value here, where that value came"
            + " from, its default, environment variable and meaning.")
final class SettingsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      description =
          "only this group: lab, kafka, cassandra, spark, processor, ingest or dashboard"
              + " (default: every group)")
  String group;

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    PrintWriter out = spec.commandLine().getOut();
    String current = null;
    int shown = 0;
    for (Setting<?> setting : Settings.DEF.settings()) {
      if (group != null && !group.equals(setting.group())) {
        continue;
      }
      if (!setting.group().equals(current)) {
        current = setting.group();
        out.printf("%n[%s]%n", current);
      }
      String argument = setting.argument().map(name -> ", processor --" + name).orElse("");
      out.printf(
          "%-34s = %-24s (%s; env %s%s; default '%s')%n    %s%n",
          setting.key(),
          settings.display(setting),
          settings.source(setting),
          setting.environmentVariable(),
          argument,
          setting.defaultValue(),
          setting.doc());
      shown++;
    }
    if (shown == 0) {
      throw new IllegalArgumentException("no settings group '" + group + "'");
    }
    out.flush();
    return 0;
  }
}
