package dev.exitwise.model.inference;

import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.exit.ExitPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classifier that passes every call to another one; decorators override only what they change (a benchmark
 * that must not let the service close its model, a test double that fails on chosen rows).
 */
public abstract class ForwardingTextClassifier implements TextClassifier {
  private final TextClassifier delegate;

  protected ForwardingTextClassifier(TextClassifier delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  /** The classifier calls go to. */
  protected final TextClassifier delegate() {
    return delegate;
  }

  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
    return delegate.classify(batch);
  }

  /**
   * With no policies chosen, {@link #classify(List)} (so that a decorator overriding only that one still applies);
   * otherwise the delegate's. A decorator that changes results under chosen policies too overrides this as well.
   */
  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch, Map<String, ExitPolicy> policies) {
    return policies.isEmpty() ? classify(batch) : delegate.classify(batch, policies);
  }

  @Override
  public List<ServingFront.Point> servingFront(String tenant) {
    return delegate.servingFront(tenant);
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
  public String adapterVersion(String tenant) {
    return delegate.adapterVersion(tenant);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
