package dev.exitwise.bench;

import ai.djl.Device;
import dev.exitwise.bench.model.BenchTenants;
import dev.exitwise.bench.model.BenchTexts;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.metrics.ResidentMemoryMetrics;
import dev.exitwise.streams.reload.ModelReloader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a live model swap costs the service: batches run back to back on a model thread of the service's
 * {@link ClassifierPool} while the {@link ModelReloader} takes up a newly published version of the same model, and
 * the process's resident set is sampled throughout. The new version is the served one published again (a new
 * revision, identical weights), so the swap does all a real one does (load a whole model beside the served one,
 * check it, swap, release the old one) and the batches before and after are comparable.
 *
 * <p>{@code java -jar bench/target/exitwise-bench.jar bench swap} (the committed model; about a minute).
 */
final class SwapBench {
  /** Polling interval of the reloader, as short as a real deployment could set it. */
  private static final Duration RELOAD_INTERVAL = Duration.ofMillis(100);
  private static final long RSS_SAMPLE_MILLIS = 20;

  /**
   * One batch as the driver saw it.
   *
   * @param startNanos when it was handed to the model thread
   * @param micros how long until its answer
   * @param modelVersion the version that answered
   */
  record Batch(long startNanos, long micros, String modelVersion) {}

  /**
   * One swap.
   *
   * @param loadMillis from the publish to the first batch on the new version (polling, loading, checking)
   * @param longestBatchMicros the longest batch from the publish until 2 s after the first batch on the new version
   * @param rssPeakMiB the highest resident set from the publish to the end of the round
   * @param rssEndMiB median resident set of the round's last 5 s
   * @param outsideHeapEndMiB median of the resident set less the JVM's committed heap, the round's last 5 s: the
   *     model's native memory and the JVM's own, without the heap, which the JVM does not give back once grown
   */
  record Round(long loadMillis, long longestBatchMicros, double rssPeakMiB, double rssEndMiB,
      double outsideHeapEndMiB) {}

  /**
   * The result.
   *
   * @param batchSize rows per batch
   * @param steadyP50Micros and {@code steadyMaxMicros}: batches before the first publish
   * @param rssBeforeMiB median resident set before the first publish; {@code outsideHeapBeforeMiB} the same less the
   *     committed heap
   * @param rounds one per swap
   * @param batches batches run in all
   */
  record Result(int batchSize, long steadyP50Micros, long steadyMaxMicros, double rssBeforeMiB,
      double outsideHeapBeforeMiB, List<Round> rounds, int batches) {}

  private SwapBench() {}

  /**
   * Runs batches for {@code before}, then {@code swaps} times: publishes, and runs batches until the new version has
   * answered for {@code after}.
   */
  static Result run(Path modelDir, Device device, int batchSize, Duration before, Duration after, int swaps)
      throws Exception {
    ModelDirectory.Version served = ModelDirectory.current(modelDir);
    List<long[]> rss = new CopyOnWriteArrayList<>(); // [nanos, resident bytes, committed heap bytes]
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try (ClassifierPool pool = new ClassifierPool(() -> ExitwiseModel.load(served.directory(), device));
        ModelReloader reloader = ModelReloader.start(modelDir, served, pool,
            directory -> ExitwiseModel.load(directory, device), RELOAD_INTERVAL)) {
      List<ClassifyRequest> texts;
      try (ExitwiseModel texter = ExitwiseModel.load(served.directory(), device)) {
        texts = BenchTexts.load(texter, BenchTenants.PRIMARY, Split.TEST, 4 * batchSize).requests();
      }
      System.gc();
      sampler.scheduleAtFixedRate(() -> rss.add(new long[] {System.nanoTime(),
          (long) ResidentMemoryMetrics.residentBytes(), Runtime.getRuntime().totalMemory()}), 0, RSS_SAMPLE_MILLIS,
          TimeUnit.MILLISECONDS);
      Driver driver = new Driver(pool, texts, batchSize);
      long until = System.nanoTime() + before.toNanos();
      while (System.nanoTime() < until) {
        driver.next();
      }
      List<Long> steady = driver.batches.stream().map(Batch::micros).sorted().toList();
      long firstPublish = System.nanoTime();
      List<Round> rounds = new ArrayList<>();
      for (int swap = 0; swap < swaps; swap++) {
        rounds.add(round(modelDir, driver, rss, after));
      }
      return new Result(batchSize, steady.get(steady.size() / 2), steady.get(steady.size() - 1),
          mib(median(rss, Long.MIN_VALUE, firstPublish, false)), mib(median(rss, Long.MIN_VALUE, firstPublish, true)),
          rounds, driver.batches.size());
    } finally {
      sampler.shutdownNow();
    }
  }

  private static Round round(Path modelDir, Driver driver, List<long[]> rss, Duration after) throws Exception {
    String old = driver.pool.served().modelVersion();
    long publishAt = System.nanoTime();
    ModelDirectory.publishManifest(modelDir, manifest -> manifest);
    long swappedAt = Long.MAX_VALUE;
    long longest = 0;
    while (swappedAt == Long.MAX_VALUE || System.nanoTime() < swappedAt + after.toNanos()) {
      Batch batch = driver.next();
      if (swappedAt == Long.MAX_VALUE && !batch.modelVersion().equals(old)) {
        swappedAt = batch.startNanos();
      }
      if (swappedAt == Long.MAX_VALUE || batch.startNanos() <= swappedAt + 2_000_000_000L) {
        longest = Math.max(longest, batch.micros());
      }
    }
    long end = System.nanoTime();
    long peak = rss.stream().filter(s -> s[0] >= publishAt).mapToLong(s -> s[1]).max().orElse(0);
    return new Round((swappedAt - publishAt) / 1_000_000, longest, mib(peak),
        mib(median(rss, end - 5_000_000_000L, end, false)), mib(median(rss, end - 5_000_000_000L, end, true)));
  }

  /** Runs batches back to back on the pool, as a stream thread hands them to its model thread. */
  private static final class Driver {
    final ClassifierPool pool;
    final List<ClassifyRequest> texts;
    final int batchSize;
    final List<Batch> batches = new ArrayList<>();

    Driver(ClassifierPool pool, List<ClassifyRequest> texts, int batchSize) {
      this.pool = pool;
      this.texts = texts;
      this.batchSize = batchSize;
    }

    Batch next() throws Exception {
      int from = (batches.size() * batchSize) % (texts.size() - batchSize);
      List<ClassifyRequest> batch = texts.subList(from, from + batchSize);
      long start = System.nanoTime();
      String version = pool.submit(classifier -> {
        classifier.classify(batch);
        return classifier.modelVersion();
      }).get(5, TimeUnit.MINUTES);
      Batch done = new Batch(start, (System.nanoTime() - start) / 1_000, version);
      batches.add(done);
      return done;
    }
  }

  /** The median resident set (less the committed heap when {@code outsideHeap}) of the samples in a time range. */
  private static long median(List<long[]> samples, long fromNanos, long toNanos, boolean outsideHeap) {
    List<Long> values = samples.stream().filter(s -> s[0] >= fromNanos && s[0] < toNanos)
        .map(s -> outsideHeap ? s[1] - s[2] : s[1]).sorted().toList();
    return values.isEmpty() ? 0 : values.get(values.size() / 2);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** A fresh model directory holding the committed model as its first published version. */
  static Path committedModelCopy() throws java.io.IOException {
    Path dir = Files.createTempDirectory("exitwise-swap-bench-");
    ExitwiseModel.publishDefault(dir);
    return dir;
  }
}
