package dev.exitwise.streams.telemetry;

import dev.exitwise.avro.ExitTelemetry;

/**
 * What the statistics windows take from one {@code ExitTelemetry} record: the value of the repartition topic that
 * groups telemetry by tenant, a few bytes instead of the whole Avro record.
 *
 * @param exitLayer the layer the event left at (1-based)
 * @param layerCount the model's layer count
 * @param latencyMillis from the event time to the processed time; an event time ahead of the service's clock
 *     (producer clock skew) counts as zero
 */
public record ExitSample(int exitLayer, int layerCount, long latencyMillis) {

  /** The sample of one telemetry record. */
  public static ExitSample of(ExitTelemetry telemetry) {
    long latencyMillis = telemetry.getProcessedTime().toEpochMilli() - telemetry.getEventTime().toEpochMilli();
    return new ExitSample(telemetry.getExitLayer(), telemetry.getLayerCount(), Math.max(0, latencyMillis));
  }
}
