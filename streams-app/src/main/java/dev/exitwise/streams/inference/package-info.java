/**
 * Calls the model from the stream threads: one {@link dev.exitwise.model.inference.TextClassifier} per stream
 * thread, a batch call with a row-by-row retry so one poisoned row cannot fail its batch, and the mapping of model
 * results to the Avro output records. Depends on the model's inference contract and the Avro classes, not on Kafka.
 */
package dev.exitwise.streams.inference;
