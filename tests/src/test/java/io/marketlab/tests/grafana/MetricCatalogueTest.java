package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {

  @Test
  void a_jmx_rule_name_should_expand_to_every_alternative_of_its_groups() {
    assertThat(
            MetricCatalogue.expand(
                "x<type=ClientRequest, scope=(Read|Write), name=(Timeouts|Unavailables)><>Count",
                "cassandra_client_request_$2_total_$1"))
        .containsExactly(
            "cassandra_client_request_Timeouts_total_Read",
            "cassandra_client_request_Unavailables_total_Read",
            "cassandra_client_request_Timeouts_total_Write",
            "cassandra_client_request_Unavailables_total_Write");
  }

  @Test
  void the_lab_catalogue_should_hold_documented_jmx_and_recorded_names() throws IOException {
    MetricCatalogue catalogue = MetricCatalogue.load(GrafanaBundleTest.ROOT);

    assertThat(catalogue.source("marketlab_processor_store_latency_seconds_bucket"))
        .isEqualTo("docs/METRICS.md");
    assertThat(catalogue.source("kafka_server_brokertopicmetrics_messagesin_total"))
        .endsWith("kafka-jmx-exporter.yaml");
    assertThat(catalogue.source("cassandra_client_request_unavailables_total"))
        .endsWith("cassandra-jmx-exporter.yaml");
    assertThat(catalogue.source("marketlab:processor_trades_stored:rate30s"))
        .isEqualTo("deploy/prometheus/rules/marketlab.yml");
    assertThat(catalogue.contains("marketlab_processor_store_latency_seconds_total")).isFalse();
    assertThat(catalogue.labelValues("kafka_network_request_total_time_ms", "quantile"))
        .hasValue(java.util.Set.of("0.50", "0.99"));
    assertThat(catalogue.labelValues("cassandra_client_requests_total", "request"))
        .hasValue(java.util.Set.of("Read", "Write"));
  }
}
