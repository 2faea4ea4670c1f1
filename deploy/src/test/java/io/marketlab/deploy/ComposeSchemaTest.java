package io.marketlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** deploy/compose/compose.yaml against the Compose specification's JSON schema. */
class ComposeSchemaTest {

  @Test
  void should_conform_to_the_compose_specification() {
    assertThat(Schemas.composeProblems(Descriptions.compose())).isEmpty();
  }

  @Test
  void should_describe_the_whole_stack() {
    assertThat(Descriptions.compose().path("services").fieldNames())
        .toIterable()
        .contains(
            "kafka",
            "cassandra",
            "spark-master",
            "spark-worker",
            "processor",
            "ingest",
            "dashboard",
            "prometheus",
            "grafana");
  }

  @Test
  void should_fail_a_compose_file_whose_field_has_the_wrong_type() {
    ObjectNode broken = Descriptions.copy(Descriptions.compose());
    // ports is a list; a bare string is what a hand edit gets wrong.
    ((ObjectNode) broken.path("services").path("dashboard")).put("ports", "8088:8088");
    assertThat(Schemas.composeProblems(broken))
        .anySatisfy(problem -> assertThat(problem).contains("/services/dashboard/ports"));
  }

  @Test
  void should_fail_a_compose_file_with_an_unknown_service_field() {
    ObjectNode broken = Descriptions.copy(Descriptions.compose());
    ((ObjectNode) broken.path("services").path("ingest")).put("enviroment", "LAB_SYMBOLS=AAPL");
    assertThat(Schemas.composeProblems(broken))
        .anySatisfy(problem -> assertThat(problem).contains("enviroment"));
  }
}
