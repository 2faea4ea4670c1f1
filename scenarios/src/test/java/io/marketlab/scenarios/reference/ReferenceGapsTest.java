package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's expectation for a run with drops, from the frames the server actually sent. */
class ReferenceGapsTest {

  private static final long T0 = 1_723_161_600_000L; // 2024-08-09T00:00:00Z

  @TempDir Path dir;

  private Path session(String... frames) {
    Path file = dir.resolve("s.session.gz");
    SessionHeader header =
        new SessionHeader(
            "t",
            List.of("A", "B"),
            "test",
            "unit test",
            "none",
            // received after the last trade time: no trade is future-dated against its receipt
            Instant.ofEpochMilli(T0 + 10_000),
            Map.of());
    try (SessionWriter writer = SessionWriter.create(file, header)) {
      long offset = 0;
      for (String frame : frames) {
        writer.write(new SessionFrame(offset++, frame));
      }
    }
    return file;
  }

  private static String frame(String symbol, double price, long time) {
    return "{\"type\":\"trade\",\"data\":[{\"s\":\""
        + symbol
        + "\",\"p\":"
        + price
        + ",\"t\":"
        + time
        + ",\"v\":1}]}";
  }

  private static ReferenceCalculator.Delivery on(long index, int connection) {
    return new ReferenceCalculator.Delivery(index, connection, null);
  }

  private static ReferenceCandle.Key key(String symbol, Resolution resolution, long start) {
    return new ReferenceCandle.Key(symbol, resolution, start);
  }

  /*
   * Frames (trade time after T0): 0 A 0.5 s, 1 B 0.9 s, 2 A 1.2 s on connection 1; cut; frames 3
   * (A 2.1 s) and 4 (B 2.5 s) due while nobody was connected, never sent; 5 A 3.7 s, 6 B 4.0 s on
   * connection 2; cut; 7 A 5.5 s on connection 3, and B never trades again.
   */
  private Path sixSeconds() {
    return session(
        frame("A", 10, T0 + 500),
        frame("B", 20, T0 + 900),
        frame("A", 11, T0 + 1_200),
        frame("A", 12, T0 + 2_100),
        frame("B", 21, T0 + 2_500),
        frame("A", 13, T0 + 3_700),
        frame("B", 22, T0 + 4_000),
        frame("A", 14, T0 + 5_500));
  }

  private static ReferenceCalculator.Deliveries twoDrops() {
    return new ReferenceCalculator.Deliveries(
        List.of(on(0, 1), on(1, 1), on(2, 1), on(5, 2), on(6, 2), on(7, 3)), Set.of(1, 2));
  }

  @Test
  void should_expect_a_gap_per_symbol_from_its_last_trade_before_each_cut_to_its_first_after() {
    Reference reference =
        ReferenceCalculator.compute(
            sixSeconds(), ReferenceCalculator.Options.defaults(), twoDrops());

    assertThat(reference.gaps())
        .containsExactlyInAnyOrder(
            new ReferenceGap("A", "ingest-start", null, T0 + 500),
            new ReferenceGap("B", "ingest-start", null, T0 + 900),
            new ReferenceGap("A", "reconnect", T0 + 1_200, T0 + 3_700),
            new ReferenceGap("B", "reconnect", T0 + 900, T0 + 4_000),
            new ReferenceGap("A", "reconnect", T0 + 3_700, T0 + 5_500),
            // B's last trade came on connection 2, which was cut: open until the run ended.
            new ReferenceGap("B", "reconnect", T0 + 4_000, null));
    // Frames 3 and 4 were due while nobody was connected: not stored, not expected.
    assertThat(reference.trades()).hasSize(6);
    assertThat(reference.trades()).extracting(ReferenceTrade::price).doesNotContain(12.0, 21.0);
  }

  @Test
  void should_expect_incomplete_exactly_the_candles_whose_window_meets_a_gap() {
    Reference reference =
        ReferenceCalculator.compute(
            sixSeconds(), ReferenceCalculator.Options.defaults(), twoDrops());

    // By hand: A's 1s candles at 0 s, 1 s, 3 s, 5 s; its gaps span [0.5], [1.2, 3.7], [3.7, 5.5]:
    // every one of them meets a gap. B's 1s candles at 0 s and 4 s: [0.9], [0.9, 4.0], [4.0].
    // Each symbol's only 1m and 1h candle holds its first trade (the ingest-start gap).
    assertThat(reference.incompleteCandles())
        .containsExactlyInAnyOrder(
            key("A", Resolution.S1, T0),
            key("A", Resolution.S1, T0 + 1_000),
            key("A", Resolution.S1, T0 + 3_000),
            key("A", Resolution.S1, T0 + 5_000),
            key("B", Resolution.S1, T0),
            key("B", Resolution.S1, T0 + 4_000),
            key("A", Resolution.M1, T0),
            key("B", Resolution.M1, T0),
            key("A", Resolution.H1, T0),
            key("B", Resolution.H1, T0));
  }

  @Test
  void should_leave_candles_between_gaps_complete_on_one_connection() {
    Path file =
        session(
            frame("A", 10, T0 + 500),
            frame("A", 11, T0 + 1_500),
            frame("A", 12, T0 + 2_500),
            frame("A", 13, T0 + 3_500));
    ReferenceCalculator.Deliveries oneCut =
        new ReferenceCalculator.Deliveries(
            List.of(on(0, 1), on(1, 1), on(2, 2), on(3, 2)), Set.of(1));

    Reference reference =
        ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults(), oneCut);

    // The gap spans [1.5 s, 2.5 s]: the 1s windows 1 s and 2 s; the first (0 s) has the start
    // gap; the window at 3 s meets none.
    assertThat(reference.gaps())
        .containsExactly(
            new ReferenceGap("A", "ingest-start", null, T0 + 500),
            new ReferenceGap("A", "reconnect", T0 + 1_500, T0 + 2_500));
    assertThat(reference.incompleteCandles())
        .contains(key("A", Resolution.S1, T0), key("A", Resolution.S1, T0 + 1_000))
        .contains(key("A", Resolution.S1, T0 + 2_000))
        .doesNotContain(key("A", Resolution.S1, T0 + 3_000));
  }

  @Test
  void should_expect_only_start_gaps_from_a_whole_session_on_one_connection() {
    Path file = session(frame("A", 10, T0 + 1_000), frame("B", 20, T0 + 1_001));

    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());

    assertThat(reference.gaps())
        .containsExactly(
            new ReferenceGap("A", "ingest-start", null, T0 + 1_000),
            new ReferenceGap("B", "ingest-start", null, T0 + 1_001));
    // A first trade at the very start of its window still marks it: a trade of the same
    // millisecond may have come before it.
    assertThat(reference.incompleteCandles()).contains(key("A", Resolution.S1, T0 + 1_000));
  }
}
