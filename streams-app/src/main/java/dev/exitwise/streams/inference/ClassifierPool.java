package dev.exitwise.streams.inference;

import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayList;
import dev.exitwise.model.exit.ExitPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>The model can be replaced while the service runs ({@link #swap}): the new version's classifiers are made
 * beforehand, and each model call takes the version that is current when it starts, so a batch runs wholly on one
 * version; calls already running finish on the old one, whose classifiers are closed (their native memory released)
 * when its last call is done.
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

  /** Told when the served model changes or a candidate is refused (metrics, health). */
  public interface Listener {
    /** The pool serves {@code now} instead of {@code before}. */
    default void onSwap(ModelVersionInfo before, ModelVersionInfo now) {}

    /** A candidate model ({@code candidate}: where it came from) was refused; the served model stays. */
    default void onRejected(String candidate, String problem) {}

    /** The refused candidate is no longer the newest (the pointer went back to the served version). */
    default void onRejectionCleared() {}
  }

  private final ModelCalls modelCalls;
  private volatile ModelGeneration current;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<ExecutorService> workers = new ArrayList<>();
  private final ThreadLocal<ExecutorService> workerOfThread = new ThreadLocal<>();
  private volatile String lastRejection;
  private volatile Map<String, ExitPolicy> chosenPolicies = Map.of();
  private boolean closed;

  /**
   * Makes the first classifier now.
   *
   * @param factory makes a classifier; called once now and once per further model thread
   * @param modelCalls where model calls run
   */
  public ClassifierPool(Supplier<? extends TextClassifier> factory, ModelCalls modelCalls) {
    this.modelCalls = Objects.requireNonNull(modelCalls, "modelCalls");
    Objects.requireNonNull(factory, "factory");
    this.current = new ModelGeneration(factory,
        List.of(Objects.requireNonNull(factory.get(), "the classifier factory returned null")));
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
   * Runs {@code call} with the classifier of the calling stream thread's model thread, of the model version current
   * when the call starts.
   *
   * @return the call's result; completed exceptionally with whatever the call threw, {@link Error}s included
   * @throws IllegalStateException when the pool is closed
   */
  public <T> CompletableFuture<T> submit(Function<TextClassifier, T> call) {
    if (modelCalls == ModelCalls.ON_STREAM_THREAD) {
      try {
        return CompletableFuture.completedFuture(onCurrentModel(call));
      } catch (RuntimeException | Error failure) {
        return CompletableFuture.failedFuture(failure);
      }
    }
    return CompletableFuture.supplyAsync(() -> onCurrentModel(call), workerForCurrentThread());
  }

  private <T> T onCurrentModel(Function<TextClassifier, T> call) {
    ModelGeneration generation = enterCurrent();
    try {
      return call.apply(generation.classifierFor(Thread.currentThread()));
    } finally {
      generation.exit();
    }
  }

  /** The current generation, counted in; retried when a swap retires it in between. */
  private ModelGeneration enterCurrent() {
    while (true) {
      ModelGeneration generation = current;
      if (generation.enter()) {
        return generation;
      }
      if (generation == current) {
        throw new IllegalStateException("the classifier pool is closed");
      }
    }
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

  /**
   * Serves another model version from the next model call on. The calls running now finish on the old version,
   * which is closed when the last of them is done.
   *
   * @param factory makes a classifier of the new version for a model thread that finds none in {@code ready}
   * @param ready classifiers of the new version made ahead, one per model thread (at least one)
   * @throws IllegalArgumentException when the new version has another layer count (another backbone)
   * @throws IllegalStateException when the pool is closed (the classifiers given are closed)
   */
  public void swap(Supplier<? extends TextClassifier> factory, List<? extends TextClassifier> ready) {
    ModelGeneration next = new ModelGeneration(factory, ready);
    ModelGeneration before;
    synchronized (this) {
      if (closed || next.info().layerCount() != current.info().layerCount()) {
        next.retire();
        if (closed) {
          throw new IllegalStateException("the classifier pool is closed");
        }
        throw new IllegalArgumentException("the new model has " + next.info().layerCount() + " layers, the served "
            + "one " + current.info().layerCount() + ": another backbone needs a new deployment");
      }
      before = current;
      current = next;
      lastRejection = null;
    }
    before.retire();
    listeners.forEach(listener -> listener.onSwap(before.info(), next.info()));
  }

  /**
   * Serves these exit policies instead of the tenants' own from the next model call on (an SLO controller moving
   * tenants along their fronts); a tenant not named keeps the policy its model version gives it. Empty: every tenant
   * is served as its model version says. A call takes the map that is current when it starts, as it takes the version.
   */
  public void choosePolicies(Map<String, ExitPolicy> policies) {
    chosenPolicies = Map.copyOf(policies);
  }

  /** The exit policies chosen for tenants now (see {@link #choosePolicies}). */
  public Map<String, ExitPolicy> chosenPolicies() {
    return chosenPolicies;
  }

  /** Records that a candidate model was refused, for the health endpoint and the listeners. */
  public void rejected(String candidate, String problem) {
    lastRejection = candidate + ": " + problem;
    listeners.forEach(listener -> listener.onRejected(candidate, problem));
  }

  /** Forgets the last refusal: the served version is the newest again. */
  public void rejectionCleared() {
    if (lastRejection != null) {
      lastRejection = null;
      listeners.forEach(Listener::onRejectionCleared);
    }
  }

  /** The last refused candidate and why, or null when the last change was taken (or none was refused). */
  public String lastRejection() {
    return lastRejection;
  }

  /** Adds a listener and tells it the version served now (as a swap from nothing). */
  public void addListener(Listener listener) {
    listeners.add(listener);
    listener.onSwap(null, current.info());
  }

  /** What is served now: the model version, the tenants and their adapter versions. */
  public ModelVersionInfo served() {
    return current.info();
  }

  /** How many model threads use the served version (at least 1): how many classifiers a swap should make ahead. */
  public int modelThreadCount() {
    return current.threadCount();
  }

  /** The tenants the model serves now. */
  public Set<String> tenants() {
    return current.info().tenants();
  }

  /** The backbone's layer count. */
  public int layerCount() {
    return current.info().layerCount();
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
    current.retire();
  }
}
