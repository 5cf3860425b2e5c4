package dev.exitwise.demo;

/**
 * One tenant's result of a demo run.
 *
 * @param tenant the tenant
 * @param eventsIn events the broker acknowledged on the input topic
 * @param labelled labels read back from the output topic
 * @param deadLetters records of this tenant read back from the dead-letter topic
 * @param eventsPerSecond labels per second of the run
 * @param meanExitLayer the mean 1-based exit layer (NaN without labels)
 * @param exitCounts labels per exit layer, index {@code layer - 1}
 * @param latencyP50Millis median time from sending an event to reading its label (read_committed)
 * @param latencyP99Millis the 99th percentile of the same
 */
public record TenantSummary(String tenant, long eventsIn, long labelled, long deadLetters, double eventsPerSecond,
    double meanExitLayer, long[] exitCounts, long latencyP50Millis, long latencyP99Millis) {

  public TenantSummary {
    exitCounts = exitCounts.clone();
  }

  @Override
  public long[] exitCounts() {
    return exitCounts.clone();
  }

  /** Whether every event that went in came out, as a label or a dead letter. */
  public boolean balanced() {
    return eventsIn == labelled + deadLetters;
  }

  /** The layer speed-up, layers / mean exit layer (NaN without labels). */
  public double layerSpeedup() {
    return labelled == 0 ? Double.NaN : exitCounts.length / meanExitLayer;
  }
}
