package dev.exitwise.streams.telemetry;

import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/** Adds {@code exit-telemetry} → tumbling windows per tenant → {@code exit-depth-stats} to a builder. */
public final class ExitDepthWindows {
  /**
   * The store of open windows (changelog {@code <application.id>-exit-depth-open-windows-changelog}). A new name:
   * the windowed store of earlier versions ({@code exit-depth-windows}) has another key format.
   */
  public static final String STORE = "exit-depth-open-windows";
  /** The store of the aggregation's stream time (changelog {@code <application.id>-exit-depth-time-changelog}). */
  public static final String TIME_STORE = "exit-depth-time";

  private ExitDepthWindows() {}

  /**
   * Adds the aggregation.
   *
   * @param telemetryTopic read from
   * @param statsTopic written to, keyed by tenant, one record per tenant and closed window
   */
  public static void addTo(StreamsBuilder builder, String telemetryTopic, String statsTopic,
      StatsSettings settings, Serde<ExitTelemetry> telemetrySerde, Serde<ExitDepthStats> statsSerde) {
    // Cached: a window's accumulator reaches the changelog once per commit, not once per event.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
            new ExitDepthAccumulatorSerde())
        .withLoggingEnabled(Map.of())
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TIME_STORE), Serdes.String(),
            Serdes.Long())
        .withLoggingEnabled(Map.of())
        .withCachingEnabled());
    builder.stream(telemetryTopic, Consumed.with(Serdes.String(), telemetrySerde)
            .withTimestampExtractor(processedTime())
            .withName("exit-telemetry-source"))
        // what crosses the repartition topic is the few numbers a window needs, not the whole Avro record: each
        // event's telemetry is written and read there once more, so its size and serde are paid per event
        .map((id, telemetry) -> KeyValue.pair(telemetry.getTenant(), ExitSample.of(telemetry)),
            Named.as("exit-telemetry-samples"))
        .repartition(Repartitioned.with(Serdes.String(), new ExitSampleSerde()).withName("exit-samples-by-tenant"))
        .process(() -> new ExitDepthWindowProcessor(settings, STORE, TIME_STORE), Named.as("exit-depth-aggregate"),
            STORE, TIME_STORE)
        .to(statsTopic, Produced.with(Serdes.String(), statsSerde).withName("exit-depth-stats-sink"));
  }

  /** Windows are in processing time: the telemetry's {@code processedTime}, not its record timestamp. */
  static TimestampExtractor processedTime() {
    return (record, partitionTime) -> record.value() instanceof ExitTelemetry telemetry
        ? telemetry.getProcessedTime().toEpochMilli()
        : record.timestamp();
  }
}
