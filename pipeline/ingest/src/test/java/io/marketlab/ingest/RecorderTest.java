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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "BINANCE:BTCUSDT");

  @TempDir Path dir;

  @Test
  void should_record_every_frame_in_order_with_offsets_and_never_the_token() throws Exception {
    TestSessions.Generated session = TestSessions.generate(21, 50, 2_000, SYMBOLS);
    Path source = TestSessions.write(dir.resolve("src.session.gz"), SYMBOLS, session.frames());
    Path out = dir.resolve("rec.session.gz");
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults().withStartOnFirstSubscription(true, Duration.ofMillis(200));

    try (ReplayServer server = ReplayServer.fromSession(source, serverConfig).start()) {
      URI url = URI.create(server.url() + "/?token=very-secret");
      try (Recorder recorder =
          Recorder.start(FinnhubClientConfig.of(url, "very-secret", SYMBOLS), out, "rec-test")) {
        server.awaitFinished(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.framesWritten() >= 50);
      }
    }

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
    long previous = 0;
    for (SessionFrame frame : recorded) {
      texts.add(frame.text());
      assertThat(frame.offsetMicros()).isGreaterThanOrEqualTo(previous);
      previous = frame.offsetMicros();
    }
    List<String> expected = new ArrayList<>();
    for (SessionFrame frame : session.frames()) {
      expected.add(frame.text());
    }
    assertThat(texts).isEqualTo(expected);
    // Recorded spacing follows the replay: the 49 gaps of 2 ms take at least ~98 ms in total.
    assertThat(recorded.get(49).offsetMicros() - recorded.get(0).offsetMicros())
        .isGreaterThan(90_000);
    assertThat(gunzip(out)).doesNotContain("very-secret");
  }

  private static String gunzip(Path file) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
