package dev.exitwise.cli;

import dev.exitwise.streams.config.Device;
import dev.exitwise.streams.config.ExitwiseConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that choose the model and where it runs, shared by the commands that load one ({@code
 * @Mixin ModelOptions model;}). They become the settings {@value ExitwiseConfig#MODEL_DIR} and {@value
 * ExitwiseConfig#MODEL_DEVICE}, so they win over the file, the environment and {@code --set}.
 */
public final class ModelOptions {
  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "A trained model directory (exitwise.model.dir); default: the committed model.")
  private Path modelDir;

  @Option(names = "--device", paramLabel = "DEVICE",
      description = "Where the model runs (exitwise.model.device): ${COMPLETION-CANDIDATES}.")
  private Device device;

  /** Puts the options that were given into {@code settings}, as setting keys. */
  public void applyTo(Map<String, String> settings) {
    if (modelDir != null) {
      settings.put(ExitwiseConfig.MODEL_DIR, modelDir.toString());
    }
    if (device != null) {
      settings.put(ExitwiseConfig.MODEL_DEVICE, device.configValue());
    }
  }
}
