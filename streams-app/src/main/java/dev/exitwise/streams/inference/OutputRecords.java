package dev.exitwise.streams.inference;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.LabelScore;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a model result to the records written to {@code text-labels} and {@code exit-telemetry}; both carry the
 * event's id, event time and attributes unchanged.
 */
public final class OutputRecords {
  private OutputRecords() {}

  /** The {@code text-labels} record of an event, naming the model and adapter version that classified it. */
  public static Classification classification(TextEvent event, ClassifyResult result, ModelVersionInfo version,
      long processedTimeMillis) {
    List<LabelScore> labels = new ArrayList<>(result.labels().size());
    for (dev.exitwise.model.inference.LabelScore label : result.labels()) {
      labels.add(new LabelScore(label.label(), label.score()));
    }
    return Classification.newBuilder()
        .setId(event.getId())
        .setTenant(result.tenant())
        .setLabels(labels)
        .setScores(result.scores() == null ? null : floats(result.scores()))
        .setExitLayer(result.exitLayer())
        .setLayerCount(result.layerCount())
        .setPolicy(result.policy())
        .setModelVersion(version.modelVersion())
        .setAdapterVersion(version.adapterVersion(result.tenant()))
        .setTruncated(result.truncated())
        .setEventTime(event.getEventTime())
        .setProcessedTime(Instant.ofEpochMilli(processedTimeMillis))
        .setAttributes(event.getAttributes())
        .build();
  }

  /** The {@code exit-telemetry} record of an event, naming the model and adapter version that classified it. */
  public static ExitTelemetry telemetry(TextEvent event, ClassifyResult result, ModelVersionInfo version,
      int batchSize, long queueMicros, long inferenceMicros, long processedTimeMillis) {
    return ExitTelemetry.newBuilder()
        .setId(event.getId())
        .setTenant(result.tenant())
        .setExitLayer(result.exitLayer())
        .setLayerCount(result.layerCount())
        .setDivergences(result.divergences() == null ? List.of() : floats(result.divergences()))
        .setBatchSize(batchSize)
        .setQueueMicros(queueMicros)
        .setInferenceMicros(inferenceMicros)
        .setEventTime(event.getEventTime())
        .setProcessedTime(Instant.ofEpochMilli(processedTimeMillis))
        .setAttributes(event.getAttributes())
        .setModelVersion(version.modelVersion())
        .setAdapterVersion(version.adapterVersion(result.tenant()))
        .setPolicy(result.policy())
        .build();
  }

  private static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float value : values) {
      list.add(value);
    }
    return list;
  }
}
