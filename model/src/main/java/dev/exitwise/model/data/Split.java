package dev.exitwise.model.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * The three parts of a data set: fit on {@link #TRAIN}, calibrate and stop early on {@link #DEV}, report on
 * {@link #TEST}.
 */
public enum Split {
  TRAIN,
  DEV,
  TEST;

  /**
   * Parses a split name, ignoring case ({@code train}, {@code dev}, {@code test}).
   *
   * @throws IllegalArgumentException naming the value and the allowed names when it is none of them
   */
  public static Split parse(String name) {
    for (Split split : values()) {
      if (split.name().equalsIgnoreCase(name.strip())) {
        return split;
      }
    }
    throw new IllegalArgumentException(
        "unknown split '" + name + "'; allowed: " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }

  /** The lower-case name used in file names and on the command line. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
