package io.marketlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketlab.deploy.Descriptions.KubeObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every object of deploy/k8s against the Kubernetes schemas (strict, deploy/schemas). */
class KubernetesSchemaTest {

  @Test
  void should_validate_against_the_schemas_of_kubernetes_1_36() {
    assertThat(Schemas.kubernetes().version()).isEqualTo("v1.36.0");
  }

  @Test
  void should_conform_every_object_to_its_kubernetes_schema() {
    List<KubeObject> objects = Descriptions.kubernetesObjects();
    assertThat(objects).hasSizeGreaterThan(10);
    List<String> problems = new ArrayList<>();
    for (KubeObject object : objects) {
      for (String problem : Schemas.kubernetes().problems(object.node())) {
        problems.add(object.name() + ": " + problem);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void should_list_every_manifest_in_the_kustomization() throws IOException {
    List<String> listed = new ArrayList<>();
    Descriptions.kustomization().path("resources").forEach(node -> listed.add(node.asText()));
    List<String> files;
    try (Stream<Path> paths = Files.list(Descriptions.deployDir().resolve("k8s"))) {
      files =
          paths
              .map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
              .toList();
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void should_describe_what_the_processor_on_kubernetes_needs() {
    List<String> kinds = new ArrayList<>();
    for (KubeObject object : Descriptions.kubernetesObjects()) {
      kinds.add(object.kind() + "/" + object.node().path("metadata").path("name").asText());
    }
    assertThat(kinds)
        .contains(
            "StatefulSet/kafka",
            "StatefulSet/cassandra",
            "Deployment/ingest",
            "Deployment/dashboard",
            "Service/dashboard",
            "ConfigMap/marketlab-settings",
            "ServiceAccount/spark-driver",
            "Role/spark-driver",
            "RoleBinding/spark-driver",
            "Job/processor-submit");
    JsonNode submit = object("Job", "processor-submit").node();
    JsonNode command = submit.at("/spec/template/spec/containers/0/command");
    assertThat(command.toString()).contains("k8s://https://kubernetes.default.svc");
    assertThat(submit.at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo("spark-driver");
  }

  @Test
  void should_fail_an_object_whose_field_has_the_wrong_type() {
    ObjectNode broken = Descriptions.copy(object("Deployment", "dashboard").node());
    ((ObjectNode) broken.path("spec")).put("replicas", "one");
    assertThat(Schemas.kubernetes().problems(broken))
        .anySatisfy(problem -> assertThat(problem).contains("/spec/replicas"));
  }

  @Test
  void should_fail_an_object_with_a_misspelt_field() {
    ObjectNode broken = Descriptions.copy(object("Deployment", "ingest").node());
    ObjectNode container = (ObjectNode) broken.at("/spec/template/spec/containers/0");
    container.set("envFrm", container.remove("envFrom"));
    assertThat(Schemas.kubernetes().problems(broken))
        .anySatisfy(problem -> assertThat(problem).contains("envFrm"));
  }

  @Test
  void should_accept_a_port_by_number_or_by_name() {
    ObjectNode service = Descriptions.copy(object("Service", "dashboard").node());
    ((ObjectNode) service.at("/spec/ports/0")).put("targetPort", 8088);
    assertThat(Schemas.kubernetes().problems(service)).isEmpty();
    ((ObjectNode) service.at("/spec/ports/0")).put("targetPort", true);
    assertThat(Schemas.kubernetes().problems(service)).isNotEmpty();
  }

  static KubeObject object(String kind, String name) {
    for (KubeObject object : Descriptions.kubernetesObjects()) {
      if (object.kind().equals(kind)
          && object.node().path("metadata").path("name").asText().equals(name)) {
        return object;
      }
    }
    throw new AssertionError("deploy/k8s has no " + kind + "/" + name);
  }
}
