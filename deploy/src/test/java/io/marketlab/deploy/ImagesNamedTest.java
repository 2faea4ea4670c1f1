package io.marketlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketlab.deploy.Descriptions.KubeObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every image the descriptions name is one the build produces (at the project's version) or a
 * public one listed in deploy/README.md at the version the lab runs (root pom properties).
 */
class ImagesNamedTest {

  @Test
  void should_name_only_built_or_documented_public_images() throws IOException {
    String version = Descriptions.projectVersion();
    Set<String> built =
        Set.of(
            "marketlab/ingest:" + version,
            "marketlab/processor:" + version,
            "marketlab/dashboard:" + version);
    String readme = Files.readString(Descriptions.deployDir().resolve("README.md"));
    List<String> problems = new ArrayList<>();
    Set<String> named = imagesNamed();
    assertThat(named).containsAll(built);
    for (String image : named) {
      if (!built.contains(image) && !readme.contains("`" + image + "`")) {
        problems.add(image + ": neither built by -Pimages nor listed in deploy/README.md");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void should_run_the_engine_versions_the_lab_tests() {
    Set<String> named = imagesNamed();
    assertThat(named).contains("apache/kafka:" + Descriptions.pomProperty("kafka.version"));
    String cassandra = Descriptions.pomProperty("cassandra.version");
    assertThat(named).contains("cassandra:" + cassandra.substring(0, cassandra.lastIndexOf('.')));
    String processorJar =
        "/opt/marketlab/processor-" + Descriptions.projectVersion() + "-spark.jar";
    assertThat(Descriptions.compose().toString()).contains(processorJar);
    assertThat(KubernetesSchemaTest.object("Job", "processor-submit").node().toString())
        .contains("local://" + processorJar);
  }

  static Set<String> imagesNamed() {
    Set<String> images = new LinkedHashSet<>();
    Descriptions.compose()
        .path("services")
        .elements()
        .forEachRemaining(service -> images.add(service.path("image").asText()));
    for (KubeObject object : Descriptions.kubernetesObjects()) {
      for (JsonNode container : object.node().at("/spec/template/spec/containers")) {
        images.add(container.path("image").asText());
        for (JsonNode argument : container.path("command")) {
          String text = argument.asText();
          if (text.startsWith("spark.kubernetes.container.image=")) {
            images.add(text.substring(text.indexOf('=') + 1));
          }
        }
      }
    }
    return images;
  }
}
