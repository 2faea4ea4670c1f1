package io.marketlab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The published schemas of deploy/schemas (README there: source, version, licence) as validators:
 * the Compose specification's JSON schema, and the Kubernetes OpenAPI definitions of kustomize's
 * bundle, made strict as kubeconform's -strict makes them (an object with declared properties takes
 * no others, so a misspelt field fails) and with the two scalar types whose OpenAPI v2 form says
 * less than the API server accepts: IntOrString is an integer or a string, Quantity a number or a
 * string.
 */
final class Schemas {

  private static final String COMPOSE_IRI = "https://marketlab.invalid/compose_spec.json";
  private static final String KUBERNETES_IRI =
      "https://marketlab.invalid/kubernetes-definitions.json";

  private static Schema compose;
  private static Kubernetes kubernetes;

  private Schemas() {}

  /** The problems of a compose file, empty when it conforms. */
  static synchronized List<String> composeProblems(JsonNode composeFile) {
    if (compose == null) {
      Path file = Descriptions.deployDir().resolve("schemas/compose-spec.json");
      try {
        // Its $id (compose_spec.json) is relative: it resolves against where it was read from.
        String text = Files.readString(file);
        compose =
            SchemaRegistry.withDefaultDialect(
                    SpecificationVersion.DRAFT_7,
                    builder -> builder.schemas(Map.of(COMPOSE_IRI, text)))
                .getSchema(SchemaLocation.of(COMPOSE_IRI));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return messages(compose.validate(composeFile));
  }

  static synchronized Kubernetes kubernetes() {
    if (kubernetes == null) {
      kubernetes = Kubernetes.load(Descriptions.deployDir().resolve("schemas"));
    }
    return kubernetes;
  }

  static List<String> messages(List<Error> errors) {
    List<String> messages = new ArrayList<>();
    for (Error error : errors) {
      messages.add(error.getInstanceLocation() + ": " + error.getMessage());
    }
    return messages;
  }

  /** Validators of Kubernetes objects by apiVersion and kind. */
  static final class Kubernetes {
    private final SchemaRegistry registry;
    private final Map<String, String> definitionByKind;
    private final Map<String, Schema> schemas = new HashMap<>();
    private final String kubernetesVersion;

    private Kubernetes(
        SchemaRegistry registry, Map<String, String> definitionByKind, String kubernetesVersion) {
      this.registry = registry;
      this.definitionByKind = definitionByKind;
      this.kubernetesVersion = kubernetesVersion;
    }

    static Kubernetes load(Path schemasDir) {
      Path file = schemasDir.resolve("kubernetes-openapi-union.bundle-v1.json.gz");
      JsonNode bundle;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        bundle = Descriptions.JSON.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      Map<String, String> byKind = new HashMap<>();
      for (JsonNode resource : bundle.path("resources")) {
        byKind.put(
            resource.path("apiVersion").asText() + " " + resource.path("kind").asText(),
            resource.path("definition").asText());
      }
      ObjectNode definitions = (ObjectNode) bundle.path("definitions").deepCopy();
      Iterator<Map.Entry<String, JsonNode>> entries = definitions.fields();
      while (entries.hasNext()) {
        strict(entries.next().getValue());
      }
      ObjectNode intOrString = Descriptions.JSON.createObjectNode();
      anyOfTypes(intOrString, "integer", "string");
      definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", intOrString);
      ObjectNode quantity = Descriptions.JSON.createObjectNode();
      anyOfTypes(quantity, "number", "string");
      definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", quantity);

      ObjectNode root = Descriptions.JSON.createObjectNode();
      root.put("$schema", "http://json-schema.org/draft-04/schema#");
      root.put("id", KUBERNETES_IRI);
      root.set("definitions", definitions);
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_4,
              builder -> builder.schemas(Map.of(KUBERNETES_IRI, root.toString())));
      String newest = bundle.path("coverage").path("ceiling").asText();
      return new Kubernetes(registry, byKind, newest);
    }

    /** The newest Kubernetes version of the bundle (its definitions win). */
    String version() {
      return kubernetesVersion;
    }

    boolean knows(String apiVersion, String kind) {
      return definitionByKind.containsKey(apiVersion + " " + kind);
    }

    /** The problems of one object, empty when it conforms. */
    synchronized List<String> problems(JsonNode object) {
      String key = object.path("apiVersion").asText() + " " + object.path("kind").asText();
      String definition = definitionByKind.get(key);
      if (definition == null) {
        return List.of("no Kubernetes schema for " + key);
      }
      Schema schema =
          schemas.computeIfAbsent(
              definition,
              name ->
                  registry.getSchema(SchemaLocation.of(KUBERNETES_IRI + "#/definitions/" + name)));
      return messages(schema.validate(object));
    }

    /** Walks schemas only (not the names of properties, one of which may be "properties"). */
    private static void strict(JsonNode schema) {
      if (!(schema instanceof ObjectNode object)) {
        return;
      }
      JsonNode properties = object.get("properties");
      if (properties instanceof ObjectNode declared) {
        if (!object.has("additionalProperties")) {
          object.put("additionalProperties", false);
        }
        declared.elements().forEachRemaining(Kubernetes::strict);
      }
      strict(object.get("items"));
      strict(object.get("additionalProperties"));
      for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
        JsonNode parts = object.get(combinator);
        if (parts instanceof ArrayNode array) {
          array.forEach(Kubernetes::strict);
        }
      }
    }

    private static void anyOfTypes(ObjectNode node, String... types) {
      ArrayNode anyOf = node.putArray("anyOf");
      for (String type : types) {
        anyOf.addObject().put("type", type);
      }
    }
  }
}
