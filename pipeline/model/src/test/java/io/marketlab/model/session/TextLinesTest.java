package io.marketlab.model.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TextLinesTest {

  private static List<String> all(TextLines lines) {
    List<String> out = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      out.add(line);
    }
    return out;
  }

  private static TextLines plain(byte[] bytes, int max) {
    return TextLines.plain(new ByteArrayInputStream(bytes), "in.txt", max);
  }

  static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void should_split_lines_as_buffered_reader_does() throws Exception {
    String text = "a\nb\r\nc\rd\n\ne\r\r\nlast without end";
    List<String> expected = new BufferedReader(new StringReader(text)).lines().toList();
    assertThat(all(plain(text.getBytes(StandardCharsets.UTF_8), 100))).isEqualTo(expected);
  }

  @Test
  void should_decode_utf8_and_refuse_what_is_not_utf8_naming_the_line() {
    byte[] good = "ünï€ode 😀\n".getBytes(StandardCharsets.UTF_8);
    assertThat(all(plain(good, 100))).containsExactly("ünï€ode 😀");

    byte[] bad = "ok\nab\u00ffc\n".getBytes(StandardCharsets.ISO_8859_1);
    TextLines lines = plain(bad, 100);
    assertThat(lines.readLine()).isEqualTo("ok");
    assertThatThrownBy(lines::readLine)
        .isInstanceOf(BadLineException.class)
        .hasMessage("in.txt:2: not UTF-8 text: invalid byte sequence at byte 3 of the line (0xff)")
        .extracting(e -> ((BadLineException) e).kind())
        .isEqualTo(BadLineException.Kind.INVALID_UTF8);
  }

  @Test
  void should_refuse_an_encoded_surrogate_and_an_overlong_encoding() {
    byte[] surrogate = {'x', (byte) 0xed, (byte) 0xa0, (byte) 0x80};
    assertThatThrownBy(() -> plain(surrogate, 100).readLine())
        .isInstanceOf(BadLineException.class)
        .hasMessageContaining("in.txt:1: not UTF-8");
    byte[] overlong = {(byte) 0xc0, (byte) 0xaf};
    assertThatThrownBy(() -> plain(overlong, 100).readLine()).isInstanceOf(BadLineException.class);
  }

  @Test
  void should_refuse_a_long_line_and_go_on_at_the_next() {
    byte[] bytes = ("12345\n" + "x".repeat(50) + "\nnext\n").getBytes(StandardCharsets.UTF_8);
    TextLines lines = plain(bytes, 10);
    assertThat(lines.readLine()).isEqualTo("12345");
    assertThatThrownBy(lines::readLine)
        .isInstanceOf(BadLineException.class)
        .hasMessage("in.txt:2: line longer than 10 bytes");
    assertThat(lines.readLine()).isEqualTo("next");
    assertThat(lines.lineNumber()).isEqualTo(3);
    assertThat(lines.readLine()).isNull();
  }

  @Test
  void should_read_a_truncated_gzip_up_to_the_damage_and_drop_the_partial_line() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i).append(' ').append(i * 7919L % 100_003).append('\n');
    }
    byte[] whole = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
    int cut = whole.length / 2;
    byte[] truncated = Arrays.copyOf(whole, cut);

    TextLines lines = TextLines.gzip(new ByteArrayInputStream(truncated), "rec.gz", 1000);
    List<String> read = all(lines);

    List<String> expected = text.toString().lines().toList();
    assertThat(read).isNotEmpty().isEqualTo(expected.subList(0, read.size()));
    assertThat(read.size()).isLessThan(expected.size());
    GzipDamage damage = lines.damage().orElseThrow();
    assertThat(damage.compressedOffset()).isEqualTo(cut);
    assertThat(damage.lines()).isEqualTo(read.size());
    // The next line was started: its bytes before the cut are the dropped part, never a line.
    String partial = expected.get(read.size());
    assertThat(damage.droppedBytes()).isBetween(0L, (long) partial.length());
    assertThat(damage.describe())
        .startsWith("rec.gz: damaged gzip at compressed byte " + cut + " (")
        .contains("read the " + read.size() + " complete lines before it");
  }

  @Test
  void should_report_corrupt_gzip_data_as_damage_at_its_offset() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      text.append(i).append(",").append(i * 31L).append('\n');
    }
    byte[] bytes = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
    for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
      bytes[i] = (byte) 0xff;
    }
    TextLines lines = TextLines.gzip(new ByteArrayInputStream(bytes), "c.gz", 1000);
    List<String> read = all(lines);
    List<String> expected = text.toString().lines().toList();
    assertThat(read).isEqualTo(expected.subList(0, read.size()));
    GzipDamage damage = lines.damage().orElseThrow();
    assertThat(damage.compressedOffset()).isBetween(1L, (long) bytes.length);
  }

  @Test
  void should_treat_a_gzip_cut_inside_its_header_as_damage_before_any_line() throws Exception {
    byte[] head = Arrays.copyOf(gzip("a\n".getBytes(StandardCharsets.UTF_8)), 5);
    TextLines lines = TextLines.gzip(new ByteArrayInputStream(head), "h.gz", 100);
    assertThat(lines.readLine()).isNull();
    assertThat(lines.damage()).get().extracting(GzipDamage::lines).isEqualTo(0L);
  }

  @Test
  void should_refuse_a_file_that_is_not_gzip_at_all() {
    TextLines lines =
        TextLines.gzip(
            new ByteArrayInputStream("plain text\n".getBytes(StandardCharsets.UTF_8)), "p.gz", 100);
    assertThatThrownBy(lines::readLine)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("p.gz:1: cannot read");
  }

  @Test
  void should_read_an_intact_gzip_whole_without_damage() throws Exception {
    byte[] bytes = gzip("a\nb".getBytes(StandardCharsets.UTF_8));
    TextLines lines = TextLines.gzip(new ByteArrayInputStream(bytes), "ok.gz", 100);
    assertThat(all(lines)).containsExactly("a", "b");
    assertThat(lines.damage()).isEmpty();
  }
}
