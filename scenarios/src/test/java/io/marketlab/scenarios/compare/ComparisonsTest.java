package io.marketlab.scenarios.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.Reports;
import io.marketlab.scenarios.report.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonsTest {

  private static final long T = 1_723_161_600_000L;

  @Test
  void should_name_symbol_window_and_field_of_a_wrong_candle() {
    ReferenceCandle expected =
        new ReferenceCandle("BTC", Resolution.M1, T, 10, 12, 9, 11, 3, 10.5, 3, T + 1, T + 50);
    StoredCandle stored =
        new StoredCandle("BTC", "1m", T, 10, 12, 9, 11, 3, 10.6, 3, T + 1, T + 50);

    List<Check> checks =
        Comparisons.candles(List.of(expected), List.of(stored), List.of(Resolution.M1));

    assertThat(checks)
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.passed()).isFalse();
              assertThat(check.detail())
                  .contains("BTC 1m 2024-08-09T00:00:00Z vwap: expected 10.5, got 10.6");
            });
  }

  @Test
  void should_accept_a_vwap_one_ulp_from_the_reference_and_no_further() {
    double vwap = 61_834.1;
    ReferenceCandle expected =
        new ReferenceCandle("BTC", Resolution.M1, T, 10, 12, 9, 11, 3, vwap, 3, T + 1, T + 50);

    assertThat(vwapCheck(expected, vwap).passed()).isTrue();
    assertThat(vwapCheck(expected, Math.nextUp(vwap)).passed()).isTrue();
    assertThat(vwapCheck(expected, Math.nextDown(vwap)).passed()).isTrue();
    Check twoUlps = vwapCheck(expected, Math.nextUp(Math.nextUp(vwap)));
    assertThat(twoUlps.passed()).isFalse();
    assertThat(twoUlps.detail())
        .contains(
            "BTC 1m 2024-08-09T00:00:00Z vwap: expected 61834.1, got "
                + Math.nextUp(Math.nextUp(vwap))
                + " (more than 1 ulp apart)");
  }

  @Test
  void should_compare_the_volume_exactly() {
    ReferenceCandle expected =
        new ReferenceCandle("BTC", Resolution.M1, T, 10, 12, 9, 11, 3, 10.5, 3, T + 1, T + 50);
    StoredCandle stored =
        new StoredCandle("BTC", "1m", T, 10, 12, 9, 11, Math.nextUp(3.0), 10.5, 3, T + 1, T + 50);

    assertThat(Comparisons.candles(List.of(expected), List.of(stored), List.of(Resolution.M1)))
        .singleElement()
        .satisfies(check -> assertThat(check.detail()).contains("volume: expected 3.0"));
  }

  private static Check vwapCheck(ReferenceCandle expected, double storedVwap) {
    StoredCandle stored =
        new StoredCandle(
            expected.symbol(),
            expected.resolution().label(),
            expected.windowStartMs(),
            expected.open(),
            expected.high(),
            expected.low(),
            expected.close(),
            expected.volume(),
            storedVwap,
            expected.tradeCount(),
            expected.firstTradeMs(),
            expected.lastTradeMs());
    return Comparisons.candles(List.of(expected), List.of(stored), List.of(expected.resolution()))
        .get(0);
  }

  @Test
  void two_runs_that_differ_in_one_field_should_name_the_window_and_the_field() {
    StoredCandle one = new StoredCandle("BTC", "1s", T, 10, 12, 9, 11, 3, 10.5, 3, T + 1, T + 50);
    StoredCandle other =
        new StoredCandle("BTC", "1s", T, 10, 12, 9, 11.25, 3, 10.5, 3, T + 1, T + 50);
    StoredCandle onlyFirst = new StoredCandle("ETH", "1m", T, 1, 1, 1, 1, 1, 1, 1, T, T);

    Check same =
        Comparisons.identicalCandles(
            "determinism", List.of(one, onlyFirst), List.of(onlyFirst, one));
    Check different =
        Comparisons.identicalCandles("determinism", List.of(one, onlyFirst), List.of(other));

    assertThat(same.passed()).isTrue();
    assertThat(different.passed()).isFalse();
    assertThat(different.detail())
        .isEqualTo(
            "2 difference(s) (first run vs second): (BTC 1s 2024-08-09T00:00:00Z close: "
                + "expected 11.0, got 11.25; ETH 1m 2024-08-09T00:00:00Z: only in the first run)");
  }

  @Test
  void should_pass_equal_candles_and_report_missing_and_extra_ones() {
    ReferenceCandle a = new ReferenceCandle("A", Resolution.S1, T, 1, 1, 1, 1, 1, 1, 1, T, T);
    StoredCandle same = new StoredCandle("A", "1s", T, 1, 1, 1, 1, 1, 1, 1, T, T);
    StoredCandle extra =
        new StoredCandle("A", "1s", T + 1000, 1, 1, 1, 1, 1, 1, 1, T + 1000, T + 1000);

    assertThat(
            Comparisons.candles(List.of(a), List.of(same), List.of(Resolution.S1)).get(0).passed())
        .isTrue();
    assertThat(
            Comparisons.candles(List.of(a), List.of(same, extra), List.of(Resolution.S1))
                .get(0)
                .detail())
        .contains("A 1s 2024-08-09T00:00:01Z: not in the reference");
    assertThat(Comparisons.candles(List.of(a), List.of(), List.of(Resolution.S1)).get(0).detail())
        .contains("A 1s 2024-08-09T00:00:00Z: missing");
  }

  @Test
  void should_name_a_lost_trade_and_a_doubled_one() {
    ReferenceTrade one = new ReferenceTrade("A", 10.5, 2, T, List.of(), 0);
    ReferenceTrade two = new ReferenceTrade("A", 10.5, 2, T, List.of(), 1);
    StoredTrade stored = new StoredTrade("A", 10.5, 2, T, List.of(), 0, 0);

    Check lost = Comparisons.trades(List.of(one, two), List.of(stored));
    Check doubled = Comparisons.trades(List.of(one), List.of(stored, stored));

    assertThat(lost.passed()).isFalse();
    assertThat(lost.detail()).contains("missing 1 (1× A 10.5 x 2.0 at 2024-08-09T00:00:00Z [])");
    assertThat(doubled.detail()).startsWith("extra 1");
    assertThat(lost.detail()).doesNotContain("extra");
    assertThat(Comparisons.trades(List.of(one, two), List.of(stored, stored)).passed()).isTrue();
  }

  @Test
  void reports_should_be_valid_and_readable(@TempDir Path dir) throws Exception {
    ScenarioResult result =
        new ScenarioResult(
            "demo",
            "a <test>",
            "s.session.gz",
            Instant.EPOCH,
            Duration.ofSeconds(3),
            List.of(Check.equal("count", 3, 3), Check.equal("vwap", 1.0, 2.0)),
            new long[] {5, 40, 400, 2000},
            Map.of("trades/s", "1000"));

    Path html = Reports.write(dir, List.of(result));

    assertThat(Files.readString(html))
        .contains("FAILED")
        .contains("a &lt;test&gt;")
        .contains("p99 <b>2000 ms</b>");
    var junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("junit.xml").toFile());
    assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("report.json"))).contains("\"passed\" : false");
  }
}
