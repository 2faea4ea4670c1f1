package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketlab.ingest.journal.JournalConfig;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest's real {@code /metrics} over HTTP, fed by the replay server (real websocket) with a
 * MockProducer as Kafka: every figure is compared with what the server sent or with what the test
 * put into the session by hand.
 */
class IngestMetricsEndpointTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  private static final long T = TestSessions.BASE_TIME_MS;

  @TempDir Path dir;

  /** The generated trade frames, then known bad frames: 3 malformed, 2 unknown, 2 rejected. */
  private record Session(Path file, List<TradeTick> ticks, int frames, long validTrades) {}

  private Session session() {
    TestSessions.Generated generated = TestSessions.generate(21, 200, 100, SYMBOLS);
    List<SessionFrame> frames = new ArrayList<>(generated.frames());
    long offset = frames.get(frames.size() - 1).offsetMicros();
    List<String> bad =
        List.of(
            "{not json",
            "[1,2",
            "{\"type\":\"trade\",\"data\":\"nope\"}",
            "{\"type\":\"news\",\"data\":[]}",
            "{\"type\":\"quote\"}",
            // one valid trade and one with a negative price: the frame is a "rejected" letter
            "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":101.5,\"t\":"
                + T
                + ",\"v\":3},{\"s\":\"AAPL\",\"p\":-1,\"t\":"
                + T
                + ",\"v\":1}]}",
            "{\"type\":\"trade\",\"data\":[{\"s\":\"MSFT\",\"p\":0,\"t\":"
                + T
                + ",\"v\":1},{\"s\":\"MSFT\",\"p\":99.25,\"t\":"
                + T
                + ",\"v\":2}]}",
            "{\"type\":\"ping\"}");
    for (String text : bad) {
      offset += 100;
      frames.add(new SessionFrame(offset, text));
    }
    Path file = TestSessions.write(dir.resolve("metrics.session.gz"), SYMBOLS, frames);
    // By hand: the two rejected frames carry one valid trade each.
    return new Session(file, generated.ticks(), frames.size(), generated.ticks().size() + 2);
  }

  private static ReplayServerConfig serverConfig() {
    return ReplayServerConfig.defaults()
        .withSpeed(Double.POSITIVE_INFINITY)
        .withPingInterval(Duration.ofDays(1)) // framesSent counts session frames only
        .withStartOnFirstSubscription(true, Duration.ofMillis(300));
  }

  private IngestConfig config(String url, int port) {
    return IngestConfig.of(URI.create(url), null, SYMBOLS, "unused:9092")
        .withProgressInterval(Duration.ZERO)
        .withJournal(JournalConfig.at(dir.resolve("journal")))
        .withMetrics(new IngestMetricsConfig(port, dir.resolve("targets"), "ingest-under-test"));
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Test
  void should_serve_exactly_what_the_server_sent_and_what_the_session_holds() throws Exception {
    Session session = session();
    Set<String> tradedSymbols = new HashSet<>();
    for (TradeTick tick : session.ticks()) {
      tradedSymbols.add(tick.symbol());
    }
    try (ReplayServer server = ReplayServer.fromSession(session.file(), serverConfig()).start();
        Ingest ingest = MockKafka.start(config(server.url(), 0), producer(true))) {
      ReplayProgress sent = server.awaitFinished(Duration.ofSeconds(30));
      String url = ingest.metricsUrl().orElseThrow();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                Scrape scrape = Scrape.of(url);
                assertThat(scrape.count("marketlab_ingest_frames_total"))
                    .isEqualTo(sent.framesSent());
                assertThat(scrape.count("marketlab_ingest_journal_pending_frames")).isZero();
              });
      Scrape scrape = Scrape.of(url);

      assertThat(sent.framesSent()).isEqualTo(session.frames());
      assertThat(scrape.count("marketlab_ingest_trades_total"))
          .isEqualTo(sent.tradesSent())
          .isEqualTo(session.validTrades());
      assertThat(scrape.count("marketlab_ingest_trades_acked_total"))
          .isEqualTo(session.validTrades());
      assertThat(scrape.count("marketlab_ingest_dead_letters_total{reason=\"malformed\"}"))
          .isEqualTo(3);
      assertThat(scrape.count("marketlab_ingest_dead_letters_total{reason=\"unknown-type\"}"))
          .isEqualTo(2);
      assertThat(scrape.count("marketlab_ingest_dead_letters_total{reason=\"rejected\"}"))
          .isEqualTo(2);
      assertThat(scrape.count("marketlab_ingest_pings_total")).isEqualTo(1);
      long priceUpdates = 0;
      for (TradeTick tick : session.ticks()) {
        priceUpdates += tick.isPriceUpdate() ? 1 : 0;
      }
      assertThat(scrape.count("marketlab_ingest_price_updates_total")).isEqualTo(priceUpdates);
      // One connection, no loss: one gap per symbol, before its first trade.
      assertThat(scrape.count("marketlab_ingest_gaps_total{category=\"ingest-start\"}"))
          .isEqualTo(tradedSymbols.size());
      assertThat(scrape.count("marketlab_ingest_gaps_total{category=\"reconnect\"}")).isZero();
      assertThat(scrape.count("marketlab_ingest_connected")).isEqualTo(1);
      assertThat(scrape.count("marketlab_ingest_reconnects_total")).isZero();
      assertThat(scrape.count("marketlab_ingest_send_failures_total")).isZero();
      assertThat(scrape.count("marketlab_ingest_journal_full_refusals_total")).isZero();
      assertThat(scrape.count("marketlab_ingest_journal_pending_bytes")).isZero();
      assertThat(scrape.count("marketlab_ingest_journal_bytes")).isPositive();
      // Every acknowledged trade is one observation of the latency histogram.
      assertThat(scrape.count("marketlab_ingest_ack_latency_seconds_count"))
          .isEqualTo(session.validTrades());
      assertThat(scrape.count("marketlab_ingest_ack_latency_seconds_bucket{le=\"+Inf\"}"))
          .isEqualTo(session.validTrades());
      assertThat(ingest.metrics().snapshot().line()).contains("acked=" + session.validTrades());
    }
  }

  @Test
  void should_show_the_journal_depth_in_frames_and_bytes_until_kafka_acknowledges()
      throws Exception {
    Session session = session();
    MockProducer<byte[], byte[]> kafka = producer(false);
    try (ReplayServer server = ReplayServer.fromSession(session.file(), serverConfig()).start();
        Ingest ingest = MockKafka.start(config(server.url(), 0), kafka)) {
      server.awaitFinished(Duration.ofSeconds(30));
      String url = ingest.metricsUrl().orElseThrow();
      Path journalDir = dir.resolve("journal");
      // Nothing acknowledged: every frame waits, and (a new journal, nothing deleted) its bytes
      // are all the segment files hold.
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                Scrape scrape = Scrape.of(url);
                // the journal holds the gap records too (one ingest-start gap per symbol)
                assertThat(scrape.count("marketlab_ingest_journal_pending_frames"))
                    .isEqualTo(session.frames() + ingest.metrics().gapsJournaled());
                assertThat(scrape.count("marketlab_ingest_journal_pending_bytes"))
                    .isEqualTo(segmentBytes(journalDir));
              });
      Scrape waiting = Scrape.of(url);
      assertThat(waiting.count("marketlab_ingest_trades_acked_total")).isZero();
      assertThat(waiting.count("marketlab_ingest_journal_bytes"))
          .isEqualTo(segmentBytes(journalDir));

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                while (kafka.completeNext()) {
                  // acknowledge everything sent so far
                }
                Scrape scrape = Scrape.of(url);
                assertThat(scrape.count("marketlab_ingest_journal_pending_frames")).isZero();
                assertThat(scrape.count("marketlab_ingest_journal_pending_bytes")).isZero();
                assertThat(scrape.count("marketlab_ingest_trades_acked_total"))
                    .isEqualTo(session.validTrades());
              });
    }
  }

  private static long segmentBytes(Path journalDir) throws Exception {
    long total = 0;
    try (var files = Files.list(journalDir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".journal")).toList()) {
        total += Files.size(file);
      }
    }
    return total;
  }

  @Test
  void should_register_its_scrape_target_while_it_runs_and_remove_it_on_close() throws Exception {
    Session session = session();
    Path target = dir.resolve("targets").resolve("ingest").resolve("ingest-under-test.json");
    try (ReplayServer server = ReplayServer.fromSession(session.file(), serverConfig()).start()) {
      Ingest ingest = MockKafka.start(config(server.url(), 0), producer(true));
      int port = ingest.metricsPort().orElseThrow();
      try {
        assertThat(Files.readString(target))
            .isEqualTo(
                "[{\"targets\":[\"127.0.0.1:"
                    + port
                    + "\"],\"labels\":{\"part\":\"ingest-under-test\"}}]\n");
      } finally {
        ingest.close();
      }
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void should_serve_nothing_and_register_nothing_when_off() throws Exception {
    Session session = session();
    try (ReplayServer server = ReplayServer.fromSession(session.file(), serverConfig()).start();
        Ingest ingest =
            MockKafka.start(config(server.url(), IngestMetricsConfig.OFF), producer(true))) {
      assertThat(ingest.metricsPort()).isEmpty();
      assertThat(ingest.metricsUrl()).isEmpty();
      assertThat(dir.resolve("targets")).doesNotExist();
    }
  }

  @Test
  void should_fail_with_the_port_and_the_setting_named_when_the_port_is_taken_and_keep_nothing()
      throws Exception {
    Session session = session();
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ReplayServer server = ReplayServer.fromSession(session.file(), serverConfig()).start()) {
      IngestConfig config = config(server.url(), taken.getLocalPort());
      assertThatThrownBy(() -> MockKafka.start(config, producer(true)))
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("LAB_INGEST_METRICS_PORT");
      assertThat(dir.resolve("targets").resolve("ingest").resolve("ingest-under-test.json"))
          .doesNotExist();
      // The journal was released: the next start on it works.
      try (Ingest again = MockKafka.start(config(server.url(), 0), producer(true))) {
        assertThat(again.metricsPort()).isPresent();
      }
    }
  }

  @Test
  void should_reject_a_port_out_of_range_with_the_allowed_values() {
    assertThatThrownBy(() -> new IngestMetricsConfig(-2, null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 (off), 0 (a free port) or 1..65535");
    assertThatThrownBy(() -> new IngestMetricsConfig(65_536, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_count_a_frame_s_trades_in_the_latency_bucket_of_their_ack() {
    LatencyBuckets buckets = new LatencyBuckets();
    buckets.record(1_000, 3); // exactly 1 ms: the 0.001 bucket (le is inclusive)
    buckets.record(1_001, 2); // just over: the next one
    buckets.record(400_000_000, 1); // 400 s: only +Inf

    var snapshot = buckets.buckets();
    assertThat(snapshot.getUpperBound(0)).isEqualTo(0.001);
    assertThat(snapshot.getCount(0)).isEqualTo(3);
    assertThat(snapshot.getCount(1)).isEqualTo(2);
    assertThat(snapshot.getUpperBound(snapshot.size() - 1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(snapshot.getCount(snapshot.size() - 1)).isEqualTo(1);
    assertThat(buckets.sumSeconds()).isEqualTo((3 * 1_000 + 2 * 1_001 + 400_000_000) / 1e6);
  }
}
