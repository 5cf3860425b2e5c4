package dev.exitwise.streams;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the four record types, already configured (the topology does not configure them). Keys are
 * strings. In production these are the Confluent-wire-format serde over a schema registry, or the JSON serde for a
 * JSON topic (see {@link TopicFormats#over}); tests may pass others.
 */
public record TopologySerdes(Serde<TextEvent> textEvent, Serde<Classification> classification,
    Serde<ExitTelemetry> telemetry, Serde<ExitDepthStats> stats) {

  public TopologySerdes {
    Objects.requireNonNull(textEvent, "textEvent");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(stats, "stats");
  }

  /** Makes a configured value serde for one Avro record class. */
  public interface Factory {
    /** Returns a configured value serde for {@code type}. */
    <T extends org.apache.avro.specific.SpecificRecord> Serde<T> valueSerde(Class<T> type);
  }

  /** The four serdes from a factory. */
  public static TopologySerdes from(Factory factory) {
    return new TopologySerdes(factory.valueSerde(TextEvent.class), factory.valueSerde(Classification.class),
        factory.valueSerde(ExitTelemetry.class), factory.valueSerde(ExitDepthStats.class));
  }
}
