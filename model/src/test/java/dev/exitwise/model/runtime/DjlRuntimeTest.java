package dev.exitwise.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.EncoderConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

  @BeforeAll
  static void offline() {
    DjlRuntime.configure(null);
  }

  @Test
  void configureRunsOfflineWithALastingCacheFolder() {
    DjlRuntime.configure(null);
    assertEquals("true", System.getProperty("ai.djl.offline"));
    assertTrue(System.getProperty("DJL_CACHE_DIR") != null && !System.getProperty("DJL_CACHE_DIR").isBlank());
    assertEquals(System.getProperty("DJL_CACHE_DIR"), System.getProperty("ENGINE_CACHE_DIR"));
    assertTrue(DjlRuntime.nativeLibraryOnClassPath(), "the CPU native jar is a dependency of the model module");
    assertEquals("PyTorch", DjlRuntime.engine().getEngineName());
  }

  @Test
  void aUsersOfflineChoiceIsKept() {
    String before = System.getProperty(DjlRuntime.OFFLINE_PROPERTY);
    try {
      System.setProperty(DjlRuntime.OFFLINE_PROPERTY, "false");
      DjlRuntime.configure(null);
      assertEquals("false", System.getProperty(DjlRuntime.OFFLINE_PROPERTY));
      assertTrue(!DjlRuntime.offline());
      System.clearProperty(DjlRuntime.OFFLINE_PROPERTY);
      DjlRuntime.configure(null);
      assertTrue(DjlRuntime.offline());
    } finally {
      System.setProperty(DjlRuntime.OFFLINE_PROPERTY, before == null ? "true" : before);
    }
  }

  @Test
  void cpuAndAutoAndBadChoices() {
    assertEquals(Device.cpu(), DjlRuntime.selectDevice(DeviceChoice.parse("cpu")));
    assertEquals(Device.cpu(), DjlRuntime.selectDevice(DeviceChoice.parse(" CPU ")));
    Device auto = DjlRuntime.selectDevice(DeviceChoice.AUTO);
    assertEquals(DjlRuntime.engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu(), auto);
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(null));
  }

  @Test
  void gpuWithoutAGpuIsAClearError() {
    assumeTrue(DjlRuntime.engine().getGpuCount() == 0, "this machine has a GPU: see gpuRunsTheEncoder");
    IllegalStateException error = assertThrows(IllegalStateException.class, () -> DjlRuntime.selectDevice(DeviceChoice.GPU));
    assertTrue(error.getMessage().contains("finds no GPU"), error.getMessage());
    assertTrue(error.getMessage().contains("pytorch-native"), error.getMessage());
  }

  @Test
  void gpuRunsTheEncoder() {
    assumeTrue(DjlRuntime.engine().getGpuCount() > 0, "no GPU on this machine: GPU test skipped");
    EncoderConfig config = new EncoderConfig(100, 32, 2, 4, 64, 16, 2, 1e-12f);
    try (BertEncoder onGpu = BertEncoder.random(config, 3, DjlRuntime.selectDevice(DeviceChoice.GPU));
        BertEncoder onCpu = BertEncoder.random(config, 3, Device.cpu());
        NDManager gpu = onGpu.manager().newSubManager();
        NDManager cpu = onCpu.manager().newSubManager()) {
      long[] ids = {1, 5, 9, 2};
      NDArray gpuOut = onGpu.forward(
          gpu.create(ids, new Shape(1, 4)), gpu.zeros(new Shape(1, 4), ai.djl.ndarray.types.DataType.INT64),
          gpu.ones(new Shape(1, 4)), 2);
      NDArray cpuOut = onCpu.forward(
          cpu.create(ids, new Shape(1, 4)), cpu.zeros(new Shape(1, 4), ai.djl.ndarray.types.DataType.INT64),
          cpu.ones(new Shape(1, 4)), 2);
      assertTrue(gpuOut.getDevice().isGpu());
      float[] a = gpuOut.toFloatArray();
      float[] b = cpuOut.toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertEquals(b[i], a[i], 1e-4);
      }
    }
  }

  @Test
  void threadCountsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> DjlRuntime.setThreads(0, 1));
  }
}
