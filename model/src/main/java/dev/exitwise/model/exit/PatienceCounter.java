package dev.exitwise.model.exit;

/** The patience rule that PABEE and F-PABEE share: count consecutive scores under a threshold. */
abstract class PatienceCounter implements ExitPolicy.RowState {
  private final int patience;
  private int agreements;
  private float lastScore = Float.NaN;

  PatienceCounter(int patience) {
    this.patience = patience;
  }

  /** This layer's score against the previous layer, NaN for the first layer. */
  abstract double score(float[] logits, int labelCount);

  /** Scores strictly below this count as agreement. */
  abstract double threshold();

  @Override
  public final boolean offer(int layer, float[] logits, int labelCount) {
    double s = score(logits, labelCount);
    lastScore = (float) s;
    if (!Double.isNaN(s)) {
      agreements = s < threshold() ? agreements + 1 : 0;
    }
    return patience > 0 && agreements >= patience;
  }

  @Override
  public final float lastScore() {
    return lastScore;
  }
}
