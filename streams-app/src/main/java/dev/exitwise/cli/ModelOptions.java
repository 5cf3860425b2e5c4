package dev.exitwise.cli;

import ai.djl.Device;
import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.model.runtime.ExecutionChoice;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.streams.config.ExitwiseConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that choose the model, where it runs and where DJL unpacks its native library, shared by every
 * command that loads a model ({@code @Mixin ModelOptions model;}). The service commands ({@code run}, {@code demo})
 * turn them into the settings {@value ExitwiseConfig#MODEL_DIR}, {@value ExitwiseConfig#MODEL_DEVICE} and
 * {@value ExitwiseConfig#MODEL_PRECISION} with
 * {@link #applyTo}, so they win over the file, the environment and {@code --set}; the offline commands call
 * {@link #start}.
 */
public final class ModelOptions {
  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "A trained model directory (exitwise.model.dir); default: the committed model.")
  private Path modelDir;

  @Option(names = "--device", paramLabel = "DEVICE",
      description = "Where the model runs: ${COMPLETION-CANDIDATES} (exitwise.model.device; default: auto for the "
          + "service, cpu for the offline commands). gpu needs a CUDA PyTorch: DJL's CUDA natives, or an installed one "
          + "named by PYTORCH_LIBRARY_PATH (docs/gpu.md).")
  private DeviceChoice device;

  @Option(names = "--precision", paramLabel = "PRECISION",
      description = "The encoder's linear layers in ${COMPLETION-CANDIDATES} (exitwise.model.precision; default: fp32)."
          + " int8 runs on the CPU only: faster, with the quality drop docs/results.md measures.")
  private Precision precision;

  @Option(names = "--djl-cache", paramLabel = "DIR",
      description = "Where DJL unpacks the PyTorch native library (default: ~/.cache/exitwise/djl, or "
          + "EXITWISE_DJL_CACHE_DIR).")
  private Path djlCache;

  /** The model directory given, or null for the committed model. */
  public Path modelDir() {
    return modelDir;
  }

  /** The device given, or {@code whenAbsent}. */
  public DeviceChoice device(DeviceChoice whenAbsent) {
    return device != null ? device : whenAbsent;
  }

  /** The precision given, or fp32. */
  public Precision precision() {
    return precision != null ? precision : Precision.FP32;
  }

  /** The device given (or {@code whenAbsent}) and the precision given. */
  public ExecutionChoice execution(DeviceChoice whenAbsent) {
    return new ExecutionChoice(device(whenAbsent), precision());
  }

  /**
   * Refuses {@code --precision} other than fp32, for the commands that compute gradients or choose thresholds for
   * every precision alike (train, calibrate).
   *
   * @throws picocli.CommandLine.ParameterException naming the command
   */
  public void requireFp32(picocli.CommandLine commandLine) {
    if (precision() != Precision.FP32) {
      throw new picocli.CommandLine.ParameterException(commandLine, commandLine.getCommandName() + " runs in fp32;"
          + " --precision " + precision().configValue() + " applies to run, demo, classify, evaluate and bench");
    }
  }

  /** Sets DJL offline with the cache folder given (or the default one); call before the model loads. */
  public void configureRuntime() {
    DjlRuntime.configure(djlCache);
  }

  /**
   * Configures DJL and resolves the device, for the commands that load a model outside the service.
   *
   * @param whenAbsent the device when {@code --device} was not given
   * @throws IllegalStateException if a GPU is asked for and DJL finds none
   */
  public Device start(DeviceChoice whenAbsent) {
    configureRuntime();
    return DjlRuntime.selectDevice(device(whenAbsent));
  }

  /** Puts the options that were given into {@code settings}, as setting keys. */
  public void applyTo(Map<String, String> settings) {
    if (modelDir != null) {
      settings.put(ExitwiseConfig.MODEL_DIR, modelDir.toString());
    }
    if (device != null) {
      settings.put(ExitwiseConfig.MODEL_DEVICE, device.configValue());
    }
    if (precision != null) {
      settings.put(ExitwiseConfig.MODEL_PRECISION, precision.configValue());
    }
  }

  /** The options that were given, as they would be typed again (each with a leading space). */
  public String flags(DeviceChoice whenAbsent) {
    StringBuilder out = new StringBuilder();
    if (modelDir != null) {
      out.append(" --model-dir ").append(modelDir);
    }
    out.append(" --device ").append(device(whenAbsent).configValue());
    if (precision != null) {
      out.append(" --precision ").append(precision.configValue());
    }
    if (djlCache != null) {
      out.append(" --djl-cache ").append(djlCache);
    }
    return out.toString();
  }

}
