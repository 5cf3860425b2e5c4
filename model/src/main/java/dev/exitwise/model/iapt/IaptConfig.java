package dev.exitwise.model.iapt;

/**
 * Shape of an IAPT adapter.
 *
 * @param bottleneck width m of each generator's down-projection (default 32)
 * @param softPromptCount prompts generated per layer (4 in IAPT)
 * @param numeratorDegree degree of the rational activation's numerator (6)
 * @param denominatorDegree degree of its denominator (5)
 */
public record IaptConfig(int bottleneck, int softPromptCount, int numeratorDegree, int denominatorDegree) {
  /** The defaults of docs/algorithms.md §2.1 and §2.2: m = 32, 4 prompts, rational 6/5. */
  public static final IaptConfig DEFAULT = new IaptConfig(32, 4, 6, 5);

  public IaptConfig {
    if (bottleneck < 1 || softPromptCount < 1 || numeratorDegree < 0 || denominatorDegree < 1) {
      throw new IllegalArgumentException("bad IAPT configuration: " + bottleneck + "/" + softPromptCount + "/"
          + numeratorDegree + "/" + denominatorDegree);
    }
  }

  /** Trainable generator parameters per layer: down, pooling queries, rational, up, with biases. */
  public long generatorParametersPerLayer(int hidden) {
    long m = bottleneck;
    return hidden * m + m + softPromptCount * m + (numeratorDegree + 1) + denominatorDegree + m * hidden + hidden;
  }
}
