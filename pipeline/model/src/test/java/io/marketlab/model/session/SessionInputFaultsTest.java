package io.marketlab.model.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session files that are damaged, not UTF-8, or not storable: issue 13's input findings. */
class SessionInputFaultsTest {

  @TempDir Path dir;

  private static SessionHeader header() {
    return new SessionHeader(
        "faults",
        List.of("SPY"),
        "unit-test",
        "SessionInputFaultsTest",
        "MIT",
        Instant.parse("2013-10-07T13:30:00Z"),
        Map.of());
  }

  private static List<SessionFrame> frames(int count) {
    List<SessionFrame> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TradeTick tick =
          new TradeTick("SPY", 167.41 + (i % 97) / 100.0, 100 + i % 13, 1381152600000L + i, null);
      frames.add(new SessionFrame(i * 1_000L, FinnhubCodec.tradeFrame(List.of(tick))));
    }
    return frames;
  }

  private Path write(List<SessionFrame> frames) {
    Path file = dir.resolve("rec.session.gz");
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      for (SessionFrame frame : frames) {
        writer.write(frame);
      }
    }
    return file;
  }

  private static List<SessionFrame> readAll(SessionReader reader) {
    List<SessionFrame> read = new ArrayList<>();
    for (SessionFrame frame : reader) {
      read.add(frame);
    }
    return read;
  }

  // Failed before: the reader threw "Unexpected end of ZLIB input stream" and no frame was usable.
  @Test
  void should_read_a_killed_recording_up_to_the_damage() throws Exception {
    List<SessionFrame> written = frames(30_000);
    Path file = write(written);
    byte[] whole = Files.readAllBytes(file);
    int cut = (int) (whole.length * 0.6);
    Files.write(file, Arrays.copyOf(whole, cut));

    try (SessionReader reader = SessionReader.open(file)) {
      assertThat(reader.header()).isEqualTo(header());
      List<SessionFrame> read = readAll(reader);
      assertThat(read.size()).isGreaterThan(1000).isLessThan(written.size());
      assertThat(read).isEqualTo(written.subList(0, read.size()));
      GzipDamage damage = reader.damage().orElseThrow();
      assertThat(damage.compressedOffset()).isEqualTo(cut);
      assertThat(damage.lines()).isEqualTo(read.size() + 1); // + the header line
      assertThat(damage.name()).isEqualTo(file.toString());
    }
    SessionStats stats = SessionReader.stats(file);
    assertThat(stats.frames()).isLessThan(written.size()).isGreaterThan(1000);
  }

  @Test
  void should_say_where_a_recording_cut_before_its_header_line_ends() throws Exception {
    Path file = write(frames(1));
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, 12));
    assertThatThrownBy(() -> SessionReader.open(file))
        .isInstanceOf(SessionFormatException.class)
        .hasMessageContaining(file + ":1: not a session file: ")
        .hasMessageContaining("damaged gzip at compressed byte");
  }

  @Test
  void should_have_no_damage_for_an_intact_file() {
    Path file = write(frames(10));
    try (SessionReader reader = SessionReader.open(file)) {
      assertThat(readAll(reader)).hasSize(10);
      assertThat(reader.damage()).isEmpty();
    }
  }

  // Failed before: the 0xff byte became U+FFFD and the frame was returned changed.
  @Test
  void should_refuse_a_line_that_is_not_utf8_naming_file_and_line() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(
        (SessionFormat.headerLine(header()) + "\n0 {\"type\":\"ping\"}\n")
            .getBytes(StandardCharsets.UTF_8));
    bytes.write("5 {\"type\":\"error\",\"msg\":\"".getBytes(StandardCharsets.UTF_8));
    bytes.write(new byte[] {(byte) 0xc3, (byte) 0x28});
    bytes.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("bad.session");
    Files.write(file, bytes.toByteArray());
    try (SessionReader reader = SessionReader.open(file)) {
      assertThat(reader.readFrame().text()).isEqualTo("{\"type\":\"ping\"}");
      assertThatThrownBy(reader::readFrame)
          .isInstanceOf(SessionFormatException.class)
          .hasMessageStartingWith(file + ":3: not UTF-8 text: invalid byte sequence at byte 26");
    }
  }

  // Failed before: the escaped bytes were decoded with replacement characters.
  @Test
  void should_refuse_an_escaped_frame_whose_bytes_are_not_utf8() throws Exception {
    String escaped =
        "~" + Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xff, '\n', '}'});
    Path file = dir.resolve("escaped.session");
    Files.writeString(file, SessionFormat.headerLine(header()) + "\n0 " + escaped + "\n");
    try (SessionReader reader = SessionReader.open(file)) {
      assertThatThrownBy(reader::readFrame)
          .isInstanceOf(SessionFormatException.class)
          .hasMessage(file + ":2: escaped frame is not UTF-8 text once decoded from base64");
    }
  }

  // Failed before: the writer wrote '?' for the lone surrogate, a frame that was never received.
  @Test
  void should_refuse_to_write_a_frame_that_is_not_unicode_text() {
    Path file = dir.resolve("w.session.gz");
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      writer.write(0, "{\"ok\":\"😀\"}");
      assertThatThrownBy(() -> writer.write(1, "{\"msg\":\"\ud800\"}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "session "
                  + file
                  + ": frame 1 (offset 1 µs) holds an unpaired surrogate at char 8, which is not"
                  + " Unicode text");
    }
    try (SessionReader reader = SessionReader.open(file)) {
      assertThat(readAll(reader)).extracting(SessionFrame::text).containsExactly("{\"ok\":\"😀\"}");
    }
  }

  @Test
  void should_refuse_to_write_a_frame_longer_than_a_reader_accepts() {
    String huge = "x".repeat(SessionFormat.MAX_LINE_BYTES);
    try (SessionWriter writer = SessionWriter.create(dir.resolve("h.session.gz"), header())) {
      assertThatThrownBy(() -> writer.write(0, huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs a line of " + (SessionFormat.MAX_LINE_BYTES + 2) + " bytes");
      assertThat(writer.frameCount()).isZero();
    }
  }
}
