package io.marketlab.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LayoutTest {

  private static long ms(String time) {
    return Instant.parse(time).toEpochMilli();
  }

  @Test
  void should_floor_windows_to_the_resolution_also_before_the_epoch() {
    assertThat(Resolution.SECOND.windowStart(-1)).isEqualTo(-1000);
    assertThat(Resolution.MINUTE.floor(Instant.parse("2024-08-08T23:54:14.087Z")))
        .isEqualTo(Instant.parse("2024-08-08T23:54:00Z"));
    assertThat(Resolution.HOUR.windowStart(ms("2024-08-08T23:54:14.087Z")))
        .isEqualTo(ms("2024-08-08T23:00:00Z"));
  }

  @Test
  void should_partition_1s_and_1m_candles_by_day_and_1h_candles_by_month() {
    assertThat(Resolution.SECOND.bucket(ms("2024-08-08T23:59:59Z")))
        .isEqualTo(LocalDate.of(2024, 8, 8));
    assertThat(Resolution.MINUTE.bucket(ms("2024-08-09T00:00:00Z")))
        .isEqualTo(LocalDate.of(2024, 8, 9));
    assertThat(Resolution.HOUR.bucket(ms("2024-12-31T23:00:00Z")))
        .isEqualTo(LocalDate.of(2024, 12, 1));
    assertThat(Resolution.HOUR.nextBucket(LocalDate.of(2024, 12, 1)))
        .isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(Resolution.SECOND.nextBucket(LocalDate.of(2024, 2, 28)))
        .isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void should_list_the_buckets_covering_a_span_of_days() {
    assertThat(BucketSpan.DAY.covering(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 3, 1)))
        .containsExactly(
            LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1));
    assertThat(BucketSpan.MONTH.covering(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 3, 1)))
        .containsExactly(
            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1));
    assertThat(BucketSpan.DAY.covering(LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 1)))
        .isEmpty();
  }

  @Test
  void should_put_trades_and_dead_letters_in_the_utc_day_of_their_time() {
    assertThat(Tables.Trades.day(ms("2024-08-08T23:59:59.999Z")))
        .isEqualTo(LocalDate.of(2024, 8, 8));
    assertThat(Tables.Trades.day(Instant.parse("2024-08-09T00:00:00Z")))
        .isEqualTo(LocalDate.of(2024, 8, 9));
    assertThat(Tables.DeadLetters.day(ms("2024-08-09T00:00:00Z")))
        .isEqualTo(LocalDate.of(2024, 8, 9));
  }

  @Test
  void should_parse_the_stored_labels_and_refuse_others() {
    for (Resolution resolution : Resolution.values()) {
      assertThat(Resolution.parse(resolution.label())).isSameAs(resolution);
    }
    assertThat(Resolution.HOUR.finer()).isEqualTo(Resolution.MINUTE);
    assertThat(Resolution.SECOND.finer()).isNull();
    assertThatThrownBy(() -> Resolution.parse("5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'5m'");
  }
}
