package dev.exitwise.streams.telemetry;

import dev.exitwise.avro.ExitTelemetry;

/**
 * What the statistics windows take from one {@code ExitTelemetry} record: the value of the repartition topic that
 * groups telemetry by tenant, a few bytes instead of the whole Avro record.
 *
 * @param exitLayer the layer the event left at (1-based)
 * @param layerCount the model's layer count
 * @param latencyMillis from the event time to the processed time, within [0, {@link #MAX_LATENCY_MILLIS}]
 * @param policy the exit policy that decided, or null (telemetry written before the field)
 */
public record ExitSample(int exitLayer, int layerCount, long latencyMillis, String policy) {
  /**
   * The longest latency a sample records: a year. An event time further back, or any absurd one (a producer that
   * writes {@code Long.MIN_VALUE}), counts as this; an event time ahead of the service's clock (producer clock skew,
   * {@code Long.MAX_VALUE}) counts as zero. Before this bound, such times overflowed into a negative latency that
   * the histogram refused, and every such event became a processing-failure dead letter.
   */
  public static final long MAX_LATENCY_MILLIS = 365L * 24 * 3600 * 1000;

  /** The sample of one telemetry record. */
  public static ExitSample of(ExitTelemetry telemetry) {
    return new ExitSample(telemetry.getExitLayer(), telemetry.getLayerCount(),
        latencyMillis(telemetry.getEventTime().toEpochMilli(), telemetry.getProcessedTime().toEpochMilli()),
        telemetry.getPolicy());
  }

  /** {@code processed - event}, without overflow, clamped to [0, {@link #MAX_LATENCY_MILLIS}]. */
  public static long latencyMillis(long eventMillis, long processedMillis) {
    if (eventMillis >= processedMillis) {
      return 0;
    }
    long latency = processedMillis - eventMillis;
    // a negative difference here is an overflow: the true latency is beyond any bound
    return latency < 0 || latency > MAX_LATENCY_MILLIS ? MAX_LATENCY_MILLIS : latency;
  }
}
