package dev.exitwise.model.exit;

/**
 * PABEE for multi-label outputs: a row exits once its thresholded label set has stayed unchanged for
 * {@code patience} consecutive layers. Its score is 0 when the set is unchanged and 1 otherwise.
 *
 * @param patience consecutive unchanged layers required; 0 means never exit early
 * @param decisionThreshold sigmoid score at or above which a label counts as predicted (0.5 in PABEE's code)
 */
public record Pabee(int patience, float decisionThreshold) implements ExitPolicy {
  public Pabee {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
  }

  @Override
  public RowState start() {
    return new PatienceCounter(patience) {
      private boolean[] previous;

      @Override
      double score(float[] logits, int labelCount) {
        boolean[] current = new boolean[labelCount];
        boolean same = previous != null;
        for (int j = 0; j < labelCount; j++) {
          current[j] = Divergence.sigmoid(logits[j]) >= decisionThreshold;
          same &= previous != null && previous[j] == current[j];
        }
        boolean first = previous == null;
        previous = current;
        return first ? Double.NaN : same ? 0 : 1;
      }

      @Override
      double threshold() {
        return 0.5;
      }
    };
  }

  @Override
  public String describe() {
    return "pabee(" + patience + ")";
  }
}
