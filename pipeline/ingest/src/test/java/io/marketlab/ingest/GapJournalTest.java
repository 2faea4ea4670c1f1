package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.avro.Gap;
import io.marketlab.model.finnhub.TradeTick;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gap records go through the journal like frames: a gap noticed while Kafka is away longer than the
 * producer's delivery timeout is resent after it returns, not lost.
 */
class GapJournalTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "BINANCE:BTCUSDT");

  @TempDir Path dir;

  @Test
  void should_send_a_gap_noticed_during_a_kafka_outage_once_kafka_is_back() throws Exception {
    TestSessions.Generated session = TestSessions.generate(5, 60, 200, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("gaps.session.gz"), SYMBOLS, session.frames());
    List<MockProducer<byte[], byte[]>> failing = new CopyOnWriteArrayList<>();
    MockProducer<byte[], byte[]> healthy = producer(true);
    boolean[] back = {false};
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withSpeed(Double.POSITIVE_INFINITY)
            .withPingInterval(Duration.ofDays(1))
            .withStartOnFirstSubscription(true, Duration.ofMillis(300));

    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).start()) {
      IngestConfig config =
          IngestConfig.of(URI.create(server.url()), null, SYMBOLS, "unused:9092")
              .withProgressInterval(Duration.ZERO);
      try (Ingest ingest =
          Ingest.start(
              config.withJournal(io.marketlab.ingest.journal.JournalConfig.at(dir.resolve("j"))),
              id -> {
                synchronized (back) {
                  if (back[0]) {
                    return healthy;
                  }
                  MockProducer<byte[], byte[]> down = producer(false);
                  failing.add(down);
                  return down;
                }
              },
              () -> new MockConsumer<>("earliest"),
              MicrosClock.system(),
              MockKafka.fastRetries())) {
        server.awaitFinished(Duration.ofSeconds(20));
        // Kafka is away: every symbol's ingest-start gap was handed to a producer that never
        // answers, then every record it holds expires (delivery.timeout.ms).
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> gapsIn(failing).size() == SYMBOLS.size());
        synchronized (back) {
          back[0] = true;
        }
        for (MockProducer<byte[], byte[]> down : failing) {
          while (down.errorNext(new TimeoutException("Expiring records: 120000 ms"))) {
            // every outstanding record times out
          }
        }

        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> gapsIn(List.of(healthy)).size() == SYMBOLS.size());
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> ingest.metrics().snapshot().acked() == session.ticks().size());
      }
    }
    Set<String> firstTrades = new LinkedHashSet<>();
    for (TradeTick tick : session.ticks()) {
      if (firstTrades.stream().noneMatch(seen -> seen.startsWith(tick.symbol() + " "))) {
        firstTrades.add(tick.symbol() + " ingest-start null.." + tick.timeMs());
      }
    }
    assertThat(gapsIn(List.of(healthy))).containsExactlyElementsOf(firstTrades);
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The gap records the producers were handed, as {@code SYMBOL category from..to}. */
  private static List<String> gapsIn(List<MockProducer<byte[], byte[]>> producers)
      throws java.io.IOException {
    List<String> gaps = new ArrayList<>();
    for (MockProducer<byte[], byte[]> producer : producers) {
      for (ProducerRecord<byte[], byte[]> record : producer.history()) {
        if (!record.topic().equals("trades.gaps")) {
          continue;
        }
        Gap gap =
            new org.apache.avro.specific.SpecificDatumReader<>(Gap.class)
                .read(
                    null,
                    org.apache.avro.io.DecoderFactory.get().binaryDecoder(record.value(), null));
        gaps.add(
            gap.getSymbol()
                + " "
                + gap.getReason().substring(0, gap.getReason().indexOf(':'))
                + " "
                + gap.getFromTradeTsMs()
                + ".."
                + gap.getToTradeTsMs());
      }
    }
    return gaps;
  }
}
