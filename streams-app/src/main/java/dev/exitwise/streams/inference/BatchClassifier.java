package dev.exitwise.streams.inference;

import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a batch on the calling stream thread's model thread (see {@link ClassifierPool}), with the exit policies
 * the pool's tenants are served at when the call starts ({@link ClassifierPool#chosenPolicies}). If the batch call
 * throws, every row is retried alone, so a row that breaks the model fails by itself and the others are still
 * classified.
 *
 * <p>Only {@link RuntimeException}s are caught: an {@link Error} (out of memory, a native crash) is not a property
 * of a row and must stop the stream thread.
 */
public final class BatchClassifier {
  private static final Logger LOG = LoggerFactory.getLogger(BatchClassifier.class);

  private final ClassifierPool pool;

  public BatchClassifier(ClassifierPool pool) {
    this.pool = pool;
  }

  /**
   * Hands the batch to the model thread.
   *
   * @return completes with one result per request, in request order, and the time the model took; completes
   *     exceptionally only with an {@link Error}
   */
  public CompletableFuture<ClassifiedBatch> submit(List<ClassifyRequest> batch) {
    return pool.submit(classifier -> classify(classifier, batch, pool.chosenPolicies()));
  }

  private static ClassifiedBatch classify(TextClassifier classifier, List<ClassifyRequest> batch,
      Map<String, ExitPolicy> policies) {
    long start = System.nanoTime();
    List<ClassifyResult> results;
    try {
      results = classifier.classify(batch, policies);
      if (results.size() != batch.size()) {
        throw new IllegalStateException(
            "the classifier returned " + results.size() + " results for " + batch.size() + " requests");
      }
    } catch (RuntimeException batchFailure) {
      LOG.warn("A batch of {} failed ({}); retrying its rows one by one", batch.size(), batchFailure.toString());
      List<RowResult> rows = classifyOneByOne(classifier, batch, policies);
      return new ClassifiedBatch(rows, (System.nanoTime() - start) / 1_000, ModelVersionInfo.of(classifier));
    }
    long micros = (System.nanoTime() - start) / 1_000;
    List<RowResult> rows = new ArrayList<>(batch.size());
    for (ClassifyResult result : results) {
      rows.add(new RowResult.Classified(result, micros, batch.size()));
    }
    return new ClassifiedBatch(rows, micros, ModelVersionInfo.of(classifier));
  }

  /**
   * A classified batch.
   *
   * @param rows one result per request, in request order
   * @param inferenceMicros wall-clock time of the model calls, the row-by-row retry included
   * @param version the model version that classified it, with its tenants' adapter versions
   */
  public record ClassifiedBatch(List<RowResult> rows, long inferenceMicros, ModelVersionInfo version) {}

  private static List<RowResult> classifyOneByOne(TextClassifier classifier, List<ClassifyRequest> batch,
      Map<String, ExitPolicy> policies) {
    List<RowResult> rows = new ArrayList<>(batch.size());
    for (ClassifyRequest request : batch) {
      long start = System.nanoTime();
      try {
        List<ClassifyResult> single = classifier.classify(List.of(request), policies);
        if (single.size() != 1) {
          throw new IllegalStateException("the classifier returned " + single.size() + " results for 1 request");
        }
        rows.add(new RowResult.Classified(single.get(0), (System.nanoTime() - start) / 1_000, 1));
      } catch (RuntimeException rowFailure) {
        rows.add(new RowResult.Failed(rowFailure));
      }
    }
    return rows;
  }
}
