package dev.exitwise.streams.telemetry;

import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/** Adds {@code exit-telemetry} → tumbling windows per tenant → {@code exit-depth-stats} to a builder. */
public final class ExitDepthWindows {
  /** The window store's name (its changelog is {@code <application.id>-exit-depth-windows-changelog}). */
  public static final String STORE = "exit-depth-windows";

  private ExitDepthWindows() {}

  /**
   * Adds the aggregation.
   *
   * @param telemetryTopic read from
   * @param statsTopic written to, keyed by tenant, one record per tenant and closed window
   */
  public static void addTo(StreamsBuilder builder, String telemetryTopic, String statsTopic,
      StatsSettings settings, Serde<ExitTelemetry> telemetrySerde, Serde<ExitDepthStats> statsSerde) {
    long windowMillis = settings.windowSize().toMillis();
    builder.stream(telemetryTopic, Consumed.with(Serdes.String(), telemetrySerde)
            .withTimestampExtractor(processedTime())
            .withName("exit-telemetry-source"))
        // what crosses the repartition topic is the few numbers a window needs, not the whole Avro record: each
        // event's telemetry is written and read there once more, so its size and serde are paid per event
        .map((id, telemetry) -> KeyValue.pair(telemetry.getTenant(), ExitSample.of(telemetry)),
            Named.as("exit-telemetry-samples"))
        .groupByKey(Grouped.with("exit-samples-by-tenant", Serdes.String(), new ExitSampleSerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(settings.windowSize(), settings.grace()))
        .emitStrategy(EmitStrategy.onWindowClose())
        .aggregate(ExitDepthAccumulator::new, (tenant, sample, accumulator) -> accumulator.add(sample),
            Named.as("exit-depth-aggregate"),
            Materialized.<String, ExitDepthAccumulator>as(Stores.inMemoryWindowStore(STORE,
                    settings.windowSize().plus(settings.grace()), settings.windowSize(), false))
                .withKeySerde(Serdes.String())
                .withValueSerde(new ExitDepthAccumulatorSerde()))
        .toStream(Named.as("exit-depth-closed-windows"))
        .map((window, accumulator) -> KeyValue.pair(window.key(),
                accumulator.toStats(window.key(), window.window().start(), window.window().start() + windowMillis)),
            Named.as("exit-depth-stats"))
        .to(statsTopic, Produced.with(Serdes.String(), statsSerde).withName("exit-depth-stats-sink"));
  }

  /** Windows are in processing time: the telemetry's {@code processedTime}, not its record timestamp. */
  static TimestampExtractor processedTime() {
    return (record, partitionTime) -> record.value() instanceof ExitTelemetry telemetry
        ? telemetry.getProcessedTime().toEpochMilli()
        : record.timestamp();
  }
}
