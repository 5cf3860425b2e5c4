package dev.exitwise.streams.inference;

import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One classifier per stream thread, since {@link TextClassifier} need not be thread-safe.
 *
 * <p>The first instance is made at construction, so a model that cannot load fails start-up and the tenants are
 * known before the topology is built; it is handed to the first stream thread that asks, and each further thread
 * gets its own from the factory.
 */
public final class ClassifierPool implements AutoCloseable {
  private final Supplier<? extends TextClassifier> factory;
  private final TextClassifier first;
  private final List<TextClassifier> created = new ArrayList<>();
  private final ThreadLocal<TextClassifier> perThread = new ThreadLocal<>();
  private boolean firstHandedOut;
  private boolean closed;

  /**
   * Makes the first classifier now.
   *
   * @param factory makes a classifier; called once now and once per further stream thread
   */
  public ClassifierPool(Supplier<? extends TextClassifier> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.first = Objects.requireNonNull(factory.get(), "the classifier factory returned null");
    created.add(first);
  }

  /** A pool over one given classifier, for a single stream thread (tests, the demo). */
  public static ClassifierPool of(TextClassifier classifier) {
    return new ClassifierPool(() -> classifier);
  }

  /** The classifier of the calling thread. */
  public TextClassifier forCurrentThread() {
    TextClassifier own = perThread.get();
    if (own == null) {
      own = claim();
      perThread.set(own);
    }
    return own;
  }

  private synchronized TextClassifier claim() {
    if (closed) {
      throw new IllegalStateException("the classifier pool is closed");
    }
    if (!firstHandedOut) {
      firstHandedOut = true;
      return first;
    }
    TextClassifier next = Objects.requireNonNull(factory.get(), "the classifier factory returned null");
    if (!created.contains(next)) {
      created.add(next);
    }
    return next;
  }

  /** The tenants the model serves. */
  public Set<String> tenants() {
    return first.tenants();
  }

  /** The backbone's layer count. */
  public int layerCount() {
    return first.layerCount();
  }

  /** Closes every classifier this pool made. Call after the Streams instance has closed. */
  @Override
  public synchronized void close() {
    closed = true;
    for (TextClassifier classifier : created) {
      classifier.close();
    }
    created.clear();
  }
}
