package dev.exitwise.streams.inference;

import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs model calls for the stream threads: one classifier per model thread, since {@link TextClassifier} need not
 * be thread-safe, and (as the service ships) one model thread per stream thread, so that a stream thread reads,
 * forwards and commits while its model thread classifies the batch it handed over.
 *
 * <p>The first classifier is made at construction, so a model that cannot load fails start-up and the tenants are
 * known before the topology is built; it goes to the first model thread that asks, and each further model thread
 * gets its own from the factory.
 */
public final class ClassifierPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifierPool.class);
  private static final long WORKER_STOP_SECONDS = 60;

  /** Where a stream thread's model calls run. */
  public enum ModelCalls {
    /** On a model thread of the stream thread's own, started on its first call: the service. */
    ON_MODEL_THREAD,
    /**
     * On the stream thread itself, so that a call is finished when {@link #submit} returns: for {@code
     * TopologyTestDriver} tests, whose outputs must follow their inputs at once.
     */
    ON_STREAM_THREAD
  }

  private final Supplier<? extends TextClassifier> factory;
  private final ModelCalls modelCalls;
  private final TextClassifier first;
  private final List<TextClassifier> created = new ArrayList<>();
  private final ThreadLocal<TextClassifier> perThread = new ThreadLocal<>();
  private final List<ExecutorService> workers = new ArrayList<>();
  private final ThreadLocal<ExecutorService> workerOfThread = new ThreadLocal<>();
  private boolean firstHandedOut;
  private boolean closed;

  /**
   * Makes the first classifier now.
   *
   * @param factory makes a classifier; called once now and once per further model thread
   * @param modelCalls where model calls run
   */
  public ClassifierPool(Supplier<? extends TextClassifier> factory, ModelCalls modelCalls) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.modelCalls = Objects.requireNonNull(modelCalls, "modelCalls");
    this.first = Objects.requireNonNull(factory.get(), "the classifier factory returned null");
    created.add(first);
  }

  /** A pool with a model thread per stream thread, as the service ships. */
  public ClassifierPool(Supplier<? extends TextClassifier> factory) {
    this(factory, ModelCalls.ON_MODEL_THREAD);
  }

  /** A pool over one given classifier, for a single stream thread (tests, the demo, the benchmark). */
  public static ClassifierPool of(TextClassifier classifier) {
    return new ClassifierPool(() -> classifier);
  }

  /**
   * Runs {@code call} with the classifier of the calling stream thread's model thread.
   *
   * @return the call's result; completed exceptionally with whatever the call threw, {@link Error}s included
   * @throws IllegalStateException when the pool is closed
   */
  public <T> CompletableFuture<T> submit(Function<TextClassifier, T> call) {
    if (modelCalls == ModelCalls.ON_STREAM_THREAD) {
      try {
        return CompletableFuture.completedFuture(call.apply(forCurrentThread()));
      } catch (RuntimeException | Error failure) {
        return CompletableFuture.failedFuture(failure);
      }
    }
    return CompletableFuture.supplyAsync(() -> call.apply(forCurrentThread()), workerForCurrentThread());
  }

  private TextClassifier forCurrentThread() {
    TextClassifier own = perThread.get();
    if (own == null) {
      own = claim();
      perThread.set(own);
    }
    return own;
  }

  private ExecutorService workerForCurrentThread() {
    ExecutorService own = workerOfThread.get();
    if (own == null) {
      own = startWorker(Thread.currentThread().getName() + "-model");
      workerOfThread.set(own);
    }
    return own;
  }

  private synchronized ExecutorService startWorker(String name) {
    if (closed) {
      throw new IllegalStateException("the classifier pool is closed");
    }
    ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
    workers.add(worker);
    return worker;
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

  /**
   * Stops the model threads, letting the calls they hold finish, then closes every classifier this pool made. Call
   * after the Streams instance has closed. A classifier is left open (and a warning logged) when its model thread
   * is still busy after a minute, since closing a model under a running call would free memory it is using.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.forEach(ExecutorService::shutdown);
    for (ExecutorService worker : workers) {
      try {
        if (!worker.awaitTermination(WORKER_STOP_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("A model thread was still busy after {} s; leaving the classifiers open", WORKER_STOP_SECONDS);
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("Interrupted while waiting for the model threads; leaving the classifiers open");
        return;
      }
    }
    for (TextClassifier classifier : created) {
      classifier.close();
    }
    created.clear();
  }
}
