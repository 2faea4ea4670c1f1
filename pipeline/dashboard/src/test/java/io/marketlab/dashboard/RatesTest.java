package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatesTest {

  @Test
  void the_rate_should_be_the_growth_per_second_over_the_last_ten_seconds() {
    RateMeter meter = new RateMeter();

    assertThat(meter.sample(0, 1000)).isNull();
    assertThat(meter.sample(200, 1100)).isNull(); // under 500 ms: no rate yet
    assertThat(meter.sample(2000, 1400)).isEqualTo(200.0); // 400 more in 2 s
    assertThat(meter.sample(12_000, 3400)).isEqualTo(200.0); // the first sample still spans
    // 12.5 s: samples older than 10 s are dropped, the oldest left is the one at 2 s
    assertThat(meter.sample(12_500, 3500)).isEqualTo((3500 - 1400) * 1000.0 / 10_500);
  }

  @Test
  void a_count_that_goes_down_should_start_over() {
    RateMeter meter = new RateMeter();
    meter.sample(0, 1000);
    meter.sample(1000, 2000);

    assertThat(meter.sample(2000, 10)).isNull();
    assertThat(meter.sample(3000, 110)).isEqualTo(100.0);
  }

  @Test
  void stored_per_second_should_count_the_sample_stored_in_the_window() {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    List<StoredTrade> sample = new ArrayList<>();
    // 30 trades stored in the last 10 s, 5 before
    for (int i = 0; i < 35; i++) {
      long secondsAgo = i < 30 ? 9 : 20;
      sample.add(stored(now.minusSeconds(secondsAgo)));
    }

    assertThat(StoredRate.perSecond(sample, now, Duration.ofSeconds(10))).isEqualTo(3.0);
    assertThat(StoredRate.perSecond(List.of(), now, Duration.ofSeconds(10))).isZero();
  }

  @Test
  void a_sample_all_inside_the_window_should_be_counted_over_the_time_it_covers() {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    List<StoredTrade> sample = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      sample.add(stored(now.minusSeconds(4)));
    }

    assertThat(StoredRate.perSecond(sample, now, Duration.ofSeconds(10))).isEqualTo(250.0);
  }

  private static StoredTrade stored(Instant at) {
    long micros = at.toEpochMilli() * 1000;
    return new StoredTrade(
        "AAPL", at, "ing", 0, 0, 1, 1, false, List.of(), micros - 5000, micros, at);
  }
}
