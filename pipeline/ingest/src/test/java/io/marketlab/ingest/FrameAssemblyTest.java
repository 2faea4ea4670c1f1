package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameAssemblyTest {

  @Test
  void should_join_parts_under_the_limit_whole() {
    FrameAssembly assembly = new FrameAssembly(10);
    assembly.append("{\"a\":");
    assembly.append("\"é\"}");

    FrameAssembly.Frame frame = assembly.finish();

    assertThat(frame.text()).isEqualTo("{\"a\":\"é\"}");
    assertThat(frame.tooLarge()).isFalse();
    assertThat(assembly.finish().text()).isEmpty();
  }

  @Test
  void should_count_utf8_bytes_not_chars_against_the_limit() {
    FrameAssembly assembly = new FrameAssembly(8);
    assembly.append("ééé"); // 6 bytes
    assembly.append("€"); // 3 bytes: 9 > 8

    FrameAssembly.Frame frame = assembly.finish();

    assertThat(frame.tooLarge()).isTrue();
    assertThat(frame.reason()).startsWith("frame too large: 9 bytes (4 chars)");
    assertThat(FrameAssembly.utf8Length("a\u00e9\u20ac\ud83d\ude00")).isEqualTo(1 + 2 + 3 + 4);
  }

  @Test
  void should_hold_no_more_than_the_head_of_a_message_of_any_size() {
    int limit = 1 << 20;
    FrameAssembly assembly = new FrameAssembly(limit);
    String part = "x".repeat(64 * 1024);
    long parts = 64 * 16; // 64 MiB in all

    for (long i = 0; i < parts; i++) {
      assembly.append(part);
    }
    FrameAssembly.Frame frame = assembly.finish();

    assertThat(frame.tooLarge()).isTrue();
    assertThat(frame.text()).hasSize(FrameAssembly.HEAD_CHARS);
    assertThat(frame.reason())
        .isEqualTo(
            "frame too large: "
                + parts * part.length()
                + " bytes ("
                + parts * part.length()
                + " chars) in its fragments, more than the limit of "
                + limit
                + " bytes; kept its first "
                + FrameAssembly.HEAD_CHARS
                + " chars");
  }

  @Test
  void should_not_cut_a_surrogate_pair_in_the_head() {
    FrameAssembly assembly = new FrameAssembly(4);
    StringBuilder text = new StringBuilder("x".repeat(FrameAssembly.HEAD_CHARS - 1));
    text.append("\ud83d\ude00");

    assembly.append(text);
    FrameAssembly.Frame frame = assembly.finish();

    assertThat(frame.text()).hasSize(FrameAssembly.HEAD_CHARS - 1).doesNotContain("\ud83d");
  }
}
