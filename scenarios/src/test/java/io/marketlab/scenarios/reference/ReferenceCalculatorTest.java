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

class ReferenceCalculatorTest {

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

  @Test
  void should_compute_ohlc_volume_and_vwap_of_a_window() {
    Path file =
        session(
            frame(trade("A", 100, 1, T0 + 10), trade("A", 103, 1, T0 + 20)),
            frame(trade("A", 99, 2, T0 + 30)));

    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());

    ReferenceCandle second =
        reference.candles().stream()
            .filter(c -> c.resolution() == Resolution.S1)
            .findFirst()
            .orElseThrow();
    assertThat(second.open()).isEqualTo(100);
    assertThat(second.high()).isEqualTo(103);
    assertThat(second.low()).isEqualTo(99);
    assertThat(second.close()).isEqualTo(99);
    assertThat(second.volume()).isEqualTo(4);
    assertThat(second.vwap()).isEqualTo((100 + 103 + 99 * 2) / 4.0);
    assertThat(second.tradeCount()).isEqualTo(3);
    assertThat(reference.candles()).hasSize(3);
  }

  @Test
  void should_keep_two_identical_trades_in_the_same_millisecond_and_break_ties_by_arrival() {
    Path file =
        session(frame(trade("A", 100, 1, T0), trade("A", 100, 1, T0), trade("A", 101, 1, T0)));

    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());

    assertThat(reference.trades()).hasSize(3);
    ReferenceCandle candle = reference.candles().get(0);
    assertThat(candle.tradeCount()).isEqualTo(3);
    assertThat(candle.open()).isEqualTo(100);
    assertThat(candle.close()).isEqualTo(101);
  }

  @Test
  void should_keep_price_updates_out_of_candles_and_count_bad_input() {
    Path file =
        session(
            frame(trade("A", 100, 0, T0), trade("A", 101, 2, T0 + 1)),
            "{not json",
            "{\"type\":\"ping\"}",
            "{\"type\":\"news\"}",
            frame(trade("A", -1, 1, T0), trade("B", 5, 1, T0)));

    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());

    assertThat(reference.trades()).hasSize(3);
    assertThat(reference.malformedFrames()).isEqualTo(1);
    assertThat(reference.unknownFrames()).isEqualTo(1);
    assertThat(reference.rejectedTrades()).isEqualTo(1);
    ReferenceCandle a = reference.candles().get(0);
    assertThat(a.symbol()).isEqualTo("A");
    assertThat(a.tradeCount()).isEqualTo(1);
    assertThat(a.open()).isEqualTo(101);
  }

  @Test
  void should_leave_late_trades_out_of_candles_per_symbol() {
    Path file =
        session(
            frame(trade("A", 100, 1, T0 + 60_000)),
            frame(trade("B", 7, 1, T0)),
            frame(trade("A", 90, 1, T0 + 45_000)),
            frame(trade("A", 80, 1, T0 + 5_000)));

    Reference reference =
        ReferenceCalculator.compute(
            file, new ReferenceCalculator.Options(Set.of("A", "B"), Duration.ofSeconds(30)));

    assertThat(reference.lateTrades()).isEqualTo(1);
    assertThat(reference.trades()).hasSize(4);
    assertThat(
            reference.candles().stream()
                .filter(c -> c.symbol().equals("A") && c.resolution() == Resolution.H1))
        .singleElement()
        .satisfies(c -> assertThat(c.tradeCount()).isEqualTo(2));
  }

  @Test
  void should_compute_vwap_in_exact_decimals() {
    Path file =
        session(
            frame(trade("A", 0.1, 0.2, T0), trade("A", 0.3, 0.1, T0), trade("A", 0.7, 0.3, T0)));

    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());

    // Σp·v = 0.02 + 0.03 + 0.21 = 0.26; Σv = 0.6 -> 0.4333...; doubles summed naively give
    // 0.6000000000000001.
    assertThat(reference.candles().get(0).volume()).isEqualTo(0.6);
    assertThat(reference.candles().get(0).vwap())
        .isEqualTo(
            new java.math.BigDecimal("0.26")
                .divide(new java.math.BigDecimal("0.6"), java.math.MathContext.DECIMAL128)
                .doubleValue());
  }
}
