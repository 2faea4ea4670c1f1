package io.marketlab.ingest;

import io.marketlab.ingest.journal.JournalConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;

/** Starts an ingest on Kafka's test clients: one MockProducer, an empty MockConsumer per scan. */
public final class MockKafka {

  private MockKafka() {}

  static JournalSender.Settings fastRetries() {
    return new JournalSender.Settings(
        Duration.ofMillis(20),
        new BackoffPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 2.0),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5));
  }

  static Ingest start(IngestConfig config, Path journal, MockProducer<byte[], byte[]> producer) {
    return start(config.withJournal(JournalConfig.at(journal)), producer);
  }

  /** With the journal the config names. */
  public static Ingest start(IngestConfig config, MockProducer<byte[], byte[]> producer) {
    return Ingest.start(
        config,
        id -> producer,
        () -> new MockConsumer<>("earliest"),
        MicrosClock.system(),
        fastRetries());
  }
}
