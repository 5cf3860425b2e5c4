package dev.exitwise.bench.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One measured configuration, as the {@code --json} file writes it.
 *
 * @param benchmark {@code classifier}, {@code quality} (full depth and the calibrated policy on the whole test
 *     split, for macro-F1; timed one after the other), {@code pipeline} or {@code compaction}
 * @param policy the exit policy's description ({@code full}, {@code static(6)}, {@code fpabee(jsd,mean,0.01,2)}),
 *     {@code configured} for each tenant's own policy, or {@code ort-full} / {@code ort-int8-full} for ONNX Runtime
 *     running the fp32 / int8 file
 * @param family {@code full}, {@code static}, {@code PABEE}, {@code F-PABEE}, {@code ORT}, {@code ORT-int8}, or
 *     {@code configured}
 * @param engine {@code DJL} (exitwise), {@code ORT} or {@code ORT-int8} (ONNX Runtime running the fp32 or the int8
 *     file: bare encoder plus tokenisation)
 * @param workload which rows: {@code emotions} (GoEmotions test texts: the first 1,280 for the classifier rows,
 *     all 5,427 for the quality rows), {@code mixed} (emotions and hostility rows
 *     alternating in every batch) or {@code grouped} (the same rows, each batch of one tenant)
 * @param batchSize rows per classify call
 * @param rows rows measured
 * @param eventsPerSecond rows divided by the summed batch times
 * @param meanExitLayer mean 1-based exit layer of the rows
 * @param macroF1 macro-F1 of this run's predictions on the primary tenant's rows; null where the engine makes no
 *     predictions (ORT)
 * @param p50Micros median latency of one batch (classifier) or one event (pipeline), microseconds
 * @param p99Micros 99th percentile of the same
 * @param speedupVsFullDepth events/s over DJL full depth's at the same batch size and workload, same run
 * @param speedupVsOrt events/s over ONNX Runtime fp32 full depth's at the same batch size, same run; null without
 *     ORT
 * @param speedupVsOrtInt8 the same against ONNX Runtime running the int8 file
 * @param macroF1ByTenant macro-F1 per tenant where the workload has several
 * @param overClassifier pipeline rows: events/s over the classifier alone on the same texts, batch size and policy
 *     in the same run; null elsewhere
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchRow(
    String benchmark,
    String policy,
    String family,
    String engine,
    String workload,
    int batchSize,
    int rows,
    double eventsPerSecond,
    double meanExitLayer,
    Double macroF1,
    long p50Micros,
    long p99Micros,
    Double speedupVsFullDepth,
    Double speedupVsOrt,
    Double speedupVsOrtInt8,
    Map<String, Double> macroF1ByTenant,
    Double overClassifier) {

  /** A copy with the three ratios set. */
  public BenchRow withRatios(Double vsFullDepth, Double vsOrt, Double vsOrtInt8) {
    return new BenchRow(benchmark, policy, family, engine, workload, batchSize, rows, eventsPerSecond,
        meanExitLayer, macroF1, p50Micros, p99Micros, vsFullDepth, vsOrt, vsOrtInt8, macroF1ByTenant,
        overClassifier);
  }
}
