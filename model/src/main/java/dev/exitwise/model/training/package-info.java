/**
 * Training of IAPT adapters and exit heads over a frozen backbone: the layer-weighted multi-label loss, AdamW
 * with warm-up and linear decay, joint or bi-level updates of the rational coefficients, length-bucketed
 * batches, checkpoints to resume from, early stopping on dev. No Kafka.
 */
package dev.exitwise.model.training;
