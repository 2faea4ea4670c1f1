package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaMacrosTest {

  private static final Instant FROM = Instant.parse("2024-08-08T23:54:00Z");
  private static final Instant TO = Instant.parse("2024-08-08T23:57:30.250Z");

  private final GrafanaMacros macros =
      new GrafanaMacros(FROM, TO, Duration.ofSeconds(8), Map.of("symbol", "BINANCE:BTCUSDT"))
          .with("keyspace", "market");

  @Test
  void the_plugin_macros_should_be_epoch_milliseconds_and_seconds() {
    // 2024-08-08T23:54:00Z = 1723161240 s since the epoch
    assertThat(
            macros.apply(
                "ts >= $__timeFrom AND ts <= $__timeTo AND s > $__unixEpochFrom AND s < $__unixEpochTo"))
        .isEqualTo(
            "ts >= 1723161240000 AND ts <= 1723161450250 AND s > 1723161240 AND s < 1723161450");
  }

  @Test
  void dashboard_variables_should_be_replaced_in_every_spelling() {
    assertThat(macros.apply("FROM $keyspace.trades WHERE symbol = '${symbol}' OR s = '[[symbol]]'"))
        .isEqualTo("FROM market.trades WHERE symbol = 'BINANCE:BTCUSDT' OR s = 'BINANCE:BTCUSDT'");
  }

  @Test
  void the_prometheus_intervals_should_be_promql_durations() {
    assertThat(macros.apply("rate(x[$__rate_interval]) / $__range"))
        .isEqualTo("rate(x[8s]) / 210250ms");
  }

  @Test
  void a_variable_without_a_value_should_be_refused_by_name() {
    assertThatThrownBy(() -> macros.apply("day = '$day'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no value for $day");
    assertThatThrownBy(() -> macros.apply("'${__from:date:YYYY-MM-DD}'"))
        .hasMessageStartingWith("variable format ${__from:date:YYYY-MM-DD} is not reproduced");
  }
}
