package dev.exitwise.streams;

import dev.exitwise.streams.batching.BatchObserver;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.metrics.InfrastructureHealth;
import dev.exitwise.streams.metrics.PipelineMetrics;

/**
 * Passes what the pipeline reports on to the metrics (and each event's latency to the SLO controller), and tells {@link InfrastructureHealth} that the pipeline
 * made progress (a batch classified, a dead letter written): whatever it waited for is back.
 */
final class ProgressObserver implements BatchObserver, DeadLetterListener {
  private final PipelineMetrics metrics;
  private final InfrastructureHealth health;
  private final BatchObserver latencies;

  /** @param latencies told each event's latency (the SLO controller), or {@link BatchObserver#NONE} */
  ProgressObserver(PipelineMetrics metrics, InfrastructureHealth health, BatchObserver latencies) {
    this.metrics = metrics;
    this.health = health;
    this.latencies = latencies;
  }

  @Override
  public void onBatch(int rows, long inferenceMicros) {
    metrics.onBatch(rows, inferenceMicros);
    health.progressed();
  }

  @Override
  public void onClassified(String tenant, int exitLayer, long queueMicros, boolean truncated) {
    metrics.onClassified(tenant, exitLayer, queueMicros, truncated);
  }

  @Override
  public void onOutput(String tenant, long latencyMillis) {
    latencies.onOutput(tenant, latencyMillis);
  }

  @Override
  public void onModelAnswer(long waitMicros) {
    metrics.onModelAnswer(waitMicros);
  }

  @Override
  public void onPendingChange(int delta) {
    metrics.onPendingChange(delta);
  }

  @Override
  public void onDeadLetter(DeadLetterReason reason, String tenant) {
    metrics.onDeadLetter(reason, tenant);
    health.progressed();
  }

  @Override
  public void onDeadLetterLost() {
    metrics.onDeadLetterLost();
  }
}
