package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeRowTest {

  private static final long MIDNIGHT = 1_723_161_600_000L; // 2024-08-09T00:00:00Z

  private static TradeRow at(long timeMs, double volume, List<String> conditions) {
    return new TradeRow("S", 10, volume, timeMs, conditions, 0, "run-1", 1, 0, 0, 1, 0, false);
  }

  @Test
  void should_take_missing_conditions_as_none_and_keep_its_own_copy() {
    List<String> conditions = new ArrayList<>(List.of("1"));
    TradeRow trade = at(MIDNIGHT, 1, conditions);
    conditions.add("12");

    assertThat(at(MIDNIGHT, 1, null).conditions()).isEmpty();
    assertThat(trade.conditions()).containsExactly("1");
  }

  @Test
  void should_put_a_trade_in_the_utc_day_of_its_trade_time() {
    assertThat(at(MIDNIGHT - 1, 1, null).day()).isEqualTo(LocalDate.of(2024, 8, 8));
    assertThat(at(MIDNIGHT, 1, null).day()).isEqualTo(LocalDate.of(2024, 8, 9));
  }

  @Test
  void should_be_a_price_update_only_at_volume_zero() {
    assertThat(at(MIDNIGHT, 0, null).isPriceUpdate()).isTrue();
    assertThat(at(MIDNIGHT, 1e-8, null).isPriceUpdate()).isFalse();
  }

  @Test
  void should_change_only_the_late_flag() {
    TradeRow trade = at(MIDNIGHT, 1, List.of("1"));

    TradeRow late = trade.withLate(true);

    assertThat(late.late()).isTrue();
    assertThat(late.withLate(false)).isEqualTo(trade);
    assertThat(late.identity()).isEqualTo(trade.identity());
  }
}
