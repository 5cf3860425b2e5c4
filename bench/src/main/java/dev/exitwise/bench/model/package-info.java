/**
 * Benchmarks of the model alone, no Kafka: the encoder against ONNX Runtime on the same ids, the classifier's
 * events/s and latency per exit policy and batch size, mixed-tenant batches, where a batch's time goes, and the
 * cost of compaction; a random-weight model of BGE-small's shape and the logit parity between devices or engines,
 * which need no weights files. Depends on the model module and ONNX Runtime; only {@code dev.exitwise.bench} depends on it.
 */
package dev.exitwise.bench.model;
