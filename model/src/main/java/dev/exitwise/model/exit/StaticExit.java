package dev.exitwise.model.exit;

/**
 * Every row exits at the same layer ("budgeted exit").
 *
 * @param exitLayer the 1-based layer at which all rows leave
 */
public record StaticExit(int exitLayer) implements ExitPolicy {
  public StaticExit {
    if (exitLayer < 1) {
      throw new IllegalArgumentException("static exit layer must be >= 1, got " + exitLayer);
    }
  }

  @Override
  public RowState start() {
    return new RowState() {
      @Override
      public boolean offer(int layer, float[] logits, int labelCount) {
        return layer >= exitLayer;
      }

      @Override
      public float lastScore() {
        return Float.NaN;
      }
    };
  }

  @Override
  public String describe() {
    return "static(" + exitLayer + ")";
  }
}
