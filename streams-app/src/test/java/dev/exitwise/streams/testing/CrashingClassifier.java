package dev.exitwise.streams.testing;

import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import java.util.List;
import java.util.Set;

/**
 * Wraps a classifier and throws {@link SimulatedCrash}, an {@link Error}, on the first batch holding a text that
 * contains {@link #TRIGGER}. An Error is not a bad row: the service does not catch it, the stream thread dies.
 */
public final class CrashingClassifier implements TextClassifier {
  /** The text that brings the instance down. */
  public static final String TRIGGER = "CRASH-NOW";

  /** The simulated crash. */
  public static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash of the stream thread");
    }
  }

  private final TextClassifier delegate;
  private volatile boolean crashed;

  public CrashingClassifier(TextClassifier delegate) {
    this.delegate = delegate;
  }

  /** Whether the crash happened. */
  public boolean crashed() {
    return crashed;
  }

  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
    if (batch.stream().anyMatch(request -> request.text().contains(TRIGGER))) {
      crashed = true;
      throw new SimulatedCrash();
    }
    return delegate.classify(batch);
  }

  @Override
  public Set<String> tenants() {
    return delegate.tenants();
  }

  @Override
  public List<String> labels(String tenant) {
    return delegate.labels(tenant);
  }

  @Override
  public int layerCount() {
    return delegate.layerCount();
  }

  @Override
  public int maxTokens() {
    return delegate.maxTokens();
  }

  @Override
  public String modelVersion() {
    return delegate.modelVersion();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
