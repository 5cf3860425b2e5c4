package dev.exitwise.model.exit;

/** Never exits early: every row runs all layers. The accuracy reference. */
public record FullDepth() implements ExitPolicy {
  @Override
  public RowState start() {
    return new RowState() {
      @Override
      public boolean offer(int layer, float[] logits, int labelCount) {
        return false;
      }

      @Override
      public float lastScore() {
        return Float.NaN;
      }
    };
  }

  @Override
  public String describe() {
    return "full";
  }
}
