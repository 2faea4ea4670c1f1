package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.session.SessionFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server numbers every text frame it writes to a connection, its keep-alive pings included,
 * because the client journals those too: a killed client's journal count then says exactly which of
 * the frames written to it arrived.
 */
class ReplayServerPositionsTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");

  @TempDir Path dir;

  @Test
  void every_session_frame_should_be_recorded_at_its_place_among_all_frames_of_its_connection()
      throws Exception {
    // 150 frames 10 ms apart, a ping every 50 ms: pings fall between session frames.
    TestSessions.Generated session = TestSessions.generate(7, 150, 10_000, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("p.session.gz"), SYMBOLS, session.frames());
    List<SessionFrame> frames = session.frames();
    ReplayServerConfig config =
        ReplayServerConfig.defaults()
            .withPingInterval(Duration.ofMillis(50))
            .withStartOnFirstSubscription(true, Duration.ofMillis(100));
    try (ReplayServer server = ReplayServer.fromSession(file, config).recordSent().start();
        RawClient client = new RawClient(server.url()).open()) {
      client.send(FinnhubCodec.subscribe("AAPL"));
      client.send(FinnhubCodec.subscribe("MSFT"));
      server.awaitFinished(Duration.ofSeconds(60));
      SentFrames record = server.sent().orElseThrow();
      long written = record.written().get(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> client.received.size() >= written);
      long pingsBefore = client.received.size();

      assertThat(server.connectionsOpened()).isEqualTo(1);
      assertThat(pingsBefore - client.nonPings().size()).as("pings received").isPositive();
      List<SentFrames.Sent> sent = record.sent();
      assertThat(sent).isNotEmpty();
      for (SentFrames.Sent frame : sent) {
        String text =
            frame.filteredText() != null
                ? frame.filteredText()
                : frames.get((int) frame.sessionIndex()).text();
        assertThat(client.received.get((int) frame.position() - 1))
            .as("frame %d at position %d", frame.sessionIndex(), frame.position())
            .isEqualTo(text);
      }
      // Every text frame the client got by the time the record was read was counted.
      assertThat(written).isLessThanOrEqualTo(client.received.size());
      assertThat(client.received.subList(0, (int) written).stream().distinct())
          .contains(FinnhubCodec.ping());
    }
  }
}
