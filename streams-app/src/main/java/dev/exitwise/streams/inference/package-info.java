/**
 * Calls the model for the stream threads: a model thread per stream thread with its own {@link
 * dev.exitwise.model.inference.TextClassifier}, a batch call with a row-by-row retry so one poisoned row cannot fail
 * its batch, and the mapping of model results to the Avro output records. Depends on the model's inference contract
 * and the Avro classes, not on Kafka.
 */
package dev.exitwise.streams.inference;
