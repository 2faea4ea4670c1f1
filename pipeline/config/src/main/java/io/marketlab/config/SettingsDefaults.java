package io.marketlab.config;

import picocli.CommandLine;

/**
 * Gives a command option the value of the setting it stands for, so that a setting (in {@code
 * lab.properties}, the environment or a system property) reaches every command and {@code --help}
 * shows the value in force. An option names its setting by key in {@code descriptionKey}; the
 * endpoint settings give the endpoint every client uses (the external cluster when set, else the
 * local engine). Use: {@code @Command(defaultValueProvider = SettingsDefaults.class)}.
 */
public final class SettingsDefaults implements CommandLine.IDefaultValueProvider {

  private LabSettings settings;

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
    String key = argSpec.descriptionKey();
    if (key == null || !key.startsWith("lab.")) {
      return null; // not a setting (picocli's own options have keys of their own)
    }
    Setting<?> setting = Settings.DEF.byKey(key);
    if (setting == null) {
      throw new IllegalStateException("option " + argSpec + " names an unknown setting " + key);
    }
    LabSettings resolved = settings();
    if (setting == Settings.KAFKA_BOOTSTRAP) {
      return resolved.kafkaBootstrap();
    }
    if (setting == Settings.CASSANDRA_CONTACT_POINTS) {
      return String.join(",", resolved.cassandraContactPoints());
    }
    if (setting.secret()) {
      return null;
    }
    String text = resolved.text(setting);
    return text.isEmpty() ? null : text;
  }

  private LabSettings settings() {
    if (settings == null) {
      settings = LabSettings.loadAnywhere();
    }
    return settings;
  }
}
