package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reference exposes for the gate's late, final and dead-letter checks. */
class ReferenceWatermarkAndDeadLettersTest {

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
            // Received an hour after T0: no trade here is ahead of its receipt (future skew).
            Instant.ofEpochMilli(T0 + 3_600_000),
            Map.of());
    try (SessionWriter writer = SessionWriter.create(file, header)) {
      long offset = 0;
      for (String frame : frames) {
        writer.write(new SessionFrame(offset++, frame));
      }
    }
    return file;
  }

  private static String trade(String symbol, double price, double volume, long time) {
    return "{\"s\":\"" + symbol + "\",\"p\":" + price + ",\"t\":" + time + ",\"v\":" + volume + "}";
  }

  private static String frame(String... trades) {
    return "{\"type\":\"trade\",\"data\":[" + String.join(",", trades) + "]}";
  }

  private static Reference compute(Path file, long delaySeconds) {
    return ReferenceCalculator.compute(
        file, new ReferenceCalculator.Options(Set.of("A", "B"), Duration.ofSeconds(delaySeconds)));
  }

  @Test
  void a_late_trade_should_be_listed_with_the_watermark_it_was_behind() {
    // A's latest before the third trade is T0 + 60 s; with a 30 s delay the watermark is T0 + 30 s
    Path file =
        session(
            frame(trade("A", 100, 1, T0 + 60_000)),
            frame(trade("B", 7, 1, T0)),
            frame(trade("A", 80, 2, T0 + 5_000)),
            frame(trade("A", 90, 1, T0 + 45_000)));

    Reference reference = compute(file, 30);

    assertThat(reference.late())
        .singleElement()
        .satisfies(
            late -> {
              assertThat(late.trade().price()).isEqualTo(80);
              assertThat(late.trade().timeMs()).isEqualTo(T0 + 5_000);
              assertThat(late.watermarkMs()).isEqualTo(T0 + 30_000);
            });
    assertThat(reference.lateArrivals()).containsExactly(2L);
  }

  @Test
  void a_candle_should_be_final_when_its_window_ends_at_or_before_its_symbols_watermark() {
    // A's latest trade is T0 + 12 s: watermark T0 + 2 s with a 10 s delay.
    // B's latest is T0 + 0.5 s: watermark before T0, none of its candles is final.
    Path file =
        session(
            frame(trade("A", 100, 1, T0 + 500)),
            frame(trade("A", 101, 1, T0 + 1_500)),
            frame(trade("A", 102, 1, T0 + 2_000)),
            frame(trade("A", 103, 1, T0 + 12_000)),
            frame(trade("B", 7, 1, T0 + 500)));

    Reference reference = compute(file, 10);

    assertThat(
            reference.candles().stream()
                .filter(reference::isFinal)
                .map(candle -> candle.key().toString()))
        .containsExactly("A 1s 2024-08-09T00:00:00Z", "A 1s 2024-08-09T00:00:01Z");
  }

  @Test
  void dead_letters_should_name_their_frame_the_trade_index_and_the_reason_category() {
    String bad = frame(trade("A", 100, 1, T0), trade("A", -1, 1, T0), "{\"s\":\"A\"}");
    Path file =
        session(
            frame(trade("A", 100, 1, T0)),
            "{not json",
            "{\"type\":\"ping\"}",
            "{\"type\":\"news\"}",
            bad,
            "{\"type\":\"trade\",\"data\":3}");

    Reference reference = compute(file, 10);

    assertThat(reference.expectedDeadLetters())
        .containsExactly(
            new ReferenceDeadLetter(ReferenceDeadLetter.MALFORMED, 1, -1, "{not json"),
            new ReferenceDeadLetter(ReferenceDeadLetter.UNKNOWN_TYPE, 3, -1, "{\"type\":\"news\"}"),
            // one letter for the frame, naming both of its bad trades
            ReferenceDeadLetter.rejected(4, bad, List.of(1, 2)),
            new ReferenceDeadLetter(
                ReferenceDeadLetter.MALFORMED, 5, -1, "{\"type\":\"trade\",\"data\":3}"));
    assertThat(reference.expectedDeadLetters()).hasSize((int) reference.deadLetters());
  }

  @Test
  void buckets_should_be_the_utc_day_and_for_hours_the_first_day_of_the_month() {
    long lastSecondOfAugust = Instant.parse("2024-08-31T23:59:59Z").toEpochMilli();

    assertThat(Resolution.S1.bucket(lastSecondOfAugust)).hasToString("2024-08-31");
    assertThat(Resolution.M1.bucket(lastSecondOfAugust - 59_000)).hasToString("2024-08-31");
    assertThat(Resolution.H1.bucket(lastSecondOfAugust - 3_599_000)).hasToString("2024-08-01");
    assertThat(Resolution.S1.bucket(lastSecondOfAugust + 1_000)).hasToString("2024-09-01");
  }
}
