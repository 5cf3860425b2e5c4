package dev.exitwise.model.exit;

/**
 * F-PABEE: a row exits once the divergence between consecutive layers' per-label Bernoulli distributions has
 * stayed strictly below {@code threshold} for {@code patience} consecutive layers; a score at or above the
 * threshold resets the count. The earliest possible exit is layer {@code patience + 1}.
 *
 * @param divergence the score function (JSD by default)
 * @param reduction sum or mean over labels
 * @param threshold tau: scores below it count as agreement
 * @param patience consecutive agreements required; 0 means never exit early
 */
public record FPabee(Divergence divergence, Reduction reduction, double threshold, int patience)
    implements ExitPolicy {
  public FPabee {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("divergence threshold must be > 0, got " + threshold);
    }
  }

  @Override
  public RowState start() {
    return new PatienceCounter(patience) {
      private float[] previous;

      @Override
      double score(float[] logits, int labelCount) {
        double s = previous == null
            ? Double.NaN
            : divergence.bernoulli(previous, logits, labelCount, reduction);
        previous = logits.clone();
        return s;
      }

      @Override
      double threshold() {
        return threshold;
      }
    };
  }

  @Override
  public String describe() {
    return "fpabee(" + divergence.key() + "," + reduction.name().toLowerCase() + "," + threshold + ","
        + patience + ")";
  }
}
