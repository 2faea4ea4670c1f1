package io.marketlab.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestConfig;
import io.marketlab.ingest.IngestStatus;
import io.marketlab.ingest.IngestStatusFile;
import io.marketlab.ingest.MockKafka;
import io.marketlab.ingest.ReplayServer;
import io.marketlab.ingest.ReplayServerConfig;
import io.marketlab.ingest.TestSessions;
import io.marketlab.ingest.journal.JournalConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReporterTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");

  @TempDir Path dir;

  @Test
  void the_status_file_should_name_each_connection_as_it_opens_without_waiting_for_the_interval()
      throws Exception {
    TestSessions.Generated session = TestSessions.generate(21, 80, 100_000, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("s.session.gz"), SYMBOLS, session.frames());
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withStartOnFirstSubscription(true, Duration.ofMillis(100))
            .withPingInterval(Duration.ofDays(1))
            .withDropAfterFrames(10);
    Path statusFile = dir.resolve("ingest.status.json");
    MockProducer<byte[], byte[]> mock =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).recordSent().start()) {
      IngestConfig config =
          IngestConfig.of(URI.create(server.url()), null, SYMBOLS, "unused:9092")
              .withJournal(JournalConfig.at(dir.resolve("journal")));
      try (Ingest ingest = MockKafka.start(config, mock);
          StatusReporter reporter = new StatusReporter(statusFile)) {
        // An interval no test outlasts: every write after the first comes from a connection.
        reporter.start(ingest, Duration.ofHours(1));
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(
                            IngestStatusFile.read(statusFile)
                                .map(IngestStatus::journaledByConnection)
                                .orElseThrow())
                        .hasSize(3));
        // Written as connection 3 opened: connections 1 and 2 were read to their drop.
        java.util.Map<Integer, Long> written = server.sent().orElseThrow().written();
        assertThat(
                IngestStatusFile.read(statusFile)
                    .orElseThrow()
                    .journaledByConnection()
                    .subList(0, 2))
            .containsExactly(written.get(1), written.get(2))
            .containsExactly(10L, 10L);
      }
    }
  }
}
