package dev.exitwise.streams;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.json.JsonRecordSerde;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * How the records on the topics are encoded: the input topic's {@code TextEvent}s, and the outputs'
 * {@code Classification}, {@code ExitTelemetry} and {@code ExitDepthStats} (exit-telemetry is read back by the
 * statistics, so it is always read in the format it is written in). Dead letters keep the input's bytes, so they
 * are in the input's format.
 *
 * @param input the format of {@code text-events}
 * @param output the format of {@code text-labels}, {@code exit-telemetry} and {@code exit-depth-stats}
 */
public record TopicFormats(Format input, Format output) {
  /** Avro in the Confluent wire format on every topic. */
  public static final TopicFormats DEFAULTS = new TopicFormats(Format.AVRO, Format.AVRO);

  /** An encoding of a topic's records. */
  public enum Format {
    /** Avro binary in the Confluent wire format (magic byte, schema id), with a schema registry. */
    AVRO,
    /** A plain UTF-8 JSON object with the record's fields (see {@link dev.exitwise.json.JsonRecordCodec}). */
    JSON;

    /** The value in configuration: {@code avro} or {@code json}. */
    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Every configuration value, for validators and help. */
    public static String[] configValues() {
      return Arrays.stream(values()).map(Format::configValue).toArray(String[]::new);
    }

    /**
     * The format a configuration value names, in any case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Format parse(String value) {
      for (Format format : values()) {
        if (format.configValue().equalsIgnoreCase(value.trim())) {
          return format;
        }
      }
      throw new IllegalArgumentException("unknown format '" + value + "'; the formats are "
          + String.join(", ", configValues()));
    }
  }

  public TopicFormats {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }

  /** Whether any topic is Avro, so that a schema registry is needed. */
  public boolean needsRegistry() {
    return input == Format.AVRO || output == Format.AVRO;
  }

  /** The format of the topic that carries {@code type}: the input for {@code TextEvent}, the output otherwise. */
  public Format of(Class<? extends SpecificRecord> type) {
    return type == TextEvent.class ? input : output;
  }

  /**
   * A serde factory that gives each record type the serde of its topic's format: JSON serdes made here, Avro
   * serdes from {@code avro} (which is asked for none when every topic is JSON).
   */
  public TopologySerdes.Factory over(TopologySerdes.Factory avro) {
    Objects.requireNonNull(avro, "avro");
    return new TopologySerdes.Factory() {
      @Override
      public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return of(type) == Format.JSON ? JsonRecordSerde.of(type) : avro.valueSerde(type);
      }
    };
  }
}
