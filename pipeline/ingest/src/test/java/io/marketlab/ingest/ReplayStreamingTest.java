package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionReader;
import io.marketlab.model.session.SessionWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay server streams a session from disk (issue 13: it loaded every frame). */
class ReplayStreamingTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");

  @TempDir Path dir;

  private static ReplayServerConfig fast() {
    return ReplayServerConfig.defaults()
        .withSpeed(Double.POSITIVE_INFINITY)
        .withStartOnFirstSubscription(true, Duration.ofMillis(100));
  }

  /** {@code frames} frames of 20 trades each (about 1.4 KB of text a frame). */
  private Path largeSession(Path file, int frames) {
    SessionHeader header =
        new SessionHeader(
            "large",
            SYMBOLS,
            "synthetic",
            "ReplayStreamingTest",
            "none",
            Instant.ofEpochMilli(TestSessions.BASE_TIME_MS),
            null);
    try (SessionWriter writer = SessionWriter.create(file, header)) {
      for (int f = 0; f < frames; f++) {
        List<TradeTick> ticks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          ticks.add(
              new TradeTick(
                  SYMBOLS.get(i % 2),
                  100 + (f * 20 + i) % 5000 / 100.0,
                  1 + i,
                  TestSessions.BASE_TIME_MS + f,
                  List.of("1", "12")));
        }
        writer.write(f * 100L, FinnhubCodec.tradeFrame(ticks));
      }
    }
    return file;
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  // Before: fromSession kept every frame, text and parsed trades, for the life of the server
  // (here some 70 MB of frame text alone).
  @Test
  void should_keep_no_frame_of_the_session_in_memory() {
    int frames = 50_000;
    Path file = largeSession(dir.resolve("large.session.gz"), frames);
    long before = heapAfterGc();
    try (ReplayServer server = ReplayServer.fromSession(file, fast())) {
      long held = heapAfterGc() - before;
      assertThat(held).as("heap held by a server for a 70 MB session").isLessThan(16L << 20);
      assertThat(server.progress().totalFrames()).isEqualTo(frames);
    }
  }

  @Test
  void should_replay_from_disk_with_exact_progress_on_every_loop() throws Exception {
    TestSessions.Generated session = TestSessions.generate(3, 50, 100, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("s.session.gz"), SYMBOLS, session.frames());
    try (ReplayServer server = ReplayServer.fromSession(file, fast().withLoop(true)).start();
        RawClient client = new RawClient(server.url()).open()) {
      client.send(FinnhubCodec.subscribe("AAPL"));
      client.send(FinnhubCodec.subscribe("MSFT"));
      await().atMost(Duration.ofSeconds(20)).until(() -> server.progress().loopsCompleted() >= 3);
      ReplayProgress progress = server.progress();
      assertThat(progress.totalFrames()).isEqualTo(50);
      assertThat(progress.framesReplayed()).isGreaterThanOrEqualTo(150);
      assertThat(progress.finished()).isFalse();
    }
  }

  // Before: fromSession threw at the cut ("Unexpected end of ZLIB input stream").
  @Test
  void should_replay_a_killed_recording_up_to_the_damage() throws Exception {
    Path file = largeSession(dir.resolve("cut.session.gz"), 4_000);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    List<SessionFrame> readable = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(file)) {
      for (SessionFrame frame : reader) {
        readable.add(frame);
      }
    }
    assertThat(readable.size()).isBetween(1000, 3999);

    try (ReplayServer server = ReplayServer.fromSession(file, fast()).start();
        RawClient client = new RawClient(server.url()).open()) {
      client.send(FinnhubCodec.subscribe("AAPL"));
      client.send(FinnhubCodec.subscribe("MSFT"));
      ReplayProgress done = server.awaitFinished(Duration.ofSeconds(30));
      assertThat(done.totalFrames()).isEqualTo(readable.size());
      assertThat(done.framesReplayed()).isEqualTo(readable.size());
      assertThat(done.tradesSent()).isEqualTo(readable.size() * 20L);
      assertThat(done.positionMicros()).isEqualTo(readable.get(readable.size() - 1).offsetMicros());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.nonPings().size() == readable.size());
      assertThat(client.nonPings()).isEqualTo(readable.stream().map(SessionFrame::text).toList());
    }
  }
}
