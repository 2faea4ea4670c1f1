package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.avro.Gap;
import io.marketlab.avro.Trade;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loopback: ReplayServer -> FinnhubClient -> TradeProducer(MockProducer). */
class ReplayToIngestTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "BINANCE:BTCUSDT");
  private static final BackoffPolicy FAST =
      new BackoffPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 2.0);

  /**
   * The server's keep-alive pings reach the client as frames, but {@code framesSent} counts session
   * frames only; a run that outlasts one ping interval (a loaded machine) would count one more
   * frame than the server sent. These tests compare the two exactly, so they ping never.
   */
  private static final Duration NO_PINGS = Duration.ofDays(1);

  @TempDir Path dir;

  @Test
  void should_deliver_exactly_the_sessions_trades_to_the_trades_topic() throws Exception {
    TestSessions.Generated session = TestSessions.generate(11, 500, 200, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("e2e.session.gz"), SYMBOLS, session.frames());
    MockProducer<byte[], byte[]> mock =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withSpeed(Double.POSITIVE_INFINITY)
            .withStartOnFirstSubscription(true, Duration.ofMillis(300));

    List<Trade> trades = new ArrayList<>();
    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).start()) {
      IngestConfig config =
          IngestConfig.of(URI.create(server.url()), null, SYMBOLS, "unused:9092")
              .withProgressInterval(Duration.ZERO);
      try (Ingest ingest = MockKafka.start(config, dir.resolve("journal"), mock)) {
        server.awaitFinished(Duration.ofSeconds(20));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> mock.history().size() >= session.ticks().size() + SYMBOLS.size());
        assertThat(ingest.metrics().snapshot().deadLetters()).isZero();
      }
    }
    List<Gap> gaps = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : mock.history()) {
      if (record.topic().equals("trades.gaps")) {
        gaps.add(decodeGap(record.value()));
        continue;
      }
      assertThat(record.topic()).isEqualTo("trades");
      trades.add(TestSessions.decode(record.value()));
    }
    // One connection, no loss: each symbol's only gap is the one before its first trade.
    List<String> expectedGaps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TradeTick tick : session.ticks()) {
      if (seen.add(tick.symbol())) {
        expectedGaps.add(tick.symbol() + " ingest-start null.." + tick.timeMs());
      }
    }
    List<String> actualGaps = new ArrayList<>();
    for (Gap gap : gaps) {
      actualGaps.add(
          gap.getSymbol()
              + " "
              + gap.getReason().substring(0, gap.getReason().indexOf(':'))
              + " "
              + gap.getFromTradeTsMs()
              + ".."
              + gap.getToTradeTsMs());
    }
    assertThat(actualGaps).containsExactlyElementsOf(expectedGaps);

    List<TradeTick> received = new ArrayList<>();
    Set<List<Object>> identities = new HashSet<>();
    for (Trade trade : trades) {
      received.add(TestSessions.tick(trade));
      identities.add(List.of(trade.getIngestId(), trade.getFrameSeq(), trade.getIndexInFrame()));
    }
    assertThat(received).isEqualTo(session.ticks());
    assertThat(identities).hasSize(session.ticks().size());
  }

  private static Gap decodeGap(byte[] value) throws java.io.IOException {
    return new org.apache.avro.specific.SpecificDatumReader<>(Gap.class)
        .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, null));
  }

  private static int tradesIn(RecordingListener listener) {
    int count = 0;
    for (FinnhubMessage message : listener.messages) {
      if (message instanceof FinnhubMessage.Trades trades) {
        count += trades.valid().size();
      }
    }
    return count;
  }

  @Test
  void should_reconnect_resubscribe_and_resume_after_the_server_drops_the_connection()
      throws Exception {
    // 3 s of session: time for several drops and reconnects even on a loaded machine.
    TestSessions.Generated session = TestSessions.generate(12, 300, 10_000, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("drop.session.gz"), SYMBOLS, session.frames());
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withStartOnFirstSubscription(true, Duration.ofMillis(100))
            .withPingInterval(NO_PINGS)
            .withDropAfterFrames(10);
    RecordingListener listener = new RecordingListener();

    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).start();
        FinnhubClient client =
            new FinnhubClient(
                FinnhubClientConfig.of(URI.create(server.url()), null, SYMBOLS).withBackoff(FAST),
                listener)) {
      client.start();
      ReplayProgress done = server.awaitFinished(Duration.ofSeconds(30));

      // Everything the server wrote arrives: its counts are the client's, exactly.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat((long) listener.frames.size()).isEqualTo(done.framesSent());
                assertThat((long) tradesIn(listener)).isEqualTo(done.tradesSent());
                assertThat((long) listener.disconnected.size()).isEqualTo(done.framesSent() / 10);
              });
      // Frames only reach subscribed connections, so more than 10 proves the resubscription.
      assertThat(done.framesSent()).isGreaterThan(10);
      List<Integer> perConnection = new ArrayList<>();
      for (int i = 1; i <= listener.disconnected.size(); i++) {
        perConnection.add(10 * i);
      }
      assertThat(listener.framesAtDisconnect).isEqualTo(perConnection);
      assertThat(listener.disconnected)
          .containsOnly("closed by server, code 1001 (simulated drop)");
      for (int i = 0; i < listener.frames.size(); i++) {
        assertThat(listener.frames.get(i).seq()).isEqualTo(i);
      }
      assertInSessionOrder(receivedTicks(listener), session.ticks());
    }
  }

  @Test
  void should_count_the_frames_journaled_from_each_connection_as_the_server_wrote_them()
      throws Exception {
    TestSessions.Generated session = TestSessions.generate(13, 100, 10_000, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("count.session.gz"), SYMBOLS, session.frames());
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withStartOnFirstSubscription(true, Duration.ofMillis(100))
            .withPingInterval(NO_PINGS)
            .withDropAfterFrames(10);
    MockProducer<byte[], byte[]> mock =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).recordSent().start()) {
      IngestConfig config =
          IngestConfig.of(URI.create(server.url()), null, SYMBOLS, "unused:9092")
              .withProgressInterval(Duration.ZERO);
      config = config.withClient(config.client().withBackoff(FAST));
      try (Ingest ingest = MockKafka.start(config, dir.resolve("journal"), mock)) {
        ReplayProgress done = server.awaitFinished(Duration.ofSeconds(30));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> ingest.metrics().snapshot().frames() == done.framesSent());

        List<Long> written =
            List.copyOf(new java.util.TreeMap<>(server.sent().orElseThrow().written()).values());
        IngestStatus status = ingest.status(IngestStatus.State.RUNNING, null);
        assertThat(written).hasSizeGreaterThan(5);
        assertThat(status.journaledByConnection()).isEqualTo(written);
        assertThat(status.journaledByConnection().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(done.framesSent());
      }
    }
  }

  @Test
  void should_reconnect_and_resume_after_the_server_goes_silent() throws Exception {
    TestSessions.Generated session = TestSessions.generate(13, 300, 10_000, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("silent.session.gz"), SYMBOLS, session.frames());
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withStartOnFirstSubscription(true, Duration.ofMillis(100))
            .withPingInterval(NO_PINGS)
            .withSilentAfterFrames(5);
    RecordingListener listener = new RecordingListener();

    try (ReplayServer server = ReplayServer.fromSession(file, serverConfig).start();
        FinnhubClient client =
            new FinnhubClient(
                FinnhubClientConfig.of(URI.create(server.url()), null, SYMBOLS)
                    .withBackoff(FAST)
                    .withSilenceTimeout(Duration.ofMillis(500)),
                listener)) {
      client.start();
      ReplayProgress done = server.awaitFinished(Duration.ofSeconds(30));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat((long) listener.frames.size()).isEqualTo(done.framesSent());
                assertThat((long) tradesIn(listener)).isEqualTo(done.tradesSent());
              });
      // Each connection got exactly 5 frames before going silent; more than 5 means it resumed.
      assertThat(listener.disconnected).isNotEmpty().allMatch(r -> r.startsWith("no frame for"));
      // Once the replay is over the last connection falls silent too, with what it had got.
      List<Integer> atDisconnect = List.copyOf(listener.framesAtDisconnect);
      int total = listener.frames.size();
      for (int i = 0; i < atDisconnect.size(); i++) {
        assertThat(atDisconnect.get(i)).as("frames at disconnect %d", i).isIn(5 * (i + 1), total);
      }
      assertThat(total).isGreaterThan(5);
      assertInSessionOrder(receivedTicks(listener), session.ticks());
    }
  }

  private static List<TradeTick> receivedTicks(RecordingListener listener) {
    List<TradeTick> ticks = new ArrayList<>();
    for (FinnhubMessage message : listener.messages) {
      if (message instanceof FinnhubMessage.Trades trades) {
        ticks.addAll(trades.valid());
      }
    }
    return ticks;
  }

  /**
   * Every received trade is one of the session's, none twice, in session order: frames missed while
   * reconnecting are skipped, never replayed or reordered.
   */
  private static void assertInSessionOrder(List<TradeTick> received, List<TradeTick> session) {
    int next = 0;
    for (int i = 0; i < received.size(); i++) {
      while (next < session.size() && !session.get(next).equals(received.get(i))) {
        next++;
      }
      assertThat(next)
          .as("received trade %d %s is in the session after trade %d", i, received.get(i), i - 1)
          .isLessThan(session.size());
      next++;
    }
  }
}
