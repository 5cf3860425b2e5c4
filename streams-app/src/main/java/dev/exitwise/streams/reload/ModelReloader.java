package dev.exitwise.streams.reload;

import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.streams.inference.ClassifierPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a model directory's {@code current} pointer (see {@link ModelDirectory}) and swaps each newly published
 * version into the classifier pool without a restart. A new version is loaded beside the served one, one classifier
 * per model thread; it must pass {@link CandidateCheck} (complete files, the same backbone, a smoke classification
 * for every tenant) before the pool swaps to it between batches. A version that fails is refused with one log line,
 * {@link ClassifierPool#rejected} (a metric and the {@code /health} detail), and the served version keeps serving; it
 * is not tried again until the pointer moves on.
 *
 * <p>Polling a one-line pointer file is used rather than file-system events: it works the same on every file system
 * (network and container volumes included) and cannot miss an event.
 */
public final class ModelReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);
  private static final long STOP_SECONDS = 60;

  private final Path modelDir;
  private final ClassifierPool pool;
  private final Function<Path, ? extends TextClassifier> loader;
  private final ScheduledExecutorService poller;
  private final String servedBackbone;
  private String servedId;
  /** The last candidate refused ("version ID", or the pointer file): refused once, not again at every poll. */
  private String refused;

  private ModelReloader(Path modelDir, ModelDirectory.Version served, ClassifierPool pool,
      Function<Path, ? extends TextClassifier> loader) {
    this.modelDir = modelDir;
    this.pool = pool;
    this.loader = loader;
    this.servedId = served.id();
    this.servedBackbone = ModelDirectory.check(served.directory()).backboneIn(served.directory());
    this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "exitwise-model-reload");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts polling.
   *
   * @param modelDir the model directory
   * @param served the version the pool serves now (as {@link ModelDirectory#current} read it when it was loaded)
   * @param loader loads a model from a version directory
   * @param interval time between two reads of the pointer; positive
   */
  public static ModelReloader start(Path modelDir, ModelDirectory.Version served, ClassifierPool pool,
      Function<Path, ? extends TextClassifier> loader, Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("the reload interval must be positive: " + interval);
    }
    ModelReloader reloader = new ModelReloader(Objects.requireNonNull(modelDir), served, pool, loader);
    reloader.poller.scheduleWithFixedDelay(reloader::pollSafely, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info("Following {} for new model versions every {} ms (served: {})", modelDir.resolve(ModelDirectory.CURRENT),
        interval.toMillis(), served.id() == null ? "the unpublished layout in " + modelDir : "version " + served.id());
    return reloader;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException | Error e) {
      // an Error here (out of memory while loading) must not end the polling silently; the service goes on
      LOG.error("Model reload check failed unexpectedly; the served model stays", e);
    }
  }

  /** Reads the pointer once and takes up, or refuses, the version it names if it is new. */
  void poll() {
    ModelDirectory.Version candidate;
    try {
      candidate = ModelDirectory.current(modelDir);
    } catch (RuntimeException e) {
      refuse(modelDir.resolve(ModelDirectory.CURRENT).toString(), e);
      return;
    }
    if (candidate.id() != null && candidate.id().equals(servedId) && refused != null) {
      refused = null; // pointed back at the served version: nothing is refused any more
      pool.rejectionCleared();
    }
    if (candidate.id() == null || candidate.id().equals(servedId) || label(candidate).equals(refused)) {
      return;
    }
    List<TextClassifier> loaded = new ArrayList<>();
    try {
      long started = System.nanoTime();
      ModelManifest manifest = CandidateCheck.files(candidate.directory(), servedBackbone);
      int threads = pool.modelThreadCount();
      for (int i = 0; i < threads; i++) {
        TextClassifier classifier = Objects.requireNonNull(loader.apply(candidate.directory()), "the loader gave null");
        loaded.add(classifier);
        CandidateCheck.smoke(classifier);
      }
      Path from = candidate.directory();
      String before = pool.served().modelVersion();
      try {
        pool.swap(() -> loader.apply(from), loaded);
      } catch (RuntimeException refusedByPool) {
        loaded.clear(); // the pool has closed them
        throw refusedByPool;
      }
      servedId = candidate.id();
      refused = null;
      LOG.info("Serving model version {} (was {}): {} tenants {}, loaded and checked on {} model threads in {} ms",
          pool.served().modelVersion(), before, manifest.tenants().size(), pool.tenants(), threads,
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      loaded.forEach(TextClassifier::close);
      refuse(label(candidate), e);
    }
  }

  private static String label(ModelDirectory.Version version) {
    return "version " + version.id();
  }

  private void refuse(String candidate, RuntimeException problem) {
    if (candidate.equals(refused)) {
      return;
    }
    refused = candidate;
    String message = problem.getMessage() == null ? problem.toString() : problem.getMessage();
    LOG.warn("Refused model {} in {}: {}; still serving {}", candidate, modelDir, message,
        pool.served().modelVersion());
    pool.rejected(candidate, message);
  }

  /** Stops polling; a load in progress is finished (and, the pool being closed after, not swapped in). */
  @Override
  public void close() {
    poller.shutdown();
    try {
      if (!poller.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("The model reload was still loading after {} s", STOP_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
