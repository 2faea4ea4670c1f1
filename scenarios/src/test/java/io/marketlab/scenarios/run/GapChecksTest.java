package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredGap;
import io.marketlab.harness.StoredMark;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import io.marketlab.scenarios.compare.GapChecks;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceGap;
import io.marketlab.scenarios.report.Check;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapChecksTest {

  private static final long T0 = 1_723_161_600_000L;

  @TempDir Path dir;

  /** The gap rows a correct pipeline stores for this reference. */
  static List<StoredGap> storedAsExpected(Reference reference) {
    List<StoredGap> rows = new ArrayList<>();
    for (ReferenceGap gap : reference.gaps()) {
      rows.add(
          new StoredGap(
              gap.symbol(), gap.category() + ": detail", "ing-1", gap.fromMs(), gap.toMs(), 1, 2));
    }
    return rows;
  }

  /** The incomplete marks a correct pipeline stores for this reference (candles only). */
  static List<StoredMark> marksAsExpected(Reference reference) {
    List<StoredMark> marks = new ArrayList<>();
    for (ReferenceCandle.Key key : reference.incompleteCandles()) {
      marks.add(new StoredMark(key.symbol(), key.resolution().label(), key.windowStartMs(), true));
    }
    return marks;
  }

  private Reference withOneDrop() {
    Path file = dir.resolve("s.session.gz");
    SessionHeader header =
        new SessionHeader(
            "t", List.of("A"), "test", "unit test", "none", Instant.ofEpochMilli(T0), Map.of());
    try (SessionWriter writer = SessionWriter.create(file, header)) {
      long[] times = {500, 1_500, 2_500, 3_500};
      for (int i = 0; i < times.length; i++) {
        writer.write(
            new SessionFrame(
                i,
                "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":10,\"t\":"
                    + (T0 + times[i])
                    + ",\"v\":1}]}"));
      }
    }
    return ReferenceCalculator.compute(
        file,
        ReferenceCalculator.Options.defaults(),
        new ReferenceCalculator.Deliveries(
            List.of(
                new ReferenceCalculator.Delivery(0, 1, null),
                new ReferenceCalculator.Delivery(1, 1, null),
                new ReferenceCalculator.Delivery(3, 2, null)),
            Set.of(1)));
  }

  @Test
  void should_pass_when_every_gap_is_stored_with_its_bounds_and_its_candles_are_marked() {
    Reference reference = withOneDrop();

    assertThat(GapChecks.gaps(reference.gaps(), storedAsExpected(reference)).passed()).isTrue();
    assertThat(GapChecks.incomplete(reference, marksAsExpected(reference)).passed()).isTrue();
  }

  @Test
  void should_name_a_missing_gap_and_one_with_a_wrong_bound() {
    Reference reference = withOneDrop();
    List<StoredGap> stored = new ArrayList<>(storedAsExpected(reference));
    StoredGap reconnect = stored.remove(1);
    stored.add(
        new StoredGap(
            reconnect.symbol(),
            reconnect.reason(),
            "ing-1",
            reconnect.fromMs() - 1,
            reconnect.toMs(),
            1,
            2));

    Check check = GapChecks.gaps(reference.gaps(), stored);

    assertThat(check.passed()).isFalse();
    assertThat(check.detail())
        .contains("missing 1 (A reconnect 2024-08-09T00:00:01.500Z .. 2024-08-09T00:00:03.500Z)")
        .contains("unexpected 1 (A reconnect 2024-08-09T00:00:01.499Z");
    assertThat(GapChecks.gaps(reference.gaps(), List.of()).passed()).isFalse();
  }

  @Test
  void should_name_an_unmarked_candle_a_complete_one_marked_and_a_mark_outside_every_gap() {
    Reference reference = withOneDrop();
    List<StoredMark> marks = new ArrayList<>(marksAsExpected(reference));
    // The 1s window at 1 s holds the gap's start: drop its mark.
    marks.remove(new StoredMark("A", "1s", T0 + 1_000, true));
    // A mark-only row inside the gap (2 s, no trade arrived) is fine; one far after it is not.
    marks.add(new StoredMark("A", "1s", T0 + 2_000, false));
    marks.add(new StoredMark("A", "1s", T0 + 9_000, false));

    Check check = GapChecks.incomplete(reference, marks);

    assertThat(check.passed()).isFalse();
    assertThat(check.detail())
        .contains("not marked 1 (A 1s 2024-08-09T00:00:01Z)")
        .contains("marks outside every gap 1 (A 1s 2024-08-09T00:00:09Z)");
  }
}
