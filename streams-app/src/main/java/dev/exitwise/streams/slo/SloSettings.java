package dev.exitwise.streams.slo;

import java.time.Duration;
import java.util.Objects;

/**
 * The service level a controller holds, and how it moves (the {@code exitwise.slo.*} keys).
 *
 * @param latencyP99Millis the target: p99 latency from event time to output, per tenant; 0 turns the controller off
 * @param maxLag the input topic's consumer lag (records, all partitions) above which tenants step shallower as if
 *     the latency were over its target; 0 for no bound
 * @param window how long each measurement lasts: every window the controller compares its p99 with the target and
 *     may step one point shallower
 * @param deeperAfter how long p99 (and lag) must stay below {@code deeperMargin} of the target before the controller
 *     steps one point deeper; longer than {@code window}, so that it does not flap
 * @param deeperMargin the fraction of the target under which a window counts as calm
 * @param stepRatio consecutive points the controller steps between differ in layer speed-up by at least this factor
 *     (the front's points closer than that are skipped)
 * @param qualityFloors the largest dev macro-F1 drop each tenant may be served at
 */
public record SloSettings(long latencyP99Millis, long maxLag, Duration window, Duration deeperAfter,
    double deeperMargin, double stepRatio, QualityFloors qualityFloors) {
  /** The default measurement window: 5 s. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
  /** The default calm time before stepping deeper: 30 s. */
  public static final Duration DEFAULT_DEEPER_AFTER = Duration.ofSeconds(30);
  /** The default calm margin: 0.6 of the target. */
  public static final double DEFAULT_DEEPER_MARGIN = 0.6;
  /** The default speed-up ratio between points: 1.25. */
  public static final double DEFAULT_STEP_RATIO = 1.25;

  /** No controller: every tenant is served at its calibrated (or pinned) policy. */
  public static final SloSettings OFF = new SloSettings(0, 0, DEFAULT_WINDOW, DEFAULT_DEEPER_AFTER,
      DEFAULT_DEEPER_MARGIN, DEFAULT_STEP_RATIO, QualityFloors.DEFAULT);

  public SloSettings {
    Objects.requireNonNull(qualityFloors, "qualityFloors");
    if (latencyP99Millis < 0 || maxLag < 0) {
      throw new IllegalArgumentException("the latency target and the lag bound are >= 0");
    }
    if (window.isNegative() || window.isZero() || deeperAfter.compareTo(window) < 0) {
      throw new IllegalArgumentException("the window must be positive and the calm time at least the window: "
          + window + ", " + deeperAfter);
    }
    if (!(deeperMargin > 0 && deeperMargin <= 1) || !(stepRatio >= 1)) {
      throw new IllegalArgumentException("deeperMargin in (0, 1] and stepRatio >= 1: " + deeperMargin + ", "
          + stepRatio);
    }
  }

  /** Whether a controller runs: a latency target is set. */
  public boolean enabled() {
    return latencyP99Millis > 0;
  }

  /** These settings with another target (0: off). */
  public SloSettings withLatencyP99Millis(long millis) {
    return new SloSettings(millis, maxLag, window, deeperAfter, deeperMargin, stepRatio, qualityFloors);
  }
}
