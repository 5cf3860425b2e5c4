package dev.exitwise.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exitwise.deploy.KubernetesManifests.Manifest;
import dev.exitwise.streams.config.ConfigSources;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests under {@code deploy/kubernetes}: valid against the Kubernetes API (offline, with the
 * official client's generated models), and consistent with the service they run: the settings parse, the probes
 * ask the paths and port the service serves, the selectors find the pods, the autoscaler watches the service's
 * consumer group and input topic, and the memory limit leaves room beside the heap.
 */
class KubernetesManifestsTest {
  private static List<Manifest> manifests;

  @BeforeAll
  static void read() throws IOException {
    manifests = KubernetesManifests.read(KubernetesManifests.directory());
  }

  private static JsonNode one(String kind) {
    List<JsonNode> found = manifests.stream().filter(m -> m.kind().equals(kind)).map(Manifest::object).toList();
    assertEquals(1, found.size(), kind + " objects");
    return found.get(0);
  }

  private static Properties settings() throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(one("ConfigMap").path("data").path("exitwise.properties").asText()));
    return properties;
  }

  private static JsonNode container() {
    return one("StatefulSet").path("spec").path("template").path("spec").path("containers").get(0);
  }

  @Test
  void everyManifestIsValidAgainstTheKubernetesApi() {
    assertEquals(List.of("ConfigMap", "PodDisruptionBudget", "ScaledObject", "Service", "StatefulSet"),
        manifests.stream().map(Manifest::kind).sorted().toList());
    manifests.forEach(KubernetesManifests::validate);
  }

  @Test
  void theValidatorRejectsWhatTheApiWouldReject() throws IOException {
    String statefulSet = Files.readString(KubernetesManifests.directory().resolve("statefulset.yaml"));
    for (String broken : List.of(statefulSet.replace("livenessProbe:", "livenesProbe:"),
        statefulSet.replace("  selector:\n    matchLabels:\n      app.kubernetes.io/name: exitwise\n  template:",
            "  template:"),
        statefulSet.replace("args: [\"run\", \"--config\", ", "args: \"run --config \" # "))) {
      Manifest manifest = KubernetesManifests.parse(Path.of("statefulset.yaml"), broken).get(0);
      assertThrows(IllegalArgumentException.class, () -> KubernetesManifests.validate(manifest),
          "should be rejected:\n" + broken);
    }
    String scaledObject = Files.readString(KubernetesManifests.directory().resolve("keda/scaledobject.yaml"));
    Manifest misspelt = KubernetesManifests.parse(Path.of("scaledobject.yaml"),
        scaledObject.replace("maxReplicaCount", "maxReplicas")).get(0);
    assertThrows(IllegalArgumentException.class, () -> KubernetesManifests.validate(misspelt));
  }

  @Test
  void theConfigMapIsAValidServiceConfiguration(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("exitwise.properties");
    Files.writeString(file, one("ConfigMap").path("data").path("exitwise.properties").asText());
    ServiceSettings parsed = ServiceSettings.from(ConfigSources.load(file, Map.of(), Map.of()));
    assertEquals(2, parsed.modelThreads());
    assertEquals(container().path("resources").path("requests").path("cpu").asText(),
        String.valueOf(parsed.modelThreads()), "one PyTorch thread per requested CPU");
  }

  @Test
  void probesAskThePathsAndPortTheServiceServes() throws IOException {
    JsonNode container = container();
    int port = Integer.parseInt(settings().getProperty(ExitwiseConfig.HTTP_PORT));
    assertEquals(port, container.path("ports").get(0).path("containerPort").asInt());
    String portName = container.path("ports").get(0).path("name").asText();
    assertEquals("/health", container.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals("/health", container.path("startupProbe").path("httpGet").path("path").asText());
    assertEquals("/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
      assertEquals(portName, container.path(probe).path("httpGet").path("port").asText(), probe);
    }
    JsonNode startup = container.path("startupProbe");
    long startupProbeMillis = startup.path("periodSeconds").asLong() * startup.path("failureThreshold").asLong()
        * 1000;
    assertEquals(startupProbeMillis, Long.parseLong(settings().getProperty(ExitwiseConfig.STARTUP_TIMEOUT_MS)),
        "the startup probe waits as long as the service's own start-up deadline");
    assertEquals(String.valueOf(port), one("StatefulSet").path("spec").path("template").path("metadata")
        .path("annotations").path("prometheus.io/port").asText());
  }

  @Test
  void selectorsFindTheServicesPods() {
    JsonNode statefulSet = one("StatefulSet");
    JsonNode podLabels = statefulSet.path("spec").path("template").path("metadata").path("labels");
    assertEquals(podLabels, statefulSet.path("spec").path("selector").path("matchLabels"));
    assertEquals(podLabels, one("PodDisruptionBudget").path("spec").path("selector").path("matchLabels"));
    assertEquals(podLabels, one("Service").path("spec").path("selector"));
    assertEquals(one("Service").path("metadata").path("name"), statefulSet.path("spec").path("serviceName"));
  }

  @Test
  void theAutoscalerWatchesTheServicesGroupAndInputTopic() throws IOException {
    Properties settings = settings();
    JsonNode spec = one("ScaledObject").path("spec");
    assertEquals("StatefulSet", spec.path("scaleTargetRef").path("kind").asText());
    assertEquals(one("StatefulSet").path("metadata").path("name"), spec.path("scaleTargetRef").path("name"));
    JsonNode kafka = spec.path("triggers").get(0);
    assertEquals("kafka", kafka.path("type").asText());
    assertEquals(settings.getProperty("application.id"), kafka.path("metadata").path("consumerGroup").asText());
    assertEquals(settings.getProperty(ExitwiseConfig.TOPIC_TEXT_EVENTS), kafka.path("metadata").path("topic").asText());
    assertEquals(settings.getProperty("bootstrap.servers"), kafka.path("metadata").path("bootstrapServers").asText());
  }

  @Test
  void shutdownFitsTheGracePeriodAndTheHeapLeavesRoomForNativeMemory() throws IOException {
    Properties settings = settings();
    long shutdownMillis = Long.parseLong(settings.getProperty(ExitwiseConfig.DRAIN_TIMEOUT_MS))
        + Long.parseLong(settings.getProperty(ExitwiseConfig.CLOSE_TIMEOUT_MS));
    long graceMillis = one("StatefulSet").path("spec").path("template").path("spec")
        .path("terminationGracePeriodSeconds").asLong() * 1000;
    assertTrue(shutdownMillis < graceMillis, shutdownMillis + " ms of shutdown in a " + graceMillis + " ms grace");

    JsonNode container = container();
    String javaOptions = "";
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
        javaOptions = variable.path("value").asText();
      }
    }
    Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOptions);
    assertTrue(percentage.find(), javaOptions);
    assertTrue(Integer.parseInt(percentage.group(1)) <= 50, "PyTorch's native memory needs the other half");
    assertFalse(container.path("resources").path("limits").path("memory").isMissingNode());
  }
}
