package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void should_report_nearest_rank_percentiles_in_milliseconds() {
    List<StoredTrade> trades = new ArrayList<>();
    // Latencies 1..200 ms, shuffled: p50 is the 100th value, p99 the 198th.
    for (int ms = 1; ms <= 200; ms++) {
      trades.add(
          TestData.trade("AAPL", Instant.parse("2024-08-08T10:00:00Z"), ms, 100, ms * 1000L));
    }
    Collections.shuffle(trades, new java.util.Random(7));

    LatencySummary summary = LatencySummary.of(trades);

    assertThat(summary.sampleCount()).isEqualTo(200);
    assertThat(summary.p50Millis()).isEqualTo(100.0);
    assertThat(summary.p99Millis()).isEqualTo(198.0);
    assertThat(summary.maxMillis()).isEqualTo(200.0);
  }

  @Test
  void should_keep_sub_millisecond_latency() {
    StoredTrade trade = TestData.trade("AAPL", Instant.parse("2024-08-08T10:00:00Z"), 1, 100, 1500);
    assertThat(LatencySummary.of(List.of(trade)).p50Millis()).isEqualTo(1.5);
  }

  @Test
  void should_report_an_empty_sample_as_zero_trades() {
    assertThat(LatencySummary.of(List.of())).isEqualTo(LatencySummary.EMPTY);
  }
}
