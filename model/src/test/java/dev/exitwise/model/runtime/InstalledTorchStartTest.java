package dev.exitwise.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.EncoderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DjlRuntime#engine()} on an installed libtorch, each in a fresh JVM (a JVM loads one libtorch, and this one's
 * engine may have started already): a folder without the rebuilt JNI library stops start-up with the line that
 * names it; and, where {@value #LIBTORCH_ENV} names a folder with a libtorch and a rebuilt {@code libdjl_torch.so}
 * (docs/gpu.md), the engine starts on it and a random encoder gives the bundled PyTorch's output. That second test
 * skips itself where the variable is unset, as on CI.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InstalledTorchStartTest {
  /** A folder for PYTORCH_LIBRARY_PATH with a libtorch and a JNI library rebuilt against it. */
  static final String LIBTORCH_ENV = "EXITWISE_TEST_PYTORCH_LIBRARY_PATH";

  private static final EncoderConfig SHAPE = new EncoderConfig(100, 32, 2, 4, 64, 16, 2, 1e-12f);

  @TempDir
  Path folder;

  /** Starts the engine, prints its version and a random encoder's output: what the child JVM runs. */
  public static void main(String[] args) {
    DjlRuntime.configure(null);
    Engine engine = DjlRuntime.engine();
    System.out.println("version=" + engine.getVersion());
    StringBuilder out = new StringBuilder("output=");
    for (float value : encoderOutput()) {
      out.append(value).append(' ');
    }
    System.out.println(out.toString().trim());
  }

  private static float[] encoderOutput() {
    try (BertEncoder encoder = BertEncoder.random(SHAPE, 3, Device.cpu());
        NDManager scope = encoder.manager().newSubManager()) {
      NDArray hidden = encoder.forward(scope.create(new long[] {1, 5, 9, 2}, new Shape(1, 4)),
          scope.zeros(new Shape(1, 4), DataType.INT64), scope.ones(new Shape(1, 4)), 2);
      return hidden.toFloatArray();
    }
  }

  private record Child(int exitCode, String output) {}

  private Child runChild(String libraryPath) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", folder.resolve("cache").toString()),
        InstalledTorchStartTest.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(InstalledTorch.LIBRARY_PATH_ENV, libraryPath);
    builder.environment().remove(InstalledTorch.VERSION_ENV);
    builder.environment().remove(InstalledTorch.FLAVOR_ENV);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(100, TimeUnit.SECONDS), output);
    return new Child(process.exitValue(), output);
  }

  @Test
  void aFolderWithoutTheRebuiltJniStopsStartUpWithOneLine() throws Exception {
    Path lib = Files.createDirectories(folder.resolve("torch/lib"));
    Files.createFile(lib.resolve("libtorch.so"));
    Child child = runChild(lib.toString());
    assertNotEquals(0, child.exitCode(), child.output());
    assertTrue(child.output().contains("no libdjl_torch.so in " + lib.toAbsolutePath()
        + ": build it against this libtorch with tools/gpu/build-jni.sh"), child.output());
  }

  @Test
  void theEngineStartsOnAnInstalledLibtorchAndAgreesWithTheBundledOne() throws Exception {
    String libraryPath = System.getenv(LIBTORCH_ENV);
    assumeTrue(libraryPath != null && !libraryPath.isBlank(),
        LIBTORCH_ENV + " is unset: no installed libtorch with a rebuilt JNI to start on (docs/gpu.md)");
    InstalledTorch installed = InstalledTorch.inspect(libraryPath, name -> null);
    Child child = runChild(libraryPath);
    assertEquals(0, child.exitCode(), child.output());
    assertTrue(child.output().contains("version=" + InstalledTorch.release(installed.torchVersion())),
        child.output());
    String line = child.output().lines().filter(l -> l.startsWith("output=")).findFirst().orElseThrow();
    String[] values = line.substring("output=".length()).split(" ");
    DjlRuntime.configure(null);
    float[] bundled = encoderOutput();
    assertEquals(bundled.length, values.length);
    for (int i = 0; i < bundled.length; i++) {
      assertEquals(bundled[i], Float.parseFloat(values[i]), 1e-4, "value " + i);
    }
  }
}
