/**
 * The micro-batcher: a Processor API node that keeps arriving events in a changelogged state store and hands them
 * to the model in batches, at the batch size or when the oldest has waited the maximum wait. Depends on Kafka
 * Streams and the inference package; not on Micrometer (it reports through {@link
 * dev.exitwise.streams.batching.BatchObserver}).
 */
package dev.exitwise.streams.batching;
