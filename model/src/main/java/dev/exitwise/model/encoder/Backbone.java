package dev.exitwise.model.encoder;

/**
 * A loaded backbone, which owns both its parts: closing it frees them.
 *
 * @param encoder the frozen encoder
 * @param tokenizer the tokenizer of this backbone
 * @param id the reference it was loaded from: {@link Backbones#DEFAULT_ID} or a directory path
 */
public record Backbone(BertEncoder encoder, TextTokenizer tokenizer, String id) implements AutoCloseable {
  @Override
  public void close() {
    try {
      tokenizer.close();
    } finally {
      encoder.close();
    }
  }
}
