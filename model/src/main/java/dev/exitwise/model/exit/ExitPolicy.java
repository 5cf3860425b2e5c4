package dev.exitwise.model.exit;

/**
 * Decides, layer by layer, when a row may leave the encoder. A policy is immutable and shared; each row gets its
 * own {@link RowState}, so a row's decision never depends on the other rows of its batch.
 */
public sealed interface ExitPolicy permits FullDepth, StaticExit, Pabee, FPabee {

  /** A fresh decision state for one row. */
  RowState start();

  /** A short, parseable description, e.g. {@code fpabee(jsd,mean,0.01,2)}; see {@link ExitPolicies#parse}. */
  String describe();

  /** The per-row state of a policy: fed each layer's exit-head logits in order. */
  interface RowState {
    /**
     * Takes the logits of the exit head after {@code layer} (1-based, called for 1, 2, ... in order).
     *
     * @param logits the row's logits; only the first {@code labelCount} entries are read
     * @return whether the row exits at this layer
     */
    boolean offer(int layer, float[] logits, int labelCount);

    /** The score this layer produced (a divergence, 0/1 for PABEE), or NaN where the policy computes none. */
    float lastScore();
  }
}
