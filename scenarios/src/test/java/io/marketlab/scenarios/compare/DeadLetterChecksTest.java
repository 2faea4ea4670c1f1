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
  void the_same_frame_twice_should_need_two_records_and_each_must_name_all_its_rejected_trades() {
    String frame =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":-1,\"t\":1,\"v\":1},{\"p\":1}]}";
    List<ReferenceDeadLetter> expected =
        List.of(
            ReferenceDeadLetter.rejected(7, frame, List.of(0, 1)),
            ReferenceDeadLetter.rejected(8, frame, List.of(0, 1)));

    Check check =
        DeadLetterChecks.matches(
            expected,
            List.of(rejected(0, frame, List.of(0, 1), 2), rejected(1, frame, List.of(0), 1)));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail())
        .isEqualTo(
            "1 difference(s): (session frame #8 trade 0 `"
                + frame.substring(0, 60)
                + "…`: rejected trades expected 2 [0, 1], got rejected_count 1 rejected_indexes"
                + " [0] at p0:1)");
  }

  @Test
  void a_frame_with_one_letter_per_rejected_trade_should_fail_with_the_extra_letters_named() {
    String frame =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":-1,\"t\":1,\"v\":1},{\"p\":1}]}";

    Check check =
        DeadLetterChecks.matches(
            List.of(ReferenceDeadLetter.rejected(7, frame, List.of(0, 1))),
            List.of(rejected(0, frame, List.of(0), 1), stored(1, "rejected: s", 1, frame, 99)));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).contains("not in the reference: p0:1 trade 1");
  }

  @Test
  void a_capped_index_list_should_match_when_it_is_the_head_of_the_expected_one() {
    String frame = "{\"type\":\"trade\",\"data\":[{},{},{}]}";

    Check check =
        DeadLetterChecks.matches(
            List.of(ReferenceDeadLetter.rejected(2, frame, List.of(0, 1, 2))),
            List.of(rejected(0, frame, List.of(0, 1), 3)));

    assertThat(check.passed()).as(check.oneLine()).isTrue();
  }

  private static StoredDeadLetter rejected(
      long offset, String frame, List<Integer> indexes, int count) {
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    return new StoredDeadLetter(
        0, offset, "rejected: ...", offset, indexes.get(0), bytes, bytes.length, indexes, count);
  }
}
