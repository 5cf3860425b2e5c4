/**
 * The frozen BERT-family backbone: an HF-exact forward pass written from DJL NDArray operations (embeddings,
 * post-LayerNorm layers with GELU-erf, soft prompts as extra attention keys and values), its tokenizer, and the
 * loaders for the default BGE-small ONNX file and for Hugging Face directories; optionally the large linear layers
 * in int8 through a TorchScript module compiled by DJL's PyTorch ({@code Int8Linears}). Depends on DJL (its PyTorch
 * engine for int8) and {@code model.io}; knows nothing of exits, prompt generators or Kafka.
 */
package dev.exitwise.model.encoder;
