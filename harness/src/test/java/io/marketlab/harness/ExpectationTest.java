package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectationTest {

  @TempDir Path dir;

  @Test
  void should_expect_every_trade_of_a_session_on_its_days_widened_by_one() {
    Path session = dir.resolve("s.session.gz");
    Instant start = Instant.parse("2024-08-08T23:54:14.087Z");
    try (SessionWriter writer =
        SessionWriter.create(
            session, new SessionHeader("s", List.of("A"), "test", "", "", start, null))) {
      writer.write(
          0,
          "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":1.5,\"v\":2,\"t\":1723161254087},"
              + "{\"s\":\"A\",\"p\":1.6,\"v\":0,\"t\":1723161254090}]}");
      writer.write(600_000_000L, "{\"type\":\"ping\"}");
      writer.write(
          700_000_000L,
          "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":1.7,\"v\":1,\"t\":1723161954087}]}");
    }

    Expectation expected = Expectation.ofSession(session);

    assertThat(expected.trades()).isEqualTo(3);
    assertThat(expected.candles()).isZero();
    assertThat(expected.days())
        .isEqualTo(new DayRange(LocalDate.of(2024, 8, 7), LocalDate.of(2024, 8, 10)));
    assertThat(expected.stallTimeout()).isEqualTo(Expectation.DEFAULT_STALL_TIMEOUT);
  }

  @Test
  void should_list_the_days_between_two_times_in_utc() {
    DayRange days =
        DayRange.between(
            Instant.parse("2024-02-28T23:59:59Z").toEpochMilli(),
            Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());

    assertThat(days.days())
        .containsExactly(
            LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1));
  }

  @Test
  void should_give_each_trade_its_latency_in_whole_milliseconds_never_below_zero() {
    StoredRun run =
        new StoredRun(
            List.of(
                new StoredTrade("A", 1, 1, 0, List.of(), 1_000_000, 1_002_999),
                new StoredTrade("A", 1, 1, 0, List.of(), 1_000_000, 999_000)),
            List.of(),
            List.of(),
            List.of(),
            null,
            0,
            null);

    assertThat(run.latencyMillis()).containsExactly(2, 0);
  }
}
