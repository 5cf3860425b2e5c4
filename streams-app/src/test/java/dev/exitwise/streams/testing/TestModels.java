package dev.exitwise.streams.testing;

import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.testing.TinyModels;
import java.util.function.Supplier;

/**
 * The classifier every streams-app test uses: the model module's tiny random-weight model ({@link
 * TinyModels#twoTenants}), a real 4-layer BERT with the real tokenizer, IAPT adapters and exit policy. Every
 * instance is built from the same seed, so any two give identical answers; tests compare the pipeline's output
 * with a second instance called directly.
 */
public final class TestModels {
  /** A tenant the test model serves (5 labels). */
  public static final String EMOTIONS = "emotions";
  /** Another tenant the test model serves (2 labels, as the packaged moderation data). */
  public static final String MODERATION = "moderation";
  /** The seed of every test model. */
  public static final long SEED = 20260101L;

  private TestModels() {}

  /** Makes a fresh tiny model on each call. */
  public static Supplier<TextClassifier> classifier() {
    return () -> TinyModels.twoTenants(SEED);
  }

  /** Makes a fresh tiny model wrapped in a {@link FaultInjectingClassifier} on each call. */
  public static Supplier<FaultInjectingClassifier> faultInjecting() {
    return () -> new FaultInjectingClassifier(TinyModels.twoTenants(SEED));
  }
}
