package io.marketlab.cli;

import io.marketlab.fixtures.LabSettings;
import io.marketlab.fixtures.Setting;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "settings", mixinStandardHelpOptions = true, description = "Every setting: its value here, default, environment variable and meaning.")
final class SettingsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    for (Setting setting : Setting.values()) {
      System.out.printf("%-30s = %-22s (env %s, default '%s')%n    %s%n", setting.key(), settings.get(setting),
          setting.environmentVariable(), setting.defaultValue(), setting.doc());
    }
    return 0;
  }
}
