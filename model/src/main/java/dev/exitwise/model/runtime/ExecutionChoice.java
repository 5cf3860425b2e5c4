package dev.exitwise.model.runtime;

import java.util.Objects;

/**
 * How the model should run, as a user chooses it: where ({@code --device}, {@code exitwise.model.device}) and in
 * which arithmetic ({@code --precision}, {@code exitwise.model.precision}).
 *
 * @param device where the model runs
 * @param precision the arithmetic of the encoder's linear layers; {@link Precision#INT8} needs the CPU
 */
public record ExecutionChoice(DeviceChoice device, Precision precision) {

  public ExecutionChoice {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(precision, "precision");
  }
}
