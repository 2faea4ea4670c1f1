package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredRunTest {

  private static final long T = Instant.parse("2024-08-08T23:59:00Z").toEpochMilli();

  private static StoredTrade trade(long timeMs, double volume, long receivedAtMs) {
    return new StoredTrade("A", 10, volume, timeMs, List.of(), receivedAtMs * 1000, 0);
  }

  @Test
  void candle_latency_should_run_from_the_latest_receipt_of_a_counting_trade_to_updated_at() {
    List<StoredTrade> trades =
        List.of(
            trade(T + 100, 1, 5_000), // received first
            trade(T + 50, 1, 5_300), // earlier trade time, received later: the latest receipt
            trade(T + 200, 0, 9_000), // a price update: not in the candle
            trade(T + 300, 1, 9_500).withLate(true)); // late: not in the candle
    StoredCandle second =
        new StoredCandle("A", "1s", T, 10, 10, 10, 10, 2, 10, 2, T + 50, T + 100)
            .withFinal(false, 5_450);
    StoredCandle minute =
        new StoredCandle("A", "1m", T, 10, 10, 10, 10, 2, 10, 2, T + 50, T + 100)
            .withFinal(true, 7_300);
    StoredCandle unstamped =
        new StoredCandle("A", "1h", T - 59 * 60_000, 10, 10, 10, 10, 2, 10, 2, T + 50, T + 100);

    long[] latency = StoredRun.candleLatencyMillis(trades, List.of(second, minute, unstamped));

    // 5_450 − 5_300 and 7_300 − 5_300; the 1h candle has no updated_at
    assertThat(latency).containsExactly(150, 2_000);
  }
}
