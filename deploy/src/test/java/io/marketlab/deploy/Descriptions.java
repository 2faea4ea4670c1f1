package io.marketlab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment descriptions of deploy/ as the tests read them: the compose file, the Kubernetes
 * objects of every file the kustomization lists (one YAML document each), and the root pom's
 * version properties.
 */
final class Descriptions {

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  /** One Kubernetes object and where it came from. */
  record KubeObject(String file, int index, JsonNode node) {
    String apiVersion() {
      return node.path("apiVersion").asText();
    }

    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return file + "#" + index + " " + kind() + "/" + node.path("metadata").path("name").asText();
    }
  }

  private Descriptions() {}

  /** deploy/, the module's directory (surefire runs the tests there). */
  static Path deployDir() {
    Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("compose/compose.yaml"))) {
      throw new IllegalStateException("not the deploy module's directory: " + dir);
    }
    return dir;
  }

  static Path projectRoot() {
    return deployDir().getParent();
  }

  static JsonNode compose() {
    return readYaml(deployDir().resolve("compose/compose.yaml"));
  }

  static JsonNode kustomization() {
    return readYaml(deployDir().resolve("k8s/kustomization.yaml"));
  }

  /** Every object of every file the kustomization lists, in order. */
  static List<KubeObject> kubernetesObjects() {
    List<KubeObject> objects = new ArrayList<>();
    for (JsonNode resource : kustomization().path("resources")) {
      Path file = deployDir().resolve("k8s").resolve(resource.asText());
      objects.addAll(readObjects(file));
    }
    return objects;
  }

  static List<KubeObject> readObjects(Path file) {
    List<KubeObject> objects = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var documents = YAML.readValues(parser, JsonNode.class);
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          objects.add(new KubeObject(file.getFileName().toString(), index, document));
        }
        index++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return objects;
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static ObjectNode copy(JsonNode node) {
    return (ObjectNode) node.deepCopy();
  }

  /** A property of the root pom ({@code <name>value</name>}), e.g. kafka.version. */
  static String pomProperty(String name) {
    String pom;
    try {
      pom = Files.readString(projectRoot().resolve("pom.xml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher matcher =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
            .matcher(pom);
    if (!matcher.find()) {
      throw new IllegalStateException("the root pom has no property " + name);
    }
    return matcher.group(1).strip();
  }

  /**
   * The project version, the root pom's own {@code <version>} (the first one after its parent-less
   * header).
   */
  static String projectVersion() {
    String pom;
    try {
      pom = Files.readString(projectRoot().resolve("pom.xml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher matcher =
        Pattern.compile("<artifactId>market-lab</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    if (!matcher.find()) {
      throw new IllegalStateException("the root pom names no version after market-lab");
    }
    return matcher.group(1).strip();
  }
}
