package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

  /** One symbol: the replay starts at the only subscription, so no frame is filtered. */
  private static final List<String> SYMBOLS = List.of("AAPL");

  /** Recording start, µs since the epoch, as the scripted clocks below return it first. */
  private static final long START_MICROS = 1_723_161_600_000_000L;

  @TempDir Path dir;

  @Test
  void should_record_every_frame_in_order_with_offsets_and_never_the_token() throws Exception {
    TestSessions.Generated session = TestSessions.generate(21, 50, 2_000, SYMBOLS);
    Path source = TestSessions.write(dir.resolve("src.session.gz"), SYMBOLS, session.frames());
    Path out = dir.resolve("rec.session.gz");
    // The clock is read once at the start, then once per received frame: receipt k is dated
    // START + 2 ms * (k + 1), so its offset must be exactly 2 ms * (k + 1).
    AtomicLong calls = new AtomicLong();
    MicrosClock clock = () -> START_MICROS + 2_000 * calls.getAndIncrement();

    record(source, out, clock, 50);

    List<SessionFrame> recorded = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(out)) {
      assertThat(reader.header().symbols()).isEqualTo(SYMBOLS);
      assertThat(reader.header().name()).isEqualTo("rec-test");
      SessionFrame frame;
      while ((frame = reader.readFrame()) != null) {
        recorded.add(frame);
      }
    }
    List<String> texts = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    List<Long> expectedOffsets = new ArrayList<>();
    for (int k = 0; k < recorded.size(); k++) {
      texts.add(recorded.get(k).text());
      offsets.add(recorded.get(k).offsetMicros());
      expectedOffsets.add(2_000L * (k + 1));
    }
    List<String> expected = new ArrayList<>();
    for (SessionFrame frame : session.frames()) {
      expected.add(frame.text());
    }
    assertThat(texts).isEqualTo(expected);
    assertThat(offsets).isEqualTo(expectedOffsets);
    assertThat(gunzip(out)).doesNotContain("very-secret");
  }

  @Test
  void should_never_write_a_decreasing_offset_when_the_wall_clock_steps_back() throws Exception {
    TestSessions.Generated session = TestSessions.generate(22, 4, 2_000, SYMBOLS);
    Path source = TestSessions.write(dir.resolve("src.session.gz"), SYMBOLS, session.frames());
    Path out = dir.resolve("rec.session.gz");
    // start, then receipts at +5 ms, +9 ms, a step back to +3 ms (NTP), then +12 ms.
    long[] readings = {0, 5_000, 9_000, 3_000, 12_000};
    AtomicLong calls = new AtomicLong();
    MicrosClock clock =
        () -> START_MICROS + readings[(int) Math.min(calls.getAndIncrement(), readings.length - 1)];

    record(source, out, clock, 4);

    List<Long> offsets = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(out)) {
      SessionFrame frame;
      while ((frame = reader.readFrame()) != null) {
        offsets.add(frame.offsetMicros());
      }
    }
    assertThat(offsets).containsExactly(5_000L, 9_000L, 9_000L, 12_000L);
  }

  /** Replays {@code source} to a recorder on {@code clock} until it has written every frame. */
  private static void record(Path source, Path out, MicrosClock clock, int frames)
      throws Exception {
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withStartOnFirstSubscription(true, Duration.ZERO)
            .withPingInterval(Duration.ofHours(1)); // a ping would be recorded as a frame
    try (ReplayServer server = ReplayServer.fromSession(source, serverConfig).start()) {
      URI url = URI.create(server.url() + "/?token=very-secret");
      try (Recorder recorder =
          Recorder.start(
              FinnhubClientConfig.of(url, "very-secret", SYMBOLS, new TokenPolicy(List.of(), true)),
              out,
              "rec-test",
              clock)) {
        server.awaitFinished(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.framesWritten() >= frames);
      }
    }
  }

  private static String gunzip(Path file) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
