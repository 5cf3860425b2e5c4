package dev.exitwise.model.runtime;

/**
 * Where the model should run, as a user chooses it: on the command line ({@code --device}) or in the setting
 * {@code exitwise.model.device}. {@link DjlRuntime#selectDevice(DeviceChoice)} turns it into DJL's device.
 */
public enum DeviceChoice implements ConfigEnums {
  /** The CPU. */
  CPU,
  /** The first GPU; start-up fails if DJL finds none. */
  GPU,
  /** The first GPU when DJL finds one, else the CPU. */
  AUTO;

  /**
   * Parses a configuration value, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException for null or anything but cpu, gpu and auto, naming the value
   */
  public static DeviceChoice parse(String value) {
    return ConfigEnums.parse(DeviceChoice.class, "device", value);
  }
}
