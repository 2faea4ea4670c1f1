package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CqlReferencesTest {

  @Test
  void should_find_the_table_and_every_column_of_select_where_and_order_by() {
    CqlReferences.Reference reference =
        CqlReferences.of(
            "SELECT symbol, price, trade_ts FROM $keyspace.trades WHERE symbol = '$symbol'"
                + " AND day = '2024-08-08' AND trade_ts >= $__timeFrom AND trade_ts <= 17 ORDER BY"
                + " trade_ts DESC LIMIT 10000");

    assertThat(reference.table()).isEqualTo("trades");
    assertThat(reference.columns()).containsExactly("day", "price", "symbol", "trade_ts");
  }

  @Test
  void function_names_and_cast_types_should_not_be_columns() {
    CqlReferences.Reference reference =
        CqlReferences.of(
            "SELECT CAST(CAST(latest_trade_ts AS date) AS text) FROM market.symbols"
                + " WHERE symbol = 'it''s' ALLOW FILTERING");

    assertThat(reference.table()).isEqualTo("symbols");
    assertThat(reference.columns()).containsExactly("latest_trade_ts", "symbol");
  }

  @Test
  void a_query_without_from_should_be_refused() {
    assertThatThrownBy(() -> CqlReferences.of("SELECT now()")).hasMessageStartingWith("no FROM");
  }
}
