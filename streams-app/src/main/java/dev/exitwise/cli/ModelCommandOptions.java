package dev.exitwise.cli;

import ai.djl.Device;
import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.DjlRuntime;
import picocli.CommandLine.Option;

/**
 * The device and DJL-cache options of {@code train}, {@code calibrate} and {@code evaluate}. Superseded by {@link
 * ModelOptions}, which every other model command uses; these three move onto it next, and this class goes.
 */
final class ModelCommandOptions {
  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
      description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}). gpu needs DJL's CUDA PyTorch natives.")
  String device;

  @Option(names = "--djl-cache", paramLabel = "DIR",
      description = "Where DJL unpacks the PyTorch native library (default: ~/.cache/exitwise/djl, or "
          + "EXITWISE_DJL_CACHE_DIR).")
  java.nio.file.Path djlCache;

  /** Configures DJL offline and returns the chosen device. */
  Device start() {
    DjlRuntime.configure(djlCache);
    return DjlRuntime.selectDevice(DeviceChoice.parse(device));
  }
}
