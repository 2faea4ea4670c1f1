package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.tests.grafana.DashboardQueries.Dashboard;
import io.marketlab.tests.grafana.DashboardQueries.Query;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

  private static final String PROM = "{\"type\": \"prometheus\", \"uid\": \"p\"}";
  private static final String CASS =
      "{\"type\": \"hadesarchitect-cassandra-datasource\", \"uid\": \"c\"}";

  private static String dashboard(String panels, String variables) {
    return "{\"uid\": \"u\", \"title\": \"T\", \"schemaVersion\": 41, \"panels\": ["
        + panels
        + "], \"templating\": {\"list\": ["
        + variables
        + "]}}";
  }

  @Test
  void should_return_each_target_of_each_panel_with_its_data_source_and_the_variable_queries() {
    String json =
        dashboard(
            "{\"id\": 1, \"title\": \"Rates\", \"datasource\": "
                + PROM
                + ", \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"},"
                + " {\"refId\": \"B\", \"expr\": \"x\", \"datasource\": "
                + CASS.replace("hadesarchitect-cassandra-datasource", "prometheus")
                + "}]},"
                + "{\"id\": 2, \"type\": \"row\", \"title\": \"r\", \"panels\": [{\"id\": 3,"
                + " \"title\": \"Inner\", \"datasource\": "
                + CASS
                + ", \"targets\": [{\"refId\": \"A\", \"rawQuery\": true, \"target\": \"SELECT"
                + " a FROM t\"}]}]}",
            "{\"type\": \"textbox\", \"name\": \"ks\", \"query\": \"market\"},"
                + " {\"type\": \"query\", \"name\": \"s\", \"datasource\": "
                + CASS
                + ", \"query\": {\"query\": \"SELECT symbol FROM $ks.symbols\"}}");

    Dashboard read = DashboardQueries.parse("t.json", json);

    assertThat(read.panels()).isEqualTo(2);
    assertThat(read.queries())
        .extracting(Query::place, Query::datasourceType, Query::datasourceUid, Query::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("panel 'Rates' #1 A", "prometheus", "p", "up"),
            org.assertj.core.groups.Tuple.tuple("panel 'Rates' #1 B", "prometheus", "c", "x"),
            org.assertj.core.groups.Tuple.tuple(
                "panel 'Inner' #3 A", DashboardQueries.CASSANDRA, "c", "SELECT a FROM t"),
            org.assertj.core.groups.Tuple.tuple(
                "variable s", DashboardQueries.CASSANDRA, "c", "SELECT symbol FROM $ks.symbols"));
    assertThat(read.variables().get(0).defaultValue()).isEqualTo("market");
  }

  @Test
  void a_panel_without_a_query_should_be_refused_with_its_name() {
    String json = dashboard("{\"id\": 7, \"title\": \"Empty\", \"datasource\": " + PROM + "}", "");

    assertThatThrownBy(() -> DashboardQueries.parse("t.json", json))
        .hasMessage("t.json: panel 'Empty' #7 has no query (targets)");
  }

  @Test
  void a_panel_without_a_data_source_should_be_refused_with_its_name() {
    String json =
        dashboard(
            "{\"id\": 7, \"title\": \"Lost\", \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}",
            "");

    assertThatThrownBy(() -> DashboardQueries.parse("t.json", json))
        .hasMessageStartingWith("t.json: panel 'Lost' #7 A has no data source");
  }

  @Test
  void a_cassandra_target_of_the_query_configurator_should_be_refused() {
    String json =
        dashboard(
            "{\"id\": 1, \"title\": \"C\", \"datasource\": "
                + CASS
                + ", \"targets\": [{\"refId\": \"A\", \"table\": \"t\"}]}",
            "");

    assertThatThrownBy(() -> DashboardQueries.parse("t.json", json))
        .hasMessageContaining("query configurator");
  }

  @Test
  void duplicate_keys_and_trailing_text_should_not_be_valid_json() {
    assertThatThrownBy(() -> DashboardQueries.parse("t.json", "{\"uid\": \"a\", \"uid\": \"b\"}"))
        .hasMessageContaining("t.json: not valid JSON");
    assertThatThrownBy(() -> DashboardQueries.parse("t.json", dashboard("", "") + " {}"))
        .hasMessageContaining("t.json: not valid JSON");
  }
}
