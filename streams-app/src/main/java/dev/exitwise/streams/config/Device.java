package dev.exitwise.streams.config;

import java.util.Locale;

/** Where the model runs. */
public enum Device {
  /** The CPU. */
  CPU,
  /** A GPU; start-up fails if there is none. */
  GPU,
  /** A GPU when there is one, else the CPU. */
  AUTO;

  /** The configuration spelling: {@code cpu}, {@code gpu}, {@code auto}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configuration value, ignoring case. */
  public static Device parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
