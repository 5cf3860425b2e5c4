package dev.exitwise.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published model directory as the service loads it: the version named by the pointer, its revision in the model
 * version, each tenant's adapter version, and a tenant's override over its calibrated policy and thresholds.
 */
class PublishedModelTest {
  private static final long SEED = 7L;

  @TempDir
  Path dir;

  @Test
  void loadsTheServedVersionWithItsRevisionAdapterVersionsAndOverrides() {
    Path backbone = dir.resolve("backbone");
    TinyModels.writeBackboneDirectory(backbone, SEED);
    Path model = dir.resolve("model");
    ModelDirectory.Published first = TinyModels.publish(model, backbone, SEED, Map.of("t", List.of("a", "b")));
    String adapterVersion;
    float[][] calibrated;
    try (ExitwiseModel loaded = ExitwiseModel.load(model, Device.cpu())) {
      assertEquals("tiny-random-" + SEED + "@" + first.id(), loaded.modelVersion());
      adapterVersion = loaded.adapterVersion("t");
      assertEquals(AdapterVersions.of(first.directory().resolve("t.safetensors")), adapterVersion);
      assertEquals(AdapterVersions.LENGTH, adapterVersion.length());
      assertNotEquals("full", loaded.policy("t").describe());
      calibrated = loaded.thresholds("t");
    }

    ModelDirectory.Published overridden = ModelDirectory.publishManifest(model, served -> served.withTenant(
        served.tenant("t").overridden(new PolicyOverride("full", Map.of("a", 0.9f), "test", "now"))));
    try (ExitwiseModel loaded = ExitwiseModel.load(model, Device.cpu())) {
      assertTrue(loaded.modelVersion().endsWith("@" + overridden.id()), loaded.modelVersion());
      assertEquals(adapterVersion, loaded.adapterVersion("t"), "the weights did not change");
      assertEquals("full", loaded.policy("t").describe());
      for (int layer = 0; layer < calibrated.length; layer++) {
        assertArrayEquals(new float[] {0.9f, calibrated[layer][1]}, loaded.thresholds("t")[layer]);
      }
      assertEquals("full", loaded.classify(List.of(new ClassifyRequest("t", "some text", null))).get(0).policy());
    }

    ModelDirectory.publishManifest(model, served -> served.withTenant(
        served.tenant("t").overridden(new PolicyOverride(null, Map.of("zebra", 0.5f), null, "now"))));
    IllegalArgumentException unknownLabel = assertThrows(IllegalArgumentException.class,
        () -> ExitwiseModel.load(model, Device.cpu()).close());
    assertTrue(unknownLabel.getMessage().contains("label 'zebra'"), unknownLabel.getMessage());
  }
}
