package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.layout.Resolution;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionsTest {

  private final Partitions partitions = Partitions.DEFAULT;

  @Test
  void should_use_two_day_buckets_for_one_second_candles_crossing_midnight() {
    assertThat(
            partitions.candleBuckets(
                Resolution.SECOND,
                Instant.parse("2024-08-08T23:58:00Z"),
                Instant.parse("2024-08-09T00:02:00Z")))
        .containsExactly(
            Instant.parse("2024-08-08T00:00:00Z"), Instant.parse("2024-08-09T00:00:00Z"));
  }

  @Test
  void should_not_touch_the_next_day_when_the_range_ends_exactly_at_midnight() {
    assertThat(
            partitions.candleBuckets(
                Resolution.MINUTE,
                Instant.parse("2024-08-08T20:00:00Z"),
                Instant.parse("2024-08-09T00:00:00Z")))
        .containsExactly(Instant.parse("2024-08-08T00:00:00Z"));
  }

  @Test
  void should_use_one_bucket_for_a_range_inside_one_day() {
    assertThat(
            partitions.candleBuckets(
                Resolution.SECOND,
                Instant.parse("2024-08-08T10:00:00.500Z"),
                Instant.parse("2024-08-08T10:03:20Z")))
        .containsExactly(Instant.parse("2024-08-08T00:00:00Z"));
  }

  @Test
  void should_use_month_buckets_for_hour_candles_across_a_leap_february() {
    assertThat(
            partitions.candleBuckets(
                Resolution.HOUR,
                Instant.parse("2024-01-31T20:00:00Z"),
                Instant.parse("2024-03-01T01:00:00Z")))
        .containsExactly(
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-02-01T00:00:00Z"),
            Instant.parse("2024-03-01T00:00:00Z"));
  }

  @Test
  void should_put_a_window_in_the_bucket_of_its_start_not_of_the_trade_inside() {
    // 23:59:59.700 is in the 1s window 23:59:59, still on the 8th.
    assertThat(
            partitions.candleBucket(Resolution.SECOND, Instant.parse("2024-08-08T23:59:59.700Z")))
        .isEqualTo(Instant.parse("2024-08-08T00:00:00Z"));
    assertThat(partitions.candleBucket(Resolution.HOUR, Instant.parse("2024-12-31T23:30:00Z")))
        .isEqualTo(Instant.parse("2024-12-01T00:00:00Z"));
  }

  @Test
  void should_follow_a_configured_scheme_with_hour_buckets() {
    Partitions hourly =
        new Partitions(
            Map.of(
                Resolution.SECOND,
                BucketSize.HOUR,
                Resolution.MINUTE,
                BucketSize.DAY,
                Resolution.HOUR,
                BucketSize.YEAR));
    assertThat(
            hourly.candleBuckets(
                Resolution.SECOND,
                Instant.parse("2024-08-08T22:59:30Z"),
                Instant.parse("2024-08-09T00:00:01Z")))
        .containsExactly(
            Instant.parse("2024-08-08T22:00:00Z"),
            Instant.parse("2024-08-08T23:00:00Z"),
            Instant.parse("2024-08-09T00:00:00Z"));
    assertThat(
            hourly.candleBuckets(
                Resolution.HOUR,
                Instant.parse("2023-12-31T12:00:00Z"),
                Instant.parse("2024-01-01T12:00:00Z")))
        .containsExactly(
            Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void should_list_trade_days_crossing_midnight_in_utc() {
    assertThat(
            Partitions.tradeDays(
                Instant.parse("2024-08-08T23:54:14.087Z"), Instant.parse("2024-08-09T00:05:00Z")))
        .containsExactly(LocalDate.of(2024, 8, 8), LocalDate.of(2024, 8, 9));
    assertThat(
            Partitions.tradeDays(
                Instant.parse("2024-12-30T12:00:00Z"), Instant.parse("2025-01-02T00:00:00Z")))
        .containsExactly(
            LocalDate.of(2024, 12, 30), LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 1));
  }

  @Test
  void should_find_the_utc_day_of_a_trade_near_midnight() {
    assertThat(Partitions.tradeDay(Instant.parse("2024-08-08T23:59:59.999Z")))
        .isEqualTo(LocalDate.of(2024, 8, 8));
    assertThat(Partitions.tradeDay(Instant.parse("2024-08-09T00:00:00Z")))
        .isEqualTo(LocalDate.of(2024, 8, 9));
  }

  @Test
  void should_return_no_partition_for_an_empty_range() {
    Instant at = Instant.parse("2024-08-08T10:00:00Z");
    assertThat(partitions.candleBuckets(Resolution.MINUTE, at, at)).isEmpty();
    assertThat(Partitions.tradeDays(at, at.minusSeconds(1))).isEmpty();
  }

  @Test
  void should_refuse_a_range_spanning_too_many_partitions() {
    assertThatThrownBy(
            () ->
                Partitions.tradeDays(
                    Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than " + Partitions.MAX_PARTITIONS + " partitions");
  }

  @Test
  void should_step_calendar_buckets_forward_and_back() {
    assertThat(BucketSize.MONTH.next(Instant.parse("2024-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(BucketSize.MONTH.previous(Instant.parse("2024-03-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(BucketSize.YEAR.floor(Instant.parse("2024-08-08T23:54:14Z")))
        .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(BucketSize.HOUR.floor(Instant.parse("2024-08-08T23:54:14Z")))
        .isEqualTo(Instant.parse("2024-08-08T23:00:00Z"));
  }

  @Test
  void should_format_text_buckets_in_utc() {
    Instant bucket = Instant.parse("2024-08-08T23:00:00Z");
    assertThat(CassandraStatements.bucketText(BucketSize.HOUR, bucket)).isEqualTo("2024-08-08T23");
    assertThat(CassandraStatements.bucketText(BucketSize.DAY, bucket)).isEqualTo("2024-08-08");
    assertThat(CassandraStatements.bucketText(BucketSize.MONTH, bucket)).isEqualTo("2024-08");
  }

  @Test
  void should_floor_windows_before_the_epoch_downwards() {
    assertThat(Resolution.SECOND.floor(Instant.ofEpochMilli(-1)))
        .isEqualTo(Instant.ofEpochMilli(-1000));
    assertThat(Resolution.MINUTE.floor(Instant.parse("2024-08-08T23:54:14.087Z")))
        .isEqualTo(Instant.parse("2024-08-08T23:54:00Z"));
  }
}
