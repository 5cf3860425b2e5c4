package dev.exitwise.streams.telemetry;

import java.time.Duration;

/**
 * The statistics windows.
 *
 * @param windowSize the length of a tumbling window
 * @param grace how late (in processing time) telemetry may arrive and still count in its window; a window's
 *     statistics are written once, when its end plus the grace has passed
 */
public record StatsSettings(Duration windowSize, Duration grace) {
  /** The default window. */
  public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofSeconds(10);
  /** The default grace. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

  public StatsSettings {
    if (windowSize.isNegative() || windowSize.isZero()) {
      throw new IllegalArgumentException("windowSize must be positive: " + windowSize);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative: " + grace);
    }
  }
}
