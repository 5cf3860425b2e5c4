package dev.exitwise.model.runtime;

/**
 * The arithmetic of the encoder's linear layers, as a user chooses it: on the command line ({@code --precision}) or
 * in the setting {@code exitwise.model.precision}. Everything else (embeddings, attention, layer norms, soft prompts,
 * exit heads) stays in float32 either way.
 */
public enum Precision implements ConfigEnums {
  /** float32 weights and products, the encoder as published. */
  FP32,
  /**
   * int8 weights (one scale per output channel) and int8 products, the activations quantised on the fly before
   * each product (dynamic quantisation); CPU only. About a quarter of the weight bytes per layer, and several times
   * fewer cycles per product on CPUs with 8-bit dot-product instructions.
   */
  INT8;

  /**
   * Parses a configuration value, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException for null or anything but fp32 and int8, naming the value
   */
  public static Precision parse(String value) {
    return ConfigEnums.parse(Precision.class, "precision", value);
  }
}
