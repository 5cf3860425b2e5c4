package dev.exitwise.streams.inference;

import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One model version as the pool serves it: a classifier per model thread (made ahead, or by the factory when a
 * thread first asks), what the version serves, and a count of the model calls running on it. A generation that has
 * been replaced is retired: it closes its classifiers, releasing their native memory, once its last call is done.
 */
final class ModelGeneration {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelGeneration.class);

  private final Supplier<? extends TextClassifier> factory;
  private final Deque<TextClassifier> unclaimed;
  private final Map<Thread, TextClassifier> claimed = new LinkedHashMap<>();
  private final Set<TextClassifier> owned = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ModelVersionInfo info;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param factory makes a classifier of this version for a model thread that finds none made ahead
   * @param ready classifiers made ahead (at least one), handed to the first model threads that ask
   */
  ModelGeneration(Supplier<? extends TextClassifier> factory, java.util.List<? extends TextClassifier> ready) {
    if (ready.isEmpty()) {
      throw new IllegalArgumentException("a model generation needs a classifier");
    }
    this.factory = Objects.requireNonNull(factory, "factory");
    this.unclaimed = new ArrayDeque<>(ready);
    this.owned.addAll(ready);
    this.info = ModelVersionInfo.of(ready.get(0));
  }

  ModelVersionInfo info() {
    return info;
  }

  /** Counts a call in; false when the generation is retired (the caller takes the current one instead). */
  boolean enter() {
    calls.incrementAndGet();
    if (retired.get()) {
      exit();
      return false;
    }
    return true;
  }

  /** Counts a call out; the last call out of a retired generation closes it. */
  void exit() {
    if (calls.decrementAndGet() == 0 && retired.get()) {
      closeOnce();
    }
  }

  /** No new calls from now on; closes at once when no call is running. */
  void retire() {
    retired.set(true);
    if (calls.get() == 0) {
      closeOnce();
    }
  }

  /** The calling thread's classifier: its own, else one made ahead, else a new one from the factory. */
  synchronized TextClassifier classifierFor(Thread thread) {
    TextClassifier own = claimed.get(thread);
    if (own == null) {
      own = unclaimed.isEmpty() ? Objects.requireNonNull(factory.get(), "the classifier factory returned null")
          : unclaimed.poll();
      owned.add(own);
      claimed.put(thread, own);
    }
    return own;
  }

  /**
   * How many classifiers of this generation there are (those of the model threads that called, and those made ahead
   * for them): at least 1.
   */
  synchronized int threadCount() {
    return Math.max(1, owned.size());
  }

  /** Whether its classifiers have been closed. */
  boolean isClosed() {
    return closed.get();
  }

  private void closeOnce() {
    if (closed.compareAndSet(false, true)) {
      synchronized (this) {
        LOG.info("Released model version {} ({} classifiers): no call uses it any more", info.modelVersion(),
            owned.size());
        owned.forEach(TextClassifier::close);
        owned.clear();
        unclaimed.clear();
        claimed.clear();
      }
    }
  }
}
