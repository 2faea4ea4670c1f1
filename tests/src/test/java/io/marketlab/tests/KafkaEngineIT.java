package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.fixtures.KafkaEngine;
import io.marketlab.testinfra.LabEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The broker is a real Kafka: kcat, a client that is not ours, lists it and round-trips messages.
 */
@LabEngines
class KafkaEngineIT {

  @Test
  void kcat_should_list_the_broker(KafkaEngine kafka) {
    Processes.Result result =
        Processes.run(
            List.of("kcat", "-b", kafka.getBootstrapServers(), "-L", "-m", "10"),
            Map.of(),
            null,
            60);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("1 brokers:").contains(kafka.getBootstrapServers());
  }

  @Test
  void kcat_should_round_trip_messages(KafkaEngine kafka) {
    String topic = "it-kcat-" + UUID.randomUUID();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      messages.add("message-" + i + "-" + UUID.randomUUID());
    }

    Processes.Result produced =
        Processes.run(
            List.of("kcat", "-b", kafka.getBootstrapServers(), "-P", "-t", topic, "-p", "0"),
            Map.of(),
            String.join("\n", messages) + "\n",
            60);
    Processes.Result consumed =
        Processes.run(
            List.of(
                "kcat",
                "-b",
                kafka.getBootstrapServers(),
                "-C",
                "-t",
                topic,
                "-o",
                "beginning",
                "-e",
                "-q"),
            Map.of(),
            null,
            60);

    assertThat(produced.exitCode()).as(produced.output()).isZero();
    assertThat(consumed.exitCode()).as(consumed.output()).isZero();
    assertThat(consumed.output().lines().toList()).containsExactlyElementsOf(messages);
  }
}
