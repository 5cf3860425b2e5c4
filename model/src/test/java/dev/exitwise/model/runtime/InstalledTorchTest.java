package dev.exitwise.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up checks of an installed libtorch, on folders laid out as pip, libtorch and system installs are. */
class InstalledTorchTest {
  private static final UnaryOperator<String> NOTHING_SET = name -> null;

  @TempDir
  Path root;

  /** A pip {@code torch} package: {@code torch/version.py} and {@code torch/lib}. */
  private Path pipTorch(String version, boolean cuda, boolean jni) throws IOException {
    Path lib = Files.createDirectories(root.resolve("site-packages/torch/lib"));
    Files.writeString(lib.getParent().resolve("version.py"),
        "__version__ = '" + version + "'\ndebug = False\ncuda: Optional[str] = '13.0'\n");
    Files.createFile(lib.resolve("libtorch.so"));
    if (cuda) {
      Files.createFile(lib.resolve("libtorch_cuda.so"));
    }
    if (jni) {
      Files.createFile(lib.resolve("libdjl_torch.so"));
    }
    return lib;
  }

  private static String failure(String path, UnaryOperator<String> settings) {
    return assertThrows(IllegalStateException.class, () -> InstalledTorch.inspect(path, settings)).getMessage();
  }

  @Test
  void aPipCudaInstallWithARebuiltJniIsAccepted() throws IOException {
    Path lib = pipTorch("2.11.0+cu130", true, true);
    Files.writeString(lib.resolve(InstalledTorch.JNI_PROPERTIES), "torch_version=2.11.0\n");
    InstalledTorch torch = InstalledTorch.inspect(lib.toString(), NOTHING_SET);
    assertEquals("2.11.0+cu130", torch.torchVersion());
    assertEquals("2.11.0", torch.jniTorchVersion());
    assertTrue(torch.cudaBuild());
    assertEquals("cu130", torch.flavor());
    assertEquals(lib.toAbsolutePath(), torch.libraryDir());
  }

  @Test
  void eachMissingPieceIsNamed() throws IOException {
    assertTrue(failure(root.resolve("nowhere").toString(), NOTHING_SET).contains("is not a folder"));
    Path empty = Files.createDirectories(root.resolve("empty"));
    String noTorch = failure(empty.toString(), NOTHING_SET);
    assertTrue(noTorch.startsWith("no libtorch.so in " + empty), noTorch);
    Path lib = pipTorch("2.11.0+cu130", true, false);
    String noJni = failure(lib.toString(), NOTHING_SET);
    assertTrue(noJni.startsWith("no libdjl_torch.so in " + lib) && noJni.contains("tools/gpu/build-jni.sh"), noJni);
    String several = failure(lib + File.pathSeparator + empty, NOTHING_SET);
    assertTrue(several.contains("names several folders"), several);
  }

  @Test
  void aJniBuiltForAnotherTorchIsRefused() throws IOException {
    Path lib = pipTorch("2.11.0+cu130", true, true);
    Files.writeString(lib.resolve(InstalledTorch.JNI_PROPERTIES), "torch_version=2.10.0\n");
    String message = failure(lib.toString(), NOTHING_SET);
    assertTrue(message.contains("built against torch 2.10.0 but the libtorch there is 2.11.0+cu130"), message);
  }

  @Test
  void settingsThatContradictTheFolderAreRefused() throws IOException {
    Path lib = pipTorch("2.11.0+cpu", false, true);
    String version = failure(lib.toString(), Map.of("PYTORCH_VERSION", "2.7.1")::get);
    assertTrue(version.startsWith("PYTORCH_VERSION=2.7.1 but the libtorch in"), version);
    assertEquals("2.11.0+cpu",
        InstalledTorch.inspect(lib.toString(), Map.of("PYTORCH_VERSION", "2.11")::get).torchVersion());
    String flavor = failure(lib.toString(), Map.of("PYTORCH_FLAVOR", "cu130")::get);
    assertTrue(flavor.contains("is a CPU build (no libtorch_cuda.so)"), flavor);
  }

