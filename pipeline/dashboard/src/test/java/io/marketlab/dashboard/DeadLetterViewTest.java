package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterViewTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void a_letter_with_rejected_trades_should_show_its_headers_and_frame() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add("reason", "rejected: [1] p: not in (0, 1e9)".getBytes(StandardCharsets.UTF_8));
    headers.add("ingest_id", "ing-1".getBytes(StandardCharsets.UTF_8));
    headers.add("frame_seq", "17".getBytes(StandardCharsets.UTF_8));
    headers.add("index_in_frame", "1".getBytes(StandardCharsets.UTF_8));
    headers.add("rejected_count", "1".getBytes(StandardCharsets.UTF_8));
    headers.add("rejected_indexes", "1".getBytes(StandardCharsets.UTF_8));
    byte[] frame = "{\"type\":\"trade\",\"data\":[{},{\"p\":-1}]}".getBytes(StandardCharsets.UTF_8);

    Map<String, Object> view = DeadLetterView.of(1, 42, 1723161254087L, headers, frame);

    assertThat(json.writeValueAsString(view))
        .isEqualTo(
            "{\"partition\":1,\"offset\":42,\"timestamp\":\"2024-08-08T23:54:14.087Z\","
                + "\"reason\":\"rejected: [1] p: not in (0, 1e9)\",\"category\":\"rejected\","
                + "\"ingestId\":\"ing-1\",\"frameSeq\":17,\"indexInFrame\":1,\"rejectedCount\":1,"
                + "\"rejectedIndexes\":\"1\",\"frameBytes\":"
                + frame.length
                + ",\"frame\":\"{\\\"type\\\":\\\"trade\\\",\\\"data\\\":[{},{\\\"p\\\":-1}]}\","
                + "\"frameShownBytes\":"
                + frame.length
                + ",\"frameCut\":false}");
  }

  @Test
  void a_long_frame_should_be_cut_on_a_character_and_say_its_whole_size() {
    // 1 ASCII byte, then 3-byte characters: byte 2048 falls inside one of them
    String text = "x" + "€".repeat(1000);
    byte[] frame = text.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("reason", "malformed: frame too large (3000001 bytes)");
    headers.put("truncated_from_bytes", "3000001");

    Map<String, Object> view = DeadLetterView.of(0, 0, 0, headers, frame);

    // 1 + 3 * 682 = 2047 bytes: the 683rd euro sign would end at byte 2050
    assertThat((String) view.get("frame")).isEqualTo("x" + "€".repeat(682));
    assertThat(view.get("frameBytes")).isEqualTo(3000001L);
    assertThat(view.get("frameShownBytes")).isEqualTo(2047);
    assertThat(view.get("frameCut")).isEqualTo(true);
    assertThat(view.get("category")).isEqualTo("malformed");
    assertThat(view.get("frameSeq")).isNull();
  }

  @Test
  void a_long_header_should_be_cut_to_its_bound() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("reason", "rejected: " + "[1] p: bad; ".repeat(300));
    headers.put("rejected_indexes", "1,".repeat(2000));

    Map<String, Object> view = DeadLetterView.of(0, 0, 0, headers, new byte[0]);

    assertThat((String) view.get("reason")).hasSize(DeadLetterView.HEADER_CHARS + 1).endsWith("…");
    assertThat((String) view.get("rejectedIndexes"))
        .hasSize(DeadLetterView.HEADER_CHARS + 1)
        .endsWith("…");
  }

  @Test
  void a_frame_that_is_no_utf8_should_show_replacement_characters() {
    Map<String, Object> view =
        DeadLetterView.of(0, 0, 0, Map.of("reason", "malformed: x"), new byte[] {'a', (byte) 0xC3});

    assertThat(view.get("frame")).isEqualTo("a\uFFFD");
  }
}
