/**
 * Reading and writing weight files without their native libraries: safetensors (read and write) and the
 * initializers of an ONNX model (read, via protobuf's wire-level reader). Host tensors are {@link
 * dev.exitwise.model.io.Tensor} values; depends on nothing of the encoder, exits or Kafka.
 */
package dev.exitwise.model.io;
