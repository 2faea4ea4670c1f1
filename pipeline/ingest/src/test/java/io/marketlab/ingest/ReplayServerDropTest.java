package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.session.SessionFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayServerDropTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");

  @TempDir Path dir;

  /** 600 frames 10 ms apart: 6 s at speed 1, time for a drop and a reconnect. */
  private static final TestSessions.Generated SESSION =
      TestSessions.generate(5, 600, 10_000, SYMBOLS);

  private static List<String> sentTo(
      int connection, List<SentFrames.Sent> sent, List<SessionFrame> frames) {
    List<String> texts = new ArrayList<>();
    for (SentFrames.Sent frame : sent) {
      if (frame.connection() == connection) {
        texts.add(
            frame.filteredText() != null
                ? frame.filteredText()
                : frames.get((int) frame.sessionIndex()).text());
      }
    }
    return texts;
  }

  @Test
  void should_cut_every_connection_lose_what_is_due_meanwhile_and_record_exactly_what_was_sent()
      throws Exception {
    Path file = TestSessions.write(dir.resolve("drop.session.gz"), SYMBOLS, SESSION.frames());
    List<SessionFrame> frames = SESSION.frames();
    ReplayServerConfig config =
        ReplayServerConfig.defaults().withStartOnFirstSubscription(true, Duration.ofMillis(100));
    try (ReplayServer server = ReplayServer.fromSession(file, config).recordSent().start();
        RawClient first = new RawClient(server.url()).open()) {
      first.send(FinnhubCodec.subscribe("AAPL"));
      first.send(FinnhubCodec.subscribe("MSFT"));
      await().atMost(Duration.ofSeconds(30)).until(() -> first.nonPings().size() >= 50);

      List<Integer> cut = server.drop();
      // No close frame: Java-WebSocket reports 1006 when the stream just ends.
      await().atMost(Duration.ofSeconds(10)).until(() -> first.closeCode != -1);
      long droppedAt = server.progress().framesReplayed();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.progress().framesReplayed() >= droppedAt + 20);
      try (RawClient second = new RawClient(server.url()).open()) {
        second.send(FinnhubCodec.subscribe("AAPL"));
        second.send(FinnhubCodec.subscribe("MSFT"));
        server.awaitFinished(Duration.ofSeconds(60));
        SentFrames record = server.sent().orElseThrow();
        List<SentFrames.Sent> sent = record.sent();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> second.nonPings().size() == sentTo(2, sent, frames).size());

        assertThat(cut).containsExactly(1);
        assertThat(first.closeCode).isEqualTo(1006);
        assertThat(first.nonPings()).isEqualTo(sentTo(1, sent, frames));
        assertThat(second.nonPings()).isEqualTo(sentTo(2, sent, frames));
        assertThat(record.drops()).hasSize(1);
        assertThat(record.drops().get(0).connections()).containsExactly(1);
        // The frames due while nobody was connected were never sent, not even later.
        TreeSet<Long> indexes = new TreeSet<>();
        for (SentFrames.Sent frame : sent) {
          assertThat(indexes.add(frame.sessionIndex())).isTrue();
        }
        long lastBeforeDrop = -1;
        for (SentFrames.Sent frame : sent) {
          if (frame.connection() == 1) {
            lastBeforeDrop = frame.sessionIndex();
          }
        }
        long firstAfter =
            indexes.higher(lastBeforeDrop) == null ? 600 : indexes.higher(lastBeforeDrop);
        assertThat(firstAfter - lastBeforeDrop).isGreaterThan(20);
        assertThat(server.progress().framesSent()).isEqualTo(sent.size());
      }
    }
  }
}
