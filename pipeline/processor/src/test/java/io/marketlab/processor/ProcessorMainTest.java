package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorMainTest {

  @Test
  void should_take_defaults_for_everything_but_bootstrap_and_checkpoint() {
    ProcessorConfig config =
        ProcessorMain.configFrom(
            List.of("--kafka-bootstrap=127.0.0.1:9092", "--checkpoint", "/tmp/cp"), Map.of());

    assertThat(config).isEqualTo(ProcessorConfig.defaults("127.0.0.1:9092", "/tmp/cp"));
    assertThat(config.watermarkDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.replication().cql())
        .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
  }

  @Test
  void should_prefer_arguments_over_environment() {
    ProcessorConfig config =
        ProcessorMain.configFrom(
            List.of("--topic=t2", "--watermark-delay=500ms"),
            Map.of(
                "PROCESSOR_KAFKA_BOOTSTRAP",
                "k:1",
                "PROCESSOR_CHECKPOINT",
                "/cp",
                "PROCESSOR_TOPIC",
                "t1",
                "PROCESSOR_CASSANDRA",
                "a:9042, b:9043",
                "PROCESSOR_REPLICATION",
                "dc1:3,dc2:2",
                "PROCESSOR_TRIGGER_INTERVAL",
                "PT0.2S"));

    assertThat(config.topic()).isEqualTo("t2");
    assertThat(config.watermarkDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.triggerInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.cassandraContactPoints()).containsExactly("a:9042", "b:9043");
    assertThat(config.replication().cql())
        .isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}");
  }

  @Test
  void should_name_the_setting_that_is_wrong() {
    assertThatThrownBy(() -> ProcessorMain.configFrom(List.of("--kafka-bootstrap=k:1"), Map.of()))
        .hasMessageContaining("checkpoint directory is required");
    assertThatThrownBy(() -> ProcessorMain.configFrom(List.of("--nope=1"), Map.of()))
        .hasMessageContaining("unknown setting --nope");
    assertThatThrownBy(
            () ->
                ProcessorMain.configFrom(
                    List.of("--kafka-bootstrap=k:1", "--checkpoint=c", "--watermark-delay=soon"),
                    Map.of()))
        .hasMessageContaining("'soon'");
    assertThatThrownBy(
            () ->
                ProcessorMain.configFrom(
                    List.of("--kafka-bootstrap=k:1", "--checkpoint=c", "--cassandra=nohost"),
                    Map.of()))
        .hasMessageContaining("host:port, got 'nohost'");
    assertThatThrownBy(
            () ->
                ProcessorMain.configFrom(
                    List.of("--kafka-bootstrap=k:1", "--checkpoint=c", "--trades-ttl-seconds=60"),
                    Map.of()))
        .hasMessageContaining("TTL");
  }

  @Test
  void should_create_schema_idempotently_and_never_drop() {
    List<String> statements = Schema.statements("market", new Replication.Simple(1));

    for (String cql : statements) {
      assertThat(cql)
          // a column added to a table made before it existed is added the same idempotent way
          .containsPattern(
              "^(CREATE (KEYSPACE|TABLE) IF NOT EXISTS |ALTER TABLE \\S+ ADD IF NOT EXISTS )")
          .doesNotContainIgnoringCase("DROP");
    }
    assertThat(statements)
        .anySatisfy(
            cql ->
                assertThat(cql)
                    .contains(
                        "PRIMARY KEY ((symbol, day), trade_ts, ingest_id, frame_seq, index_in_frame)"));
    assertThat(statements)
        .anySatisfy(
            cql ->
                assertThat(cql)
                    .contains("PRIMARY KEY ((symbol, resolution, bucket), window_start)"));
  }

  @Test
  void the_anomaly_defaults_of_the_settings_should_be_the_detectors_defaults() {
    ProcessorConfig config = ProcessorConfig.defaults("127.0.0.1:9092", "/tmp/cp");

    assertThat(config.anomalies()).isEqualTo(Analytics.Params.DEFAULTS);
    assertThat(config.webhook().enabled()).isFalse();
  }
}
