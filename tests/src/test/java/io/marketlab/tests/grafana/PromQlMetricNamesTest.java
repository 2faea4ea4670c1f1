package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void should_find_the_selected_metrics_and_not_functions_labels_or_numbers() {
    assertThat(
            PromQlMetricNames.of(
                "histogram_quantile(0.99, sum by (le, query) (rate(m_seconds_bucket{job=\"x\"}"
                    + "[$__rate_interval])))"))
        .containsExactly("m_seconds_bucket");
    assertThat(
            PromQlMetricNames.of(
                "sum(rate(a_total[5m])) / clamp_min(sum(rate(b_total[5m])), 1e-9)"
                    + " and on() (c:rule:rate30s or vector(0)) offset 1m"))
        .containsExactly("a_total", "b_total", "c:rule:rate30s");
    assertThat(PromQlMetricNames.of("up{job=\"kafka\"} == bool 0")).containsExactly("up");
    assertThat(PromQlMetricNames.of("sum(x) without (part) > ignoring(a) group_left y"))
        .containsExactly("x", "y");
  }
}
