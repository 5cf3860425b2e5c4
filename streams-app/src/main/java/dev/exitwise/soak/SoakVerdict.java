package dev.exitwise.soak;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether a soak run's lag and resident memory stayed flat. The first quarter is warm-up (the model's first
 * batches, JIT, caches) and is left out; memory is flat when the mean of the last quarter is within {@link
 * #RSS_GROWTH_LIMIT} of the second quarter's, and lag is flat when the last quarter's largest lag is at most
 * {@link #LAG_SECONDS_LIMIT} seconds of input at the run's rate.
 *
 * @param rssGrowth relative growth of the resident set, last quarter against the second
 * @param outsideHeapGrowth the same for the resident set outside the committed heap ({@link
 *     SoakSample#outsideHeapBytes}): where a leak in native memory shows even while the heap grows or shrinks; NaN
 *     when the committed heap was not sampled
 * @param maxLateLag the largest lag in the last quarter, in records
 * @param lagLimit the lag that counts as flat at this rate
 * @param deadLetters dead letters written during the run
 * @param unknownSamples samples in which the lag or the resident set could not be read in time (left out above)
 */
public record SoakVerdict(double rssGrowth, double outsideHeapGrowth, long maxLateLag, long lagLimit, double deadLetters, long unknownSamples) {
  /** The resident set may grow this much (relative) between the second and the last quarter. */
  public static final double RSS_GROWTH_LIMIT = 0.05;
  /** The lag may reach this many seconds of input at the target rate. */
  public static final double LAG_SECONDS_LIMIT = 10;

  /** Judges a run from its samples (in time order) at {@code ratePerSecond}. */
  public static SoakVerdict of(List<SoakSample> samples, double ratePerSecond) {
    if (samples.size() < 4) {
      throw new IllegalArgumentException("a verdict needs at least 4 samples, got " + samples.size());
    }
    int quarter = samples.size() / 4;
    List<SoakSample> second = samples.subList(quarter, 2 * quarter);
    List<SoakSample> last = samples.subList(samples.size() - quarter, samples.size());
    double early = mean(second, SoakSample::residentBytes);
    double late = mean(last, SoakSample::residentBytes);
    double earlyOutside = mean(second, SoakSample::outsideHeapBytes);
    double lateOutside = mean(last, SoakSample::outsideHeapBytes);
    long maxLateLag = last.stream().mapToLong(SoakSample::lag).max().orElse(0);
    double[] deadLetters = samples.stream().mapToDouble(SoakSample::deadLetters).filter(Double::isFinite).toArray();
    long unknown = samples.stream()
        .filter(sample -> sample.lag() == SoakSample.UNKNOWN_LAG || Double.isNaN(sample.residentBytes())).count();
    return new SoakVerdict((late - early) / early, (lateOutside - earlyOutside) / earlyOutside, maxLateLag,
        Math.round(ratePerSecond * LAG_SECONDS_LIMIT),
        deadLetters.length == 0 ? Double.NaN : deadLetters[deadLetters.length - 1] - deadLetters[0], unknown);
  }

  private static double mean(List<SoakSample> samples, ToDoubleFunction<SoakSample> value) {
    return samples.stream().mapToDouble(value).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** Whether the resident set stayed flat (unknown counts as not flat). */
  public boolean rssFlat() {
    return !Double.isNaN(rssGrowth) && rssGrowth <= RSS_GROWTH_LIMIT;
  }

  /** Whether the lag stayed flat. */
  public boolean lagFlat() {
    return maxLateLag <= lagLimit;
  }

  /** One line for a person. */
  public String describe() {
    String outside = Double.isNaN(outsideHeapGrowth) ? ""
        : String.format(Locale.ROOT, " Outside the committed heap %+.1f %%.", 100 * outsideHeapGrowth);
    return String.format(Locale.ROOT, "RSS %+.1f %% (last quarter against the second; flat up to +%.0f %%): %s.%s "
            + "Lag at most %d records in the last quarter (flat up to %d): %s. Dead letters during the run: %.0f. "
            + "Samples with the lag or memory unread in time: %d.",
        100 * rssGrowth, 100 * RSS_GROWTH_LIMIT, rssFlat() ? "flat" : "NOT flat", outside, maxLateLag, lagLimit,
        lagFlat() ? "flat" : "NOT flat", deadLetters, unknownSamples);
  }
}
