package io.marketlab.scenarios.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredDeadLetter;
import io.marketlab.scenarios.reference.ReferenceDeadLetter;
import io.marketlab.scenarios.report.Check;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterChecksTest {

  private static final String HUGE =
      "{\"type\":\"trade\",\"data\":\"" + "x".repeat(1_100_000) + "\"}";

  private static StoredDeadLetter stored(
      long offset, String reason, int index, String frame, int keep) {
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    return new StoredDeadLetter(
        0,
        offset,
        reason,
        offset,
        index,
        Arrays.copyOf(bytes, Math.min(keep, bytes.length)),
        bytes.length);
  }

  @Test
  void a_frame_kept_only_as_its_head_should_still_match_its_expected_dead_letter() {
    Check check =
        DeadLetterChecks.matches(
            List.of(new ReferenceDeadLetter("malformed", 3, -1, HUGE)),
            List.of(stored(0, "malformed: frame too large: 1100025 bytes", -1, HUGE, 256 * 1024)));

    assertThat(check.passed()).as(check.oneLine()).isTrue();
    assertThat(check.actual()).isEqualTo("1 {malformed=1}");
  }

  @Test
  void the_same_frame_twice_should_need_two_records_and_another_trade_index_is_another_letter() {
    String frame =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":-1,\"t\":1,\"v\":1},{\"p\":1}]}";
    List<ReferenceDeadLetter> expected =
        List.of(
            new ReferenceDeadLetter("rejected", 7, 0, frame),
            new ReferenceDeadLetter("rejected", 7, 1, frame),
            new ReferenceDeadLetter("rejected", 8, 0, frame));

    Check check =
        DeadLetterChecks.matches(
            expected,
            List.of(
                stored(0, "rejected: p must be > 0", 0, frame, Integer.MAX_VALUE),
                stored(1, "rejected: s missing", 1, frame, Integer.MAX_VALUE)));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail())
        .isEqualTo(
            "1 difference(s): (missing session frame #8 trade 0 `"
                + frame.substring(0, 60)
                + "…` 'rejected')");
  }
}
