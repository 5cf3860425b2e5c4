package dev.exitwise.model.encoder;

/**
 * A loaded backbone: the frozen encoder, the tokenizer that goes with it, and the reference it was loaded from.
 * Closing it frees both.
 */
public final class Backbone implements AutoCloseable {

  private final BertEncoder encoder;
  private final TextTokenizer tokenizer;
  private final String id;

  /** Takes ownership of both parts. */
  public Backbone(BertEncoder encoder, TextTokenizer tokenizer, String id) {
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.id = id;
  }

  /** The frozen encoder. */
  public BertEncoder encoder() {
    return encoder;
  }

  /** The tokenizer of this backbone. */
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The reference it was loaded from: {@link Backbones#DEFAULT_ID} or a directory path. */
  public String id() {
    return id;
  }

  @Override
  public void close() {
    try {
      tokenizer.close();
    } finally {
      encoder.close();
    }
  }
}
