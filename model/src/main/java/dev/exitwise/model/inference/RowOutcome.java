package dev.exitwise.model.inference;

/**
 * What the batched loop decided for one row, before labels are named.
 *
 * @param tenantIndex the row's tenant in the engine's tenant order
 * @param logits the exit head's logits at the exit layer, one per label of the tenant
 * @param exitLayer 1-based layer the row left at
 * @param trace the policy's score per layer up to the exit (NaN where none)
 * @param truncated whether the text was cut to the maximum token count
 */
public record RowOutcome(int tenantIndex, float[] logits, int exitLayer, float[] trace, boolean truncated) {}
