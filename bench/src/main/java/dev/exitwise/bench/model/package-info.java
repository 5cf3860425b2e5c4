/**
 * Throughput benchmarks of the backbone: the DJL encoder at full and half depth against ONNX Runtime running the
 * same ONNX file on the same ids and threads. Depends on {@code model.encoder} and ONNX Runtime; nothing else
 * depends on it.
 */
package dev.exitwise.bench.model;
