package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.ingest.journal.JournalConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the receive thread takes for a max-speed replay with the metrics endpoint off, and on
 * while it is scraped every 10 ms (200 times Prometheus's rate), alternating, 3 runs each after a
 * warm-up; prints the medians and their ratio. A measurement, not a gate (timings on a shared
 * machine vary): run on demand with {@code -Dmarketlab.timing=true}.
 */
@EnabledIfSystemProperty(named = "marketlab.timing", matches = "true")
class ReceiveTimingTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "BINANCE:BTCUSDT");

  @TempDir Path dir;

  @Test
  void receive_time_with_the_endpoint_scraped_compared_with_none() throws Exception {
    TestSessions.Generated session = TestSessions.generate(7, 20_000, 10, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("timing.session.gz"), SYMBOLS, session.frames());
    List<Long> off = new ArrayList<>();
    List<Long> on = new ArrayList<>();
    for (int run = 0; run < 4; run++) {
      // run 0 of each is a warm-up, left out
      long offNanos = receiveNanos(file, IngestMetricsConfig.OFF, run);
      long onNanos = receiveNanos(file, 0, run);
      if (run > 0) {
        off.add(offNanos);
        on.add(onNanos);
      }
    }
    off.sort(null);
    on.sort(null);
    long offMedian = off.get(off.size() / 2);
    long onMedian = on.get(on.size() / 2);
    System.out.printf(
        "receive time of %d frames: metrics off %.1f ms, on and scraped every 10 ms %.1f ms,"
            + " ratio on/off %.3f (runs off %s, on %s ns)%n",
        session.frames().size(),
        offMedian / 1e6,
        onMedian / 1e6,
        (double) onMedian / offMedian,
        off,
        on);
    assertThat(offMedian).isPositive();
  }

  /** First frame to last frame received, in ns. */
  private long receiveNanos(Path file, int metricsPort, int run) throws Exception {
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withSpeed(Double.POSITIVE_INFINITY)
            .withPingInterval(Duration.ofDays(1))
            .withStartOnFirstSubscription(true, Duration.ofMillis(200));
    Path journal = dir.resolve("journal-" + metricsPort + "-" + run);
    MockProducer<byte[], byte[]> kafka =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).start()) {
      IngestConfig config =
          IngestConfig.of(URI.create(server.url()), null, SYMBOLS, "unused:9092")
              .withProgressInterval(Duration.ZERO)
              .withJournal(JournalConfig.at(journal))
              .withMetrics(new IngestMetricsConfig(metricsPort, null, "timing"));
      try (Ingest ingest = MockKafka.start(config, kafka)) {
        AtomicBoolean scraping = new AtomicBoolean(true);
        AtomicLong scrapes = new AtomicLong();
        Thread scraper =
            new Thread(
                () -> {
                  while (scraping.get() && ingest.metricsUrl().isPresent()) {
                    Scrape.of(ingest.metricsUrl().get());
                    scrapes.incrementAndGet();
                    LockSupport.parkNanos(10_000_000);
                  }
                },
                "timing-scraper");
        scraper.start();
        IngestMetrics metrics = ingest.metrics();
        while (metrics.frames() == 0) {
          LockSupport.parkNanos(50_000);
        }
        long start = System.nanoTime();
        long total = 20_000;
        while (metrics.frames() < total) {
          LockSupport.parkNanos(50_000);
        }
        long took = System.nanoTime() - start;
        scraping.set(false);
        scraper.join();
        if (metricsPort >= 0) {
          assertThat(scrapes.get()).isPositive();
        }
        return took;
      }
    }
  }
}
