package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredTrade;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrowserLatencyTest {

  private static final String X = "BINANCE:XUSDT";
  private static long frame;

  /** A trade of X at {@code timeMs}, received at {@code receivedMs} (wall clock). */
  private static StoredTrade trade(long timeMs, long receivedMs, double volume, boolean late) {
    long seq = frame++;
    return new StoredTrade(
        X,
        1.0,
        volume,
        timeMs,
        List.of(),
        receivedMs * 1000,
        receivedMs * 1000 + 50,
        LocalDate.of(1970, 1, 1),
        late,
        "ing",
        seq,
        0);
  }

  private static BrowserLatency.Applied candles(double at, long[]... candles) {
    return new BrowserLatency.Applied("candles", at, List.of(candles), Set.of());
  }

  @Test
  void should_time_each_trade_from_its_receipt_to_the_first_update_of_its_candle_that_holds_it() {
    StoredTrade early = trade(99_500, 500, 1, false); // received before the page opened
    StoredTrade first = trade(100_100, 1000, 1, false); // trade 1 of second 100
    StoredTrade second = trade(100_900, 1100, 1, false); // trade 2 of second 100
    StoredTrade next = trade(101_000, 1200, 1, false); // trade 1 of second 101
    StoredTrade late = trade(90_000, 1250, 1, true); // in no candle
    StoredTrade update = trade(101_500, 1250, 0, false); // a price update: in no candle
    BrowserLatency.Page page =
        new BrowserLatency.Page(
            X,
            List.of(
                new BrowserLatency.Applied("snapshot", 900, List.of(new long[] {99, 1}), Set.of()),
                candles(1500, new long[] {100, 2}, new long[] {101, 1}),
                candles(1300, new long[] {100, 1}),
                new BrowserLatency.Applied(
                    "trades", 1400, List.of(), Set.of(first.identity(), second.identity()))));

    BrowserLatency.Result result =
        BrowserLatency.measure(page, List.of(update, late, next, second, first, early), 150_000);

    assertThat(result.trades()).isEqualTo(6);
    assertThat(result.beforeOpen()).isEqualTo(1);
    assertThat(result.notCharted()).isEqualTo(2);
    // first: 1300 - 1000; second: 1500 - 1100 (the 1300 update held only one trade); next: 1500 -
    // 1200
    assertThat(result.chart().expected()).isEqualTo(3);
    assertThat(result.chart().seen()).isEqualTo(3);
    assertThat(result.chart().unseen()).isEmpty();
    assertThat(result.chart().latency().p50()).isEqualTo(300);
    assertThat(result.chart().latency().max()).isEqualTo(400);
    // steady: received 150 ms or more after the first measured trade (1000 ms): next only
    assertThat(result.chartSteady().count()).isEqualTo(1);
    assertThat(result.chartSteady().max()).isEqualTo(300);
    // the table: first at 1400 - 1000, second at 1400 - 1100; the other three never listed
    assertThat(result.table().expected()).isEqualTo(5);
    assertThat(result.table().seen()).isEqualTo(2);
    assertThat(result.table().latency().p50()).isEqualTo(300);
    assertThat(result.table().latency().max()).isEqualTo(400);
  }

  @Test
  void should_name_a_trade_that_never_reached_the_chart() {
    StoredTrade first = trade(100_100, 1000, 1, false);
    StoredTrade second = trade(100_200, 1010, 1, false);
    BrowserLatency.Page page =
        new BrowserLatency.Page(
            X,
            List.of(
                new BrowserLatency.Applied("snapshot", 900, List.of(), Set.of()),
                candles(1300, new long[] {100, 1})));

    BrowserLatency.Result result = BrowserLatency.measure(page, List.of(first, second), 0);

    assertThat(result.chart().expected()).isEqualTo(2);
    assertThat(result.chart().seen()).isEqualTo(1);
    assertThat(result.chart().unseen()).singleElement().asString().startsWith(second.identity());
  }

  @Test
  void should_time_the_chart_from_the_forming_candle_and_the_stored_candle_apart() {
    StoredTrade first = trade(100_100, 1000, 1, false);
    StoredTrade second = trade(100_200, 1010, 1, false);
    BrowserLatency.Page page =
        new BrowserLatency.Page(
            X,
            List.of(
                new BrowserLatency.Applied("snapshot", 900, List.of(), Set.of()),
                new BrowserLatency.Applied("forming", 1200, List.of(new long[] {100, 2}), Set.of()),
                candles(4000, new long[] {100, 1}),
                candles(5010, new long[] {100, 2})));

    BrowserLatency.Result result = BrowserLatency.measure(page, List.of(first, second), 0);

    // on the chart: both with the forming candle at 1200; stored: first at 4000, second at 5010
    assertThat(result.chart().latency().p50()).isEqualTo(190);
    assertThat(result.chart().latency().max()).isEqualTo(200);
    assertThat(result.storedCandle().seen()).isEqualTo(2);
    assertThat(result.storedCandle().latency().p50()).isEqualTo(3000);
    assertThat(result.storedCandle().latency().max()).isEqualTo(4000);
  }

  @Test
  void should_count_no_trade_when_the_page_never_opened() {
    BrowserLatency.Page page =
        new BrowserLatency.Page(X, List.of(candles(1300, new long[] {100, 1})));

    BrowserLatency.Result result =
        BrowserLatency.measure(page, List.of(trade(100_100, 1000, 1, false)), 0);

    assertThat(result.beforeOpen()).isEqualTo(1);
    assertThat(result.chart().expected()).isZero();
  }
}
