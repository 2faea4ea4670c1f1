package io.marketlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabSettingsTest {

  @TempDir Path root;

  @Test
  void defaultsWhenNothingIsSet() {
    LabSettings settings = LabSettings.load(root, Map.of(), new Properties());
    assertThat(settings.get(Settings.KAFKA_PORT)).isEqualTo(9092);
    assertThat(settings.get(Settings.KAFKA_BOOTSTRAP)).isEmpty();
    assertThat(settings.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(settings.cassandraContactPoints()).containsExactly("127.0.0.1:9042");
    assertThat(settings.get(Settings.PROCESSOR_WATERMARK_DELAY)).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.workDir()).isEqualTo(root.resolve(".lab").toAbsolutePath().normalize());
    assertThat(settings.source(Settings.KAFKA_PORT)).isEqualTo("default");
  }

  @Test
  void lastSourceWinsFileThenEnvironmentThenSystemProperty() throws IOException {
    Files.writeString(
        root.resolve("lab.properties"), "lab.kafka.port=19092\nlab.cassandra.port=19042\n");
    Properties system = new Properties();
    system.setProperty("lab.cassandra.port", "29042");
    LabSettings settings =
        LabSettings.load(
            root,
            Map.of("LAB_KAFKA_BOOTSTRAP", "b1:9092, b2:9092", "LAB_CASSANDRA_PORT", "39042"),
            system);
    assertThat(settings.get(Settings.KAFKA_PORT)).isEqualTo(19092);
    assertThat(settings.source(Settings.KAFKA_PORT)).isEqualTo("lab.properties");
    assertThat(settings.get(Settings.CASSANDRA_PORT)).isEqualTo(29042);
    assertThat(settings.source(Settings.CASSANDRA_PORT))
        .isEqualTo("system property lab.cassandra.port");
    assertThat(settings.kafkaBootstrap()).isEqualTo("b1:9092,b2:9092");
    assertThat(settings.source(Settings.KAFKA_BOOTSTRAP))
        .isEqualTo("environment LAB_KAFKA_BOOTSTRAP");
  }

  @Test
  void everyBadValueIsNamedInOneMessage() {
    assertThatThrownBy(
            () ->
                LabSettings.load(
                    root,
                    Map.of(
                        "LAB_KAFKA_PORT",
                        "nine",
                        "LAB_KAFKA_BOOTSTRAP",
                        "nohost",
                        "LAB_PROVIDER",
                        "k8s"),
                    new Properties()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "setting lab.kafka.port (LAB_KAFKA_PORT, from environment LAB_KAFKA_PORT) = 'nine': must be a whole number")
        .hasMessageContaining("must be host:port, got 'nohost'")
        .hasMessageContaining(
            "lab.provider (LAB_PROVIDER, from environment LAB_PROVIDER) = 'k8s': must be one of auto, local, containers, external");
  }

  @Test
  void anUnknownKeyInTheFileIsAnError() throws IOException {
    Files.writeString(root.resolve("lab.properties"), "lab.kafka.prot=19092\n");
    assertThatThrownBy(() -> LabSettings.load(root, Map.of(), new Properties()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lab.properties names an unknown setting 'lab.kafka.prot'");
  }

  @Test
  void processorArgumentsOverrideEnvironment() {
    LabSettings settings =
        LabSettings.fromArguments(
            List.of("--topic=t1", "--watermark-delay", "2s", "--kafka-bootstrap=k:1"),
            Map.of("PROCESSOR_TOPIC", "t0", "PROCESSOR_KEYSPACE", "ks"),
            new Properties());
    assertThat(settings.get(Settings.PROCESSOR_TOPIC)).isEqualTo("t1");
    assertThat(settings.source(Settings.PROCESSOR_TOPIC)).isEqualTo("argument --topic");
    assertThat(settings.get(Settings.PROCESSOR_KEYSPACE)).isEqualTo("ks");
    assertThat(settings.get(Settings.PROCESSOR_WATERMARK_DELAY)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.kafkaBootstrap()).isEqualTo("k:1");
  }

  @Test
  void anAliasIsReadBelowTheSettingsOwnVariable() {
    LabSettings alias =
        LabSettings.fromArguments(
            List.of(), Map.of("PROCESSOR_CASSANDRA", "c:1"), new Properties());
    assertThat(alias.cassandraContactPoints()).containsExactly("c:1");
    LabSettings both =
        LabSettings.fromArguments(
            List.of(),
            Map.of("PROCESSOR_CASSANDRA", "c:1", "LAB_CASSANDRA_CONTACT_POINTS", "c:2"),
            new Properties());
    assertThat(both.cassandraContactPoints()).containsExactly("c:2");
  }

  @Test
  void processorArgumentsAreChecked() {
    assertThatThrownBy(
            () -> LabSettings.fromArguments(List.of("--nope=1"), Map.of(), new Properties()))
        .hasMessageStartingWith("unknown setting --nope (known: ");
    assertThatThrownBy(
            () -> LabSettings.fromArguments(List.of("topic"), Map.of(), new Properties()))
        .hasMessage("unexpected argument 'topic' (use --name=value)");
    assertThatThrownBy(
            () -> LabSettings.fromArguments(List.of("--topic"), Map.of(), new Properties()))
        .hasMessage("setting --topic has no value");
    assertThatThrownBy(
            () ->
                LabSettings.fromArguments(
                    List.of("--keyspace=Bad-Name"), Map.of(), new Properties()))
        .hasMessageContaining("lab.processor.keyspace")
        .hasMessageContaining("a keyspace must match");
  }

  @Test
  void overridesAreValidatedAndSecretsNeverShown() {
    LabSettings settings =
        LabSettings.load(root, Map.of("FINNHUB_TOKEN", "abc123"), new Properties());
    assertThat(settings.display(Settings.FINNHUB_TOKEN)).isEqualTo("(set)");
    assertThat(settings.with(Settings.KAFKA_PORT, "19092").get(Settings.KAFKA_PORT))
        .isEqualTo(19092);
    assertThatThrownBy(() -> settings.with(Settings.KAFKA_PORT, "70000"))
        .hasMessageContaining("must be between 1 and 65535");
  }

  @Test
  void registryHasUniqueNamesAndValidDefaults() {
    Set<String> envs = new HashSet<>();
    for (Setting<?> setting : Settings.DEF.settings()) {
      assertThat(envs.add(setting.environmentVariable())).as(setting.key()).isTrue();
      assertThat(setting.doc()).as(setting.key()).isNotBlank();
      setting.parse(setting.defaultValue(), "default");
    }
    assertThat(Settings.DEF.arguments().keySet())
        .contains("kafka-bootstrap", "cassandra", "datacenter", "topic", "checkpoint", "keyspace");
  }

  @Test
  void definingTheSameNameTwiceIsRefused() {
    ConfigDef def = new ConfigDef();
    def.defineString("a.b", "A_B", "", "doc");
    assertThatThrownBy(() -> def.defineString("a.b", "A_C", "", "doc"))
        .hasMessage("two settings share the key a.b");
    assertThatThrownBy(() -> def.definePort("a.c", "A_D", "0", "doc"))
        .hasMessageContaining("must be between 1 and 65535");
  }
}