  @Test
  void theVersionComesFromALibtorchFolderTheHeadersOrTheLibraryName() throws IOException {
    Path libtorch = Files.createDirectories(root.resolve("libtorch/lib"));
    Files.writeString(libtorch.getParent().resolve("build-version"), "2.10.0+cpu\n");
    assertEquals("2.10.0+cpu", InstalledTorch.readTorchVersion(libtorch));

    Path headers = Files.createDirectories(root.resolve("headers/include/torch/csrc/api/include/torch"));
    Files.writeString(headers.resolve("version.h"),
        "#define TORCH_VERSION_MAJOR 1\n#define TORCH_VERSION_MINOR 13\n#define TORCH_VERSION_PATCH 1\n");
    assertEquals("1.13.1", InstalledTorch.readTorchVersion(Files.createDirectories(root.resolve("headers/lib"))));

    Path system = Files.createDirectories(root.resolve("system/x86_64"));
    Path real = Files.createFile(system.resolve("libtorch.so.1.13.0"));
    Path linked = Files.createDirectories(root.resolve("system/runtime"));
    Files.createSymbolicLink(linked.resolve("libtorch.so"), real);
    assertEquals("1.13.0", InstalledTorch.readTorchVersion(linked));

    Path annotated = Files.createDirectories(root.resolve("annotated/torch/lib"));
    Files.writeString(annotated.getParent().resolve("version.py"), "__version__: str = \"2.12.0+cu130\"\n");
    assertEquals("2.12.0+cu130", InstalledTorch.readTorchVersion(annotated));

    assertNull(InstalledTorch.readTorchVersion(Files.createDirectories(root.resolve("bare/lib"))));
  }

  @Test
  void theFlavourFollowsTheBuild() {
    assertEquals("cpu", new InstalledTorch(root, "1.13.0", null, false).flavor());
    assertEquals("cuda", new InstalledTorch(root, "2.11.0", null, true).flavor());
    assertEquals("cu128", new InstalledTorch(root, "2.11.0+cu128", null, true).flavor());
    assertEquals("cuda", new InstalledTorch(root, null, null, true).flavor());
  }

  @Test
  void gpuProblemsNameTheirCause() {
    InstalledTorch cpuBuild = new InstalledTorch(root, "2.11.0+cpu", null, false);
    assertTrue(cpuBuild.gpuProblem(true, 1).orElseThrow().contains("is a CPU build"));
    InstalledTorch cudaBuild = new InstalledTorch(root, "2.11.0+cu130", null, true);
    assertTrue(cudaBuild.gpuProblem(false, 0).orElseThrow().contains("-Djna.library.path="));
    assertTrue(cudaBuild.gpuProblem(true, 0).orElseThrow().contains("sees no GPU"));
    assertFalse(cudaBuild.gpuProblem(true, 1).isPresent());
  }

  @Test
  void releaseDropsTheLocalPart() {
    assertEquals("2.11.0", InstalledTorch.release("2.11.0+cu130"));
    assertEquals("1.13", InstalledTorch.release("1.13"));
  }

  @Test
  void djlRuntimeFillsInVersionAndFlavourFromTheFolder() throws IOException {
    Path lib = pipTorch("2.11.0+cu130", true, true);
    try {
      System.setProperty(InstalledTorch.LIBRARY_PATH_ENV, lib.toString());
      InstalledTorch torch = DjlRuntime.installedTorchOrNull();
      assertEquals(lib.toAbsolutePath(), torch.libraryDir());
      if (System.getenv(InstalledTorch.VERSION_ENV) == null) {
        assertEquals("2.11.0+cu130", System.getProperty(InstalledTorch.VERSION_ENV));
      }
      if (System.getenv(InstalledTorch.FLAVOR_ENV) == null) {
        assertEquals("cu130", System.getProperty(InstalledTorch.FLAVOR_ENV));
      }
      Files.delete(lib.resolve("libdjl_torch.so"));
      assertThrows(IllegalStateException.class, DjlRuntime::installedTorchOrNull);
    } finally {
      System.clearProperty(InstalledTorch.LIBRARY_PATH_ENV);
      System.clearProperty(InstalledTorch.VERSION_ENV);
      System.clearProperty(InstalledTorch.FLAVOR_ENV);
    }
  }
}
