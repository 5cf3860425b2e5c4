package dev.exitwise.streams.testing;

import dev.exitwise.model.inference.TextClassifier;
import java.util.function.Supplier;

/**
 * The classifier every streams-app test uses. The one place to switch to the model module's tiny random-weight
 * model ({@code dev.exitwise.model.testing.TinyModels}) at merge; tests must not depend on which it is beyond the
 * tenants {@link #EMOTIONS} and {@link #HOSTILITY} and determinism.
 */
public final class TestModels {
  /** A tenant the test model serves. */
  public static final String EMOTIONS = "emotions";
  /** Another tenant the test model serves. */
  public static final String HOSTILITY = "hostility";

  private TestModels() {}

  /** Makes a fresh classifier. */
  public static Supplier<TextClassifier> classifier() {
    return KeywordClassifier::new;
  }
}
