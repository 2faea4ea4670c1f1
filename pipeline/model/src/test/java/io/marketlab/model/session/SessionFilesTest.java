package io.marketlab.model.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFilesTest {

  @TempDir Path dir;

  private static SessionHeader header() {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("importer", "test");
    notes.put("a", "1");
    return new SessionHeader(
        "demo",
        List.of("BINANCE:BTCUSDT", "SPY"),
        "unit-test",
        "written by SessionFilesTest",
        "MIT",
        Instant.parse("2024-08-08T23:54:14.087896Z"),
        notes);
  }

  private static List<SessionFrame> readAll(Path file) {
    try (SessionReader reader = SessionReader.open(file)) {
      List<SessionFrame> frames = new ArrayList<>();
      for (SessionFrame frame : reader) {
        frames.add(frame);
      }
      return frames;
    }
  }

  private static List<String> rawLines(Path file) throws Exception {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return in.lines().toList();
    }
  }

  private Path plain(String content) throws Exception {
    Path file = dir.resolve("hand.session");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void should_round_trip_header_and_frames() {
    Path file = dir.resolve("s.session.gz");
    String trade =
        FinnhubCodec.tradeFrame(
            List.of(new TradeTick("BINANCE:BTCUSDT", 61837.63, 0.02, 1723161255342L, null)));
    List<SessionFrame> written =
        List.of(
            new SessionFrame(0, trade),
            new SessionFrame(1_000, FinnhubCodec.ping()),
            new SessionFrame(2_500_000, "{\"type\":\"error\",\"msg\":\"Invalid symbol X\"}"));
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      for (SessionFrame frame : written) {
        writer.write(frame);
      }
      assertThat(writer.frameCount()).isEqualTo(3);
    }
    try (SessionReader reader = SessionReader.open(file)) {
      assertThat(reader.header()).isEqualTo(header());
      assertThat(reader.header().notes().keySet()).containsExactly("importer", "a");
      assertThat(reader.stream().toList()).isEqualTo(written);
    }
  }

  @Test
  void should_write_exactly_the_documented_line_format() throws Exception {
    Path file = dir.resolve("s.session.gz");
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      writer.write(0, "{\"type\":\"ping\"}");
      writer.write(17, "{\"type\":\"ping\"}");
    }
    List<String> lines = rawLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith(
            "#market-lab-session 1 {\"name\":\"demo\",\"symbols\":[\"BINANCE:BTCUSDT\",\"SPY\"]")
        .contains("\"start_time\":\"2024-08-08T23:54:14.087896Z\"")
        .contains("\"licence\":\"MIT\"");
    assertThat(lines.subList(1, 3))
        .containsExactly("0 {\"type\":\"ping\"}", "17 {\"type\":\"ping\"}");
  }

  @Test
  void should_escape_frames_with_line_breaks_or_a_leading_tilde() throws Exception {
    Path file = dir.resolve("s.session.gz");
    List<String> texts =
        List.of("{\"a\":\n1}", "line\r\nbreak", "~starts with tilde", "mid~tilde", "", "ünï€ode\n");
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      for (String text : texts) {
        writer.write(5, text);
      }
    }
    List<String> lines = rawLines(file);
    String expectedFirst =
        "5 ~"
            + java.util.Base64.getEncoder()
                .encodeToString("{\"a\":\n1}".getBytes(StandardCharsets.UTF_8));
    assertThat(lines.get(1)).isEqualTo(expectedFirst);
    assertThat(lines.get(3)).startsWith("5 ~").doesNotContain("starts");
    assertThat(lines.get(4)).isEqualTo("5 mid~tilde");
    assertThat(lines.get(5)).isEqualTo("5 ");
    assertThat(readAll(file)).extracting(SessionFrame::text).isEqualTo(texts);
  }

  @Test
  void should_keep_two_trades_in_the_same_millisecond() {
    Path file = dir.resolve("s.session.gz");
    TradeTick tick = new TradeTick("SPY", 167.41, 100, 1381132800464L, List.of("@"));
    String frame = FinnhubCodec.tradeFrame(List.of(tick, tick));
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      writer.write(464_000, frame);
      writer.write(464_000, FinnhubCodec.tradeFrame(List.of(tick)));
    }
    SessionStats stats = SessionReader.stats(file);
    assertThat(stats.frames()).isEqualTo(2);
    assertThat(stats.trades()).isEqualTo(3);
    assertThat(stats.tradesBySymbol()).containsExactly(Map.entry("SPY", 3L));
    assertThat(stats.firstOffsetMicros()).isEqualTo(464_000);
  }

  @Test
  void should_refuse_a_decreasing_offset_when_writing() {
    Path file = dir.resolve("s.session.gz");
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      writer.write(10, "a");
      assertThatThrownBy(() -> writer.write(9, "b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("non-decreasing");
    }
  }

  @Test
  void should_count_frames_trades_and_price_updates() {
    Path file = dir.resolve("s.session.gz");
    try (SessionWriter writer = SessionWriter.create(file, header())) {
      writer.write(
          0,
          FinnhubCodec.tradeFrame(
              List.of(
                  new TradeTick("A", 1, 1, 1723161255342L, null),
                  new TradeTick("B", 1, 0, 1723161255342L, null))));
      writer.write(1, FinnhubCodec.ping());
      writer.write(
          2, "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":-1,\"t\":1723161255342,\"v\":1}]}");
    }
    SessionStats stats = SessionReader.stats(file);
    assertThat(stats.frames()).isEqualTo(3);
    assertThat(stats.tradeFrames()).isEqualTo(2);
    assertThat(stats.trades()).isEqualTo(2);
    assertThat(stats.priceUpdates()).isEqualTo(1);
    assertThat(stats.rejectedTrades()).isEqualTo(1);
    assertThat(stats.otherFrames()).isEqualTo(1);
    assertThat(stats.lastOffsetMicros()).isEqualTo(2);
  }

  @Test
  void should_read_an_uncompressed_hand_written_session() throws Exception {
    Path file =
        plain(
            "#market-lab-session 1 {\"name\":\"x\",\"start_time\":\"2024-01-01T00:00:00Z\"}\n"
                + "0 {\"type\":\"ping\"}\n");
    try (SessionReader reader = SessionReader.open(file)) {
      assertThat(reader.header().symbols()).isEmpty();
      assertThat(reader.header().licence()).isEmpty();
      assertThat(reader.stream().toList())
          .containsExactly(new SessionFrame(0, "{\"type\":\"ping\"}"));
    }
  }

  @Test
  void should_name_file_and_line_for_a_missing_magic() throws Exception {
    Path file = plain("{\"name\":\"x\"}\n");
    assertThatThrownBy(() -> SessionReader.open(file))
        .isInstanceOf(SessionFormatException.class)
        .hasMessageContaining(file + ":1:");
  }

  @Test
  void should_name_file_and_line_for_a_bad_header() throws Exception {
    Path noStart = plain("#market-lab-session 1 {\"name\":\"x\"}\n");
    assertThatThrownBy(() -> SessionReader.open(noStart))
        .hasMessageContaining(":1: bad header: header field 'start_time' is missing");
    Path notJson = plain("#market-lab-session 1 {oops\n");
    assertThatThrownBy(() -> SessionReader.open(notJson)).hasMessageContaining(":1: bad header");
  }

  @Test
  void should_name_file_and_line_for_bad_frame_lines() throws Exception {
    String head =
        "#market-lab-session 1 {\"name\":\"x\",\"start_time\":\"2024-01-01T00:00:00Z\"}\n0 a\n";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("noSpace\n", "expected '<offset_us> <frame>'");
    cases.put("12x b\n", "offset is not an integer");
    cases.put("-5 b\n", "offset is negative");
    cases.put("~ b\n", "offset is not an integer");
    cases.put("5 ~***\n", "not valid base64");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = plain(head + c.getKey());
      assertThatThrownBy(() -> readAll(file))
          .as(c.getKey())
          .isInstanceOf(SessionFormatException.class)
          .hasMessageContaining(file + ":3: ")
          .hasMessageContaining(c.getValue());
    }
    Path backwards = plain(head + "10 b\n9 c\n");
    assertThatThrownBy(() -> readAll(backwards)).hasMessageContaining(":4: offset 9 µs is before");
  }

  @Test
  void should_read_a_gzip_file_written_by_another_tool() throws Exception {
    Path file = dir.resolve("other.session.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(
          ("#market-lab-session 1 {\"name\":\"o\",\"start_time\":\"2024-01-01T00:00:00Z\",\"future\":1}\n"
                  + "3 {\"type\":\"ping\"}\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(readAll(file)).containsExactly(new SessionFrame(3, "{\"type\":\"ping\"}"));
  }
}
