package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredTrade;
import io.marketlab.ingest.SpeedProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentRatesTest {

  private static final long START = 1_700_000_000_000_000L;

  private static StoredTrade trade(long receivedAfterMillis, long storedAfterMillis) {
    return new StoredTrade(
        "SYN:A",
        1.0,
        1.0,
        1_700_000_000_000L,
        List.of(),
        START + receivedAfterMillis * 1000,
        START + storedAfterMillis * 1000);
  }

  @Test
  void should_count_trades_received_and_stored_in_each_segment_of_the_profile() {
    // 1x, then 10x from 2 s to 3 s. Received: 2 in [0, 2 s), 10 in [2 s, 3 s), 3 after 3 s. The
    // store lags 500 ms, in the burst 600 ms: its last two trades are stored at 3.0 s and 3.05 s,
    // after it. The last segment runs to the last store, 4.499 s.
    List<StoredTrade> trades = new ArrayList<>();
    trades.add(trade(0, 500));
    trades.add(trade(1000, 1500));
    for (int i = 0; i < 10; i++) {
      trades.add(trade(2000 + 50 * i, 2000 + 50 * i + 600));
    }
    trades.add(trade(3000, 3500));
    trades.add(trade(3500, 4000));
    trades.add(trade(3999, 4499));
    SpeedProfile profile =
        new SpeedProfile(
            1, List.of(new SpeedProfile.Burst(Duration.ofSeconds(2), Duration.ofSeconds(1), 10)));

    List<SegmentRates.Segment> segments = SegmentRates.of(profile, trades);

    assertThat(segments)
        .extracting(
            SegmentRates.Segment::name,
            SegmentRates.Segment::received,
            SegmentRates.Segment::stored)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1x 0ms–2s", 2L, 2L),
            org.assertj.core.groups.Tuple.tuple("10x 2s–3s", 10L, 8L),
            org.assertj.core.groups.Tuple.tuple("1x 3s–4.499s", 3L, 5L));
    assertThat(segments.get(1).rates())
        .isEqualTo("offered 10.0 trades/s (10 received), stored 8.0 trades/s (8)");
  }

  @Test
  void should_report_nothing_without_bursts() {
    assertThat(SegmentRates.of(SpeedProfile.constant(5), List.of(trade(0, 1)))).isEmpty();
  }
}
