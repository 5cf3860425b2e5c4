package dev.exitwise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the manifests under {@code deploy/kubernetes} and validates each object offline against the Kubernetes API:
 * the official Java client's models are generated from the API's OpenAPI document, and their
 * {@code validateJsonElement} rejects a field the API does not have, a missing required field and a value of the
 * wrong kind, at every depth.
 */
final class KubernetesManifests {
  /** One object of a manifest file. */
  record Manifest(Path file, JsonNode object) {
    String kind() {
      return object.path("kind").asText();
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The API validators by {@code apiVersion/kind}; a kind not listed here is an error. */
  private static final Map<String, Validator> VALIDATORS = Map.of(
      "v1/ConfigMap", V1ConfigMap::validateJsonElement,
      "v1/Service", V1Service::validateJsonElement,
      "apps/v1/StatefulSet", V1StatefulSet::validateJsonElement,
      "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement,
      "keda.sh/v1alpha1/ScaledObject", KubernetesManifests::validateScaledObject);

  @FunctionalInterface
  interface Validator {
    void validate(JsonElement object) throws IOException;
  }

  private KubernetesManifests() {}

  /** @return the repository's {@code deploy/kubernetes}, found from the module folder the tests run in */
  static Path directory() {
    Path dir = Path.of("").toAbsolutePath().getParent().resolve("deploy").resolve("kubernetes");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(dir + " is missing: run the tests from the repository's streams-app");
    }
    return dir;
  }

  /** @return every object of every {@code .yaml} file under {@code dir}, in file order */
  static List<Manifest> read(Path dir) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
        manifests.addAll(parse(file, Files.readString(file)));
      }
    }
    return manifests;
  }

  /** @return the objects of one YAML text (documents separated by {@code ---}; empty ones skipped) */
  static List<Manifest> parse(Path file, String yaml) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
      for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          manifests.add(new Manifest(file, document));
        }
      }
    }
    return manifests;
  }

  /**
   * Validates one object against its API.
   *
   * @throws IllegalArgumentException naming the file and the field, if the API rejects it or its kind is unknown
   */
  static void validate(Manifest manifest) {
    String type = manifest.object().path("apiVersion").asText() + "/" + manifest.kind();
    Validator validator = VALIDATORS.get(type);
    if (validator == null) {
      throw new IllegalArgumentException(manifest.file() + ": no validator for " + type);
    }
    try {
      validator.validate(gson(manifest.object()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(manifest.file() + " (" + type + "): " + e.getMessage(), e);
    }
  }

  /**
   * KEDA's schema is not published where the build can fetch it (the Kubernetes models cover the core API only),
   * so a ScaledObject is checked here: its metadata against the API's ObjectMeta, its spec and triggers against
   * the fields of KEDA's ScaledObject v1alpha1 API that this repository uses or documents.
   */
  private static void validateScaledObject(JsonElement object) throws IOException {
    JsonNode node = JSON.readTree(object.toString());
    V1ObjectMeta.validateJsonElement(object.getAsJsonObject().get("metadata"));
    onlyFields(node, "ScaledObject", List.of("apiVersion", "kind", "metadata", "spec"));
    JsonNode spec = node.path("spec");
    onlyFields(spec, "spec", List.of("scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod",
        "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"));
    onlyFields(spec.path("scaleTargetRef"), "scaleTargetRef", List.of("apiVersion", "kind", "name",
        "envSourceContainerName"));
    if (!spec.path("triggers").isArray() || spec.path("triggers").isEmpty()) {
      throw new IllegalArgumentException("spec.triggers: at least one trigger is required");
    }
    for (JsonNode trigger : spec.path("triggers")) {
      onlyFields(trigger, "trigger", List.of("type", "name", "metadata", "authenticationRef", "metricType",
          "useCachedMetrics"));
      if (trigger.path("metadata").properties().stream().anyMatch(entry -> !entry.getValue().isTextual())) {
        throw new IllegalArgumentException("trigger metadata values must be strings: " + trigger.path("metadata"));
      }
    }
  }

  private static void onlyFields(JsonNode node, String what, List<String> allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " must be an object");
    }
    ((ObjectNode) node).fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("The field `" + name + "` is not defined in " + what + " " + allowed);
      }
    });
  }

  private static JsonElement gson(JsonNode node) throws IOException {
    return JsonParser.parseString(JSON.writeValueAsString(node));
  }
}
