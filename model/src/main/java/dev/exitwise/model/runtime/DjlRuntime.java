package dev.exitwise.model.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that starts DJL. Call {@link #configure(Path)} (or let {@link #engine()} do it with the default)
 * before anything touches an NDManager: DJL reads {@code ai.djl.offline} and its cache folder once, when the
 * engine loads, and without the offline flag it tries to download natives and probes a cloud metadata address.
 *
 * <p>The PyTorch native library comes from the Maven artifact {@value #NATIVE_ARTIFACT} on the class path; DJL
 * unpacks it (445 MB, once) into the cache folder and reuses it on later starts. Where the environment variable (or
 * system property) {@code PYTORCH_LIBRARY_PATH} names a folder, DJL loads an installed libtorch from there instead,
 * with a {@code libdjl_torch.so} rebuilt against it; {@link InstalledTorch} checks that folder first (docs/gpu.md).
 *
 * <p>Offline is the default, not a lock: a user who starts the JVM with {@code -Dai.djl.offline=false} (DJL's own
 * switch, {@value #OFFLINE_PROPERTY}) keeps it, and DJL may then download the natives this build lacks, such as the
 * CUDA flavour of PyTorch for a GPU machine. The start-up log says so.
 */
public final class DjlRuntime {

  /** Environment variable naming the DJL native cache folder; overrides the default. */
  public static final String CACHE_DIR_ENV = "EXITWISE_DJL_CACHE_DIR";

  /** System property that caps PyTorch's intra-op threads; read when the engine starts. */
  public static final String INTRA_OP_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  /** System property that caps PyTorch's inter-op threads; read when the engine starts. */
  public static final String INTER_OP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

  /** DJL's system property that forbids downloads; exitwise sets it to true unless the user set it already. */
  public static final String OFFLINE_PROPERTY = "ai.djl.offline";

  /** The Maven artifact holding the CPU native library for this platform. */
  public static final String NATIVE_ARTIFACT = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64";

  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
  private static final String ENGINE_NAME = "PyTorch";
  private static final String NATIVE_MARKER = "native/lib/pytorch.properties";

  private static volatile boolean engineStarted;
  /** The libtorch named by PYTORCH_LIBRARY_PATH that the engine was started on, or null for the bundled one. */
  private static volatile InstalledTorch installedTorch;

  private DjlRuntime() {}

  /**
   * Sets {@code ai.djl.offline=true} (unless the user set that property, to {@code false} for example) and DJL's
   * cache folders (system properties {@code DJL_CACHE_DIR} and
   * {@code ENGINE_CACHE_DIR}). Idempotent; takes effect only before the engine starts. The folder is, in order:
   * {@code cacheDirOrNull}; the environment variable {@value #CACHE_DIR_ENV}; a {@code DJL_CACHE_DIR} system
   * property already set (as the build does for tests); {@code ${user.home}/.cache/exitwise/djl}.
   *
   * @param cacheDirOrNull an explicit cache folder, or null for the default order above
   */
  public static synchronized void configure(Path cacheDirOrNull) {
    if (System.getProperty(OFFLINE_PROPERTY) == null) {
      System.setProperty(OFFLINE_PROPERTY, "true");
    }
    String cacheDir = resolveCacheDir(cacheDirOrNull);
    if (engineStarted && !cacheDir.equals(System.getProperty("DJL_CACHE_DIR"))) {
      LOG.warn("DJL engine already started; cache folder {} takes effect only in a new JVM", cacheDir);
    }
    System.setProperty("DJL_CACHE_DIR", cacheDir);
    System.setProperty("ENGINE_CACHE_DIR", cacheDir);
  }

  /**
   * Caps PyTorch's thread pools. Before the engine starts this sets the system properties the engine reads; after,
   * it changes the intra-op pool of the running engine (the inter-op pool can only be set before start).
   *
   * @param intraOpThreads threads one operator may use (at least 1)
   * @param interOpThreads threads for running independent operators (at least 1)
   */
  public static synchronized void setThreads(int intraOpThreads, int interOpThreads) {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be at least 1, got intra-op " + intraOpThreads + ", inter-op " + interOpThreads);
    }
    System.setProperty(INTRA_OP_THREADS_PROPERTY, Integer.toString(intraOpThreads));
    System.setProperty(INTER_OP_THREADS_PROPERTY, Integer.toString(interOpThreads));
    if (engineStarted) {
      ai.djl.pytorch.jni.JniUtils.setNumThreads(intraOpThreads);
    }
  }

  /**
   * The PyTorch engine, started offline (calling {@link #configure(Path)} with null first if nobody has).
   *
   * @throws RuntimeSetupException if the PyTorch native library is not on the class path (naming the artifact to
   *     add) or the engine fails to start; DJL is never allowed to download it
   */
  public static synchronized Engine engine() {
    if (engineStarted) {
      return Engine.getEngine(ENGINE_NAME);
    }
    if (System.getProperty(OFFLINE_PROPERTY) == null || System.getProperty("DJL_CACHE_DIR") == null) {
      configure(null);
    }
    if (!offline()) {
      LOG.warn("{}={}: DJL may download PyTorch natives and probe the network; exitwise's default is offline",
          OFFLINE_PROPERTY, System.getProperty(OFFLINE_PROPERTY));
    }
    installedTorch = installedTorchOrNull();
    if (installedTorch == null) {
      checkBundledNatives();
    }
    try {
      Engine engine = Engine.getEngine(ENGINE_NAME);
      engineStarted = true;
      LOG.info(
          "DJL {} engine {} started (cache {}, GPUs {})",
          ENGINE_NAME,
          engine.getVersion(),
          System.getProperty("DJL_CACHE_DIR"),
          engine.getGpuCount());
      return engine;
    } catch (RuntimeException | LinkageError e) {
      if (installedTorch != null) {
        throw new IllegalStateException("DJL's PyTorch engine failed to load the installed " + installedTorch.describe()
            + ": " + e.getMessage() + "; rebuild libdjl_torch.so against this libtorch with tools/gpu/build-jni.sh",
            e);
      }
      throw new IllegalStateException(
          "DJL's PyTorch engine failed to start offline (cache " + System.getProperty("DJL_CACHE_DIR")
              + "); check that " + NATIVE_ARTIFACT + " is on the class path and PYTORCH_VERSION is unset",
          e);
    }
  }

  /**
   * Resolves a device choice.
   *
   * @return the CPU, or the first GPU for {@code GPU}, or for {@code AUTO} when DJL finds one
   * @throws RuntimeSetupException if {@code GPU} is asked for and DJL finds no GPU
   */
  public static Device selectDevice(DeviceChoice choice) {
    return switch (choice) {
      case CPU -> Device.cpu();
      case GPU -> {
        int gpus = engine().getGpuCount();
        if (installedTorch != null) {
          installedTorch.gpuProblem(cudartLoads(), gpus).ifPresent(problem -> {
            throw new RuntimeSetupException("device 'gpu' requested but " + problem);
          });
        }
        if (gpus == 0) {
          throw new RuntimeSetupException(
              "device 'gpu' requested but DJL's PyTorch engine finds no GPU: this build carries the CPU native"
                  + " library (" + NATIVE_ARTIFACT + "); on a CUDA machine point " + InstalledTorch.LIBRARY_PATH_ENV
                  + " at an installed CUDA PyTorch with a rebuilt libdjl_torch.so (docs/gpu.md), or put a CUDA"
                  + " flavour of ai.djl.pytorch:pytorch-native-* on the class path, or choose 'cpu' or 'auto'");
        }
        yield Device.gpu();
      }
      case AUTO -> engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    };
  }

  /**
   * The installed libtorch that {@value InstalledTorch#LIBRARY_PATH_ENV} names, checked, with DJL's version and
   * flavour settings filled in from the folder where the user left them unset (DJL would report 2.7.1 and guess
   * the flavour); null where the variable is unset and the bundled natives are used.
   *
   * @throws RuntimeSetupException naming what the folder lacks
   */
  static InstalledTorch installedTorchOrNull() {
    String libraryPath = Utils.getEnvOrSystemProperty(InstalledTorch.LIBRARY_PATH_ENV);
    if (libraryPath == null || libraryPath.isBlank()) {
      return null;
    }
    InstalledTorch torch = InstalledTorch.inspect(libraryPath.trim(), Utils::getEnvOrSystemProperty);
    if (Utils.getEnvOrSystemProperty(InstalledTorch.VERSION_ENV) == null && torch.torchVersion() != null) {
      System.setProperty(InstalledTorch.VERSION_ENV, torch.torchVersion());
    }
    if (Utils.getEnvOrSystemProperty(InstalledTorch.FLAVOR_ENV) == null) {
      System.setProperty(InstalledTorch.FLAVOR_ENV, torch.flavor());
    }
    LOG.info("PyTorch from {}={}: {}", InstalledTorch.LIBRARY_PATH_ENV, libraryPath, torch.describe());
    return torch;
  }

  private static void checkBundledNatives() {
    String pinnedVersion = System.getenv(InstalledTorch.VERSION_ENV);
    if (offline() && pinnedVersion != null && !pinnedVersion.equals("2.7.1")) {
      throw new RuntimeSetupException(
          "environment variable PYTORCH_VERSION=" + pinnedVersion + " asks DJL for a PyTorch it would download;"
              + " unset it (the native library on the class path is 2.7.1), or point "
              + InstalledTorch.LIBRARY_PATH_ENV + " at an installed libtorch with a rebuilt libdjl_torch.so");
    }
    if (offline() && !nativeLibraryOnClassPath()) {
      throw new RuntimeSetupException(
          "the PyTorch native library is not on the class path; add the Maven dependency " + NATIVE_ARTIFACT
              + " (or the CUDA flavour for a GPU machine), point " + InstalledTorch.LIBRARY_PATH_ENV
              + " at an installed libtorch with a rebuilt libdjl_torch.so (docs/gpu.md), or let DJL download it"
              + " with -D" + OFFLINE_PROPERTY + "=false");
    }
  }

  /** Whether JNA loads the CUDA runtime library, as DJL's GPU count needs. */
  static boolean cudartLoads() {
    try {
      com.sun.jna.NativeLibrary.getInstance("cudart");
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  /** @return whether DJL runs offline: {@value #OFFLINE_PROPERTY} is anything but {@code false} */
  public static boolean offline() {
    return !"false".equalsIgnoreCase(System.getProperty(OFFLINE_PROPERTY, "true").trim());
  }

  static boolean nativeLibraryOnClassPath() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = DjlRuntime.class.getClassLoader();
    }
    return loader.getResource(NATIVE_MARKER) != null;
  }

  private static String resolveCacheDir(Path explicit) {
    if (explicit != null) {
      return explicit.toAbsolutePath().toString();
    }
    String fromEnv = System.getenv(CACHE_DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath().toString();
    }
    String already = System.getProperty("DJL_CACHE_DIR");
    if (already != null && !already.isBlank()) {
      return already;
    }
    return Path.of(System.getProperty("user.home"), ".cache", "exitwise", "djl").toString();
  }
}
