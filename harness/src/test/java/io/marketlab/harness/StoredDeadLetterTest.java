package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class StoredDeadLetterTest {

  private static ConsumerRecord<byte[], byte[]> record(String value, String... headers) {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("t.dlq", 1, 42, null, value.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  @Test
  void should_read_the_reason_its_category_and_the_frame_position_from_the_headers() {
    StoredDeadLetter letter =
        StoredDeadLetter.of(
            record(
                "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":-1}]}",
                "reason",
                "rejected: data[0].p: must be > 0",
                "ingest_id",
                "ing-1",
                "frame_seq",
                "17",
                "index_in_frame",
                "0"));

    assertThat(letter.category()).isEqualTo("rejected");
    assertThat(letter.reason()).isEqualTo("rejected: data[0].p: must be > 0");
    assertThat(letter.frameSeq()).isEqualTo(17);
    assertThat(letter.indexInFrame()).isZero();
    assertThat(letter.frameBytes()).isEqualTo(letter.value().length);
    assertThat(letter.position()).isEqualTo("p1:42");
  }

  @Test
  void a_truncated_value_should_keep_the_size_of_the_whole_frame_and_no_reason_reads_as_empty() {
    StoredDeadLetter letter =
        StoredDeadLetter.of(record("{\"type\":", "truncated_from_bytes", "2000000"));

    assertThat(letter.frameBytes()).isEqualTo(2_000_000);
    assertThat(letter.reason()).isEmpty();
    assertThat(letter.category()).isEmpty();
    assertThat(letter.indexInFrame()).isEqualTo(-1);
  }
}
