package dev.exitwise.model.training;

/**
 * Linear warm-up from 0 to the peak over the first steps, then linear decay to 0 at the last step.
 *
 * @param totalSteps steps in the whole run
 * @param warmupSteps steps of warm-up
 */
public record LearningRateSchedule(long totalSteps, long warmupSteps) {
  /** The multiplier of the peak learning rate at a 0-based step. */
  public float factor(long step) {
    if (step < warmupSteps) {
      return (step + 1f) / warmupSteps;
    }
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    return Math.max(0f, 1f - (float) (step - warmupSteps) / decaySteps);
  }
}
