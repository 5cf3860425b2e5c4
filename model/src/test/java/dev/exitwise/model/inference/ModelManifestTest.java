package dev.exitwise.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelManifestTest {
  private static final ModelManifest.Tenant TENANT = new ModelManifest.Tenant("t", List.of("a", "b"),
      "t.safetensors", null, null, "full", Map.of(), Map.of());

  @Test
  void thresholdsSharedByEveryLayerAreKeptOnce() {
    float[] shared = {0.3f, 0.6f};
    ModelManifest.Tenant calibrated =
        TENANT.calibrated(new float[][] {shared.clone(), shared.clone(), shared.clone()}, "static(2)", Map.of());
    assertArrayEquals(shared, calibrated.thresholds());
    assertNull(calibrated.layerThresholds());
    assertEquals("static(2)", calibrated.exitPolicy());
  }

  @Test
  void thresholdsThatDifferByLayerAreKeptPerLayer() {
    float[][] perLayer = {{0.3f, 0.6f}, {0.4f, 0.6f}};
    ModelManifest.Tenant calibrated = TENANT.calibrated(perLayer, "full", Map.of());
    assertArrayEquals(perLayer, calibrated.layerThresholds());
    assertArrayEquals(perLayer[1], calibrated.thresholds());
  }
}
