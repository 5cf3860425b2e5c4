/**
 * Batched early-exit inference: the {@link dev.exitwise.model.inference.TextClassifier} contract that the
 * service calls, and its implementation over the encoder, the IAPT generators and the exit heads. Knows nothing
 * of Kafka.
 */
package dev.exitwise.model.inference;
