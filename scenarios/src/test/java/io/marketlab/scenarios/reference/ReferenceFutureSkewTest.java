package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference rejects what is stamped beyond the skew after its frame's recorded receipt. */
class ReferenceFutureSkewTest {

  private static final long START = 1_723_161_600_000L; // 2024-08-09T00:00:00Z
  private static final long DAY = 86_400_000L;

  @TempDir Path dir;

  private static String trade(long timeMs) {
    return "{\"s\":\"A\",\"p\":1.5,\"t\":" + timeMs + ",\"v\":1}";
  }

  private static String frame(String... trades) {
    return "{\"type\":\"trade\",\"data\":[" + String.join(",", trades) + "]}";
  }

  private Path session(List<SessionFrame> frames) {
    Path file = dir.resolve("s.session.gz");
    SessionHeader header =
        new SessionHeader(
            "skew",
            List.of("A"),
            "synthetic",
            "a unit test",
            "CC0-1.0",
            Instant.ofEpochMilli(START),
            null);
    try (SessionWriter writer = SessionWriter.create(file, header)) {
      for (SessionFrame frame : frames) {
        writer.write(frame);
      }
    }
    return file;
  }

  @Test
  void should_reject_a_trade_beyond_the_skew_after_its_recorded_receipt_and_keep_the_watermark() {
    // Receipts: START, START + 1 s (offset 1_000_500 µs: floored to the ms), START + 2 s, + 3 s.
    Path file =
        session(
            List.of(
                new SessionFrame(0, frame(trade(START))),
                new SessionFrame(
                    1_000_500, frame(trade(START + 1_000 + 5_000), trade(START + 1_000 + 5_001))),
                new SessionFrame(2_000_000, frame(trade(START + DAY))),
                new SessionFrame(3_000_000, frame(trade(START + 3_000)))));

    Reference reference =
        ReferenceCalculator.compute(
            file, new ReferenceCalculator.Options(Set.of(), Duration.ofSeconds(10)));

    assertThat(reference.trades())
        .extracting(ReferenceTrade::timeMs)
        .containsExactly(START, START + 6_000, START + 3_000);
    assertThat(reference.rejectedTrades()).isEqualTo(2);
    assertThat(reference.expectedDeadLetters())
        .extracting(letter -> letter.frame() + ":" + letter.indexInFrame())
        .containsExactly("1:1", "2:0");
    // Before: t up to now + 1 day passed, the day-ahead trade moved A's watermark and the last
    // trade was late.
    assertThat(reference.lateTrades()).isZero();
  }

  @Test
  void should_take_the_configured_skew() {
    Path file =
        session(List.of(new SessionFrame(0, frame(trade(START + 60_000), trade(START + 60_001)))));

    Reference reference =
        ReferenceCalculator.compute(
            file,
            new ReferenceCalculator.Options(
                Set.of(), Duration.ofSeconds(10), Duration.ofMinutes(1)));

    assertThat(reference.trades())
        .extracting(ReferenceTrade::timeMs)
        .containsExactly(START + 60_000);
    assertThat(reference.rejectedTrades()).isEqualTo(1);
  }
}
