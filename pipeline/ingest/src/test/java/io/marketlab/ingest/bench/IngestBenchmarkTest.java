package io.marketlab.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.ingest.MockKafka;
import io.marketlab.ingest.TestSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only checks the benchmark runs and counts right; its numbers mean something against real Kafka.
 */
class IngestBenchmarkTest {

  @TempDir Path dir;

  @Test
  void should_count_every_trade_of_the_session_and_report_a_rate() {
    List<String> symbols = List.of("AAPL", "MSFT");
    TestSessions.Generated session = TestSessions.generate(31, 300, 100, symbols);
    Path file = TestSessions.write(dir.resolve("b.session.gz"), symbols, session.frames());

    IngestBenchmark.Result result =
        IngestBenchmark.run(
            file,
            "unused:9092",
            "bench.trades",
            Duration.ofSeconds(20),
            config ->
                MockKafka.start(
                    config,
                    new MockProducer<>(
                        true, null, new ByteArraySerializer(), new ByteArraySerializer())));

    assertThat(result.trades()).isEqualTo(session.ticks().size());
    assertThat(result.acked()).isEqualTo(session.ticks().size());
    assertThat(result.failed()).isZero();
    assertThat(result.tradesPerSecond()).isPositive();
  }
}
