package dev.exitwise.model.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PyTorch installed outside the class path (a pip {@code torch} package, a libtorch folder, a system libtorch)
 * that DJL loads from the folder named by {@value #LIBRARY_PATH_ENV}, through a JNI library rebuilt against it by
 * {@code tools/gpu/build-jni.sh}. {@link #inspect} checks the folder before DJL touches it, so that what is missing
 * is named in one line instead of surfacing as a download attempt or a crash inside native code.
 *
 * @param libraryDir the folder holding {@code libtorch.so} and {@code libdjl_torch.so}
 * @param torchVersion the installed libtorch's version ({@code 2.11.0+cu130}, {@code 1.13.0}), or null where the
 *     folder does not say
 * @param jniTorchVersion the torch version {@code libdjl_torch.so} was compiled against (from the build script's
 *     {@value #JNI_PROPERTIES}), or null for a JNI library built another way
 * @param cudaBuild whether the libtorch has CUDA kernels ({@code libtorch_cuda.so} beside {@code libtorch.so})
 */
public record InstalledTorch(Path libraryDir, String torchVersion, String jniTorchVersion, boolean cudaBuild) {

  /** DJL's variable naming the folder of an installed libtorch; exitwise accepts one folder. */
  public static final String LIBRARY_PATH_ENV = "PYTORCH_LIBRARY_PATH";

  /** DJL's variable naming the libtorch's version; exitwise fills it in from the folder when it is unset. */
  public static final String VERSION_ENV = "PYTORCH_VERSION";

  /** DJL's variable naming the flavour ({@code cpu}, {@code cu130}); exitwise fills it in when it is unset. */
  public static final String FLAVOR_ENV = "PYTORCH_FLAVOR";

  /** What {@code tools/gpu/build-jni.sh} writes next to the library: the torch version it was built against. */
  public static final String JNI_PROPERTIES = "libdjl_torch.properties";

  static final String TORCH_LIBRARY = "libtorch.so";
  static final String JNI_LIBRARY = "libdjl_torch.so";
  static final String CUDA_LIBRARY = "libtorch_cuda.so";

  private static final Pattern VERSION_PY =
      Pattern.compile("__version__\\s*(?::\\s*str\\s*)?=\\s*['\"]([^'\"]+)['\"]");
  private static final Pattern HEADER_PART = Pattern.compile("#define TORCH_VERSION_(MAJOR|MINOR|PATCH) (\\d+)");
  private static final Pattern SO_VERSION = Pattern.compile("libtorch\\.so\\.(\\d+\\.\\d+(?:\\.\\d+)?)");
  private static final Pattern RELEASE = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?).*");

  /**
   * Checks a libtorch folder for what DJL needs to load it offline.
   *
   * @param libraryPath the value of {@value #LIBRARY_PATH_ENV}
   * @param settings reads a setting as DJL does (environment variable, else system property); null when unset
   * @return the installed libtorch, its version read from the folder where the folder says
   * @throws RuntimeSetupException naming the one thing that is missing or inconsistent
   */
  public static InstalledTorch inspect(String libraryPath, UnaryOperator<String> settings) {
    if (libraryPath.contains(java.io.File.pathSeparator)) {
      throw new RuntimeSetupException(LIBRARY_PATH_ENV + "=" + libraryPath
          + " names several folders; exitwise takes one: the folder holding libtorch.so and libdjl_torch.so");
    }
    Path dir = Path.of(libraryPath).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new RuntimeSetupException(LIBRARY_PATH_ENV + "=" + libraryPath + " is not a folder");
    }
    if (!Files.isRegularFile(dir.resolve(TORCH_LIBRARY))) {
      throw new RuntimeSetupException("no " + TORCH_LIBRARY + " in " + dir + ": " + LIBRARY_PATH_ENV
          + " must name libtorch's lib folder (for a pip install, site-packages/torch/lib)");
    }
    if (!Files.isRegularFile(dir.resolve(JNI_LIBRARY))) {
      throw new RuntimeSetupException("no " + JNI_LIBRARY + " in " + dir + ": build it against this libtorch with"
          + " tools/gpu/build-jni.sh (DJL's shipped JNI library fits PyTorch 2.7.1 only)");
    }
    InstalledTorch torch = new InstalledTorch(dir, readTorchVersion(dir), readJniTorchVersion(dir),
        Files.exists(dir.resolve(CUDA_LIBRARY)));
    if (torch.torchVersion != null && torch.jniTorchVersion != null
        && !release(torch.torchVersion).equals(release(torch.jniTorchVersion))) {
      throw new RuntimeSetupException(JNI_LIBRARY + " in " + dir + " was built against torch " + torch.jniTorchVersion
          + " but the libtorch there is " + torch.torchVersion + ": rebuild it with tools/gpu/build-jni.sh");
    }
    String pinned = settings.apply(VERSION_ENV);
    if (pinned != null && torch.torchVersion != null && !release(torch.torchVersion).startsWith(release(pinned))) {
      throw new RuntimeSetupException(VERSION_ENV + "=" + pinned + " but the libtorch in " + dir + " is "
          + torch.torchVersion + ": unset " + VERSION_ENV + " (exitwise reads the version from the folder)");
    }
    String flavor = settings.apply(FLAVOR_ENV);
    if (flavor != null && flavor.startsWith("cu") && !torch.cudaBuild) {
      throw new RuntimeSetupException(FLAVOR_ENV + "=" + flavor + " but the libtorch in " + dir
          + " is a CPU build (no " + CUDA_LIBRARY + ")");
    }
    return torch;
  }

  /**
   * The flavour DJL should be told: the version's local part where it names one ({@code cu130}, {@code cpu}),
   * else {@code cuda} or {@code cpu} by whether the build has CUDA kernels. DJL only asks whether it contains
   * {@code cu}.
   */
  public String flavor() {
    int plus = torchVersion == null ? -1 : torchVersion.indexOf('+');
    if (plus >= 0) {
      String local = torchVersion.substring(plus + 1);
      if (local.equals("cpu") || local.matches("cu\\d+")) {
        return local;
      }
    }
    return cudaBuild ? "cuda" : "cpu";
  }

  /**
   * Why {@code --device gpu} cannot run on this libtorch, or empty where it can.
   *
   * @param cudartLoads whether JNA loads the CUDA runtime library (DJL counts GPUs through it)
   * @param gpuCount the GPUs DJL counts
   */
  public Optional<String> gpuProblem(boolean cudartLoads, int gpuCount) {
    if (!cudaBuild) {
      return Optional.of("the libtorch in " + libraryDir + " is a CPU build (no " + CUDA_LIBRARY
          + "): point " + LIBRARY_PATH_ENV + " at a CUDA build of PyTorch");
    }
    if (!cudartLoads) {
      return Optional.of("DJL cannot load the CUDA runtime (libcudart) to count GPUs: start Java with"
          + " -Djna.library.path=<folder holding libcudart.so*> (for a pip install, site-packages/nvidia/cu13/lib"
          + " or nvidia/cuda_runtime/lib)");
    }
    if (gpuCount == 0) {
      return Optional.of("the CUDA runtime loads but sees no GPU: check the driver (nvidia-smi) and"
          + " CUDA_VISIBLE_DEVICES");
    }
    return Optional.empty();
  }

  /** A one-line description for the start-up log. */
  public String describe() {
    return "libtorch " + (torchVersion == null ? "(version not recorded)" : torchVersion) + " in " + libraryDir
        + (cudaBuild ? " with CUDA" : ", CPU only") + ", JNI built for "
        + (jniTorchVersion == null ? "(not recorded)" : jniTorchVersion);
  }

  /**
   * The installed libtorch's version, from the first of: a pip package's {@code torch/version.py}, a libtorch
   * folder's {@code build-version}, the headers' {@code torch/version.h}, the file name {@code libtorch.so.X.Y.Z}
   * that {@code libtorch.so} resolves to.
   *
   * @return the version, or null where none of these says
   */
  static String readTorchVersion(Path libraryDir) {
    Path home = libraryDir.getParent();
    if (home != null) {
      String fromPip = match(home.resolve("version.py"), VERSION_PY);
      if (fromPip != null) {
        return fromPip;
      }
      String fromBuild = firstLine(home.resolve("build-version"));
      if (fromBuild != null) {
        return fromBuild;
      }
      String fromHeader = headerVersion(home.resolve("include/torch/csrc/api/include/torch/version.h"));
      if (fromHeader != null) {
        return fromHeader;
      }
    }
    try {
      Matcher m = SO_VERSION.matcher(libraryDir.resolve(TORCH_LIBRARY).toRealPath().getFileName().toString());
      return m.matches() ? m.group(1) : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String readJniTorchVersion(Path libraryDir) {
    Path file = libraryDir.resolve(JNI_PROPERTIES);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return properties.getProperty("torch_version");
  }

  /** {@code 2.11.0+cu130} to {@code 2.11.0}; {@code 1.13} stays. */
  static String release(String version) {
    Matcher m = RELEASE.matcher(version.trim());
    return m.matches() ? m.group(1) : version.trim();
  }

  private static String match(Path file, Pattern pattern) {
    String text = readOrNull(file);
    if (text == null) {
      return null;
    }
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static String firstLine(Path file) {
    String text = readOrNull(file);
    return text == null || text.isBlank() ? null : text.strip().lines().findFirst().orElse(null);
  }

  private static String headerVersion(Path header) {
    String text = readOrNull(header);
    if (text == null) {
      return null;
    }
    String[] parts = new String[3];
    Matcher m = HEADER_PART.matcher(text);
    while (m.find()) {
      parts[switch (m.group(1)) { case "MAJOR" -> 0; case "MINOR" -> 1; default -> 2; }] = m.group(2);
    }
    return parts[0] == null || parts[1] == null || parts[2] == null ? null : String.join(".", parts);
  }

  private static String readOrNull(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
